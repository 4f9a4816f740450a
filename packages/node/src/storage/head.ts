/** The head pointer: height, block hash and state root of the last committed block. */
import { LeagError } from '@leag/core';
import { concatBytes, readU64be, u64be } from './bytes.js';
import type { Codec } from './repository.js';

export interface HeadRecord {
  height: bigint;
  hash: Uint8Array;
  stateRoot: Uint8Array;
}

export const headCodec: Codec<HeadRecord> = {
  encode: (h) => {
    if (h.hash.length !== 32 || h.stateRoot.length !== 32) {
      throw new LeagError(
        'STORE_BAD_RECORD',
        `head hash and state root must be 32 bytes (found ${h.hash.length}, ${h.stateRoot.length})`,
      );
    }
    return concatBytes(u64be(h.height), h.hash, h.stateRoot);
  },
  decode: (b) => {
    if (b.length !== 72) throw new LeagError('STORE_CORRUPT', `head record must be 72 bytes, found ${b.length}`);
    return { height: readU64be(b, 0), hash: b.slice(8, 40), stateRoot: b.slice(40, 72) };
  },
};
