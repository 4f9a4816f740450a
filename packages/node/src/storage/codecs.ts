/** Key and value codecs shared by the repositories (fixed-width big-endian integers). */
import { LeagError } from '@leag/core';
import { readU32be, readU64be, u32be, u64be } from './bytes.js';
import type { Codec } from './repository.js';

export const u64Codec: Codec<bigint> = {
  encode: (v) => u64be(v),
  decode: (b) => {
    if (b.length !== 8) throw new LeagError('STORE_CORRUPT', `expected an 8-byte integer, found ${b.length} bytes`);
    return readU64be(b);
  },
};

export interface TxLocation {
  height: bigint;
  position: number;
}

export const txLocationCodec: Codec<TxLocation> = {
  encode: (v) => {
    const out = new Uint8Array(12);
    out.set(u64be(v.height), 0);
    out.set(u32be(v.position), 8);
    return out;
  },
  decode: (b) => {
    if (b.length !== 12) throw new LeagError('STORE_CORRUPT', `tx index record must be 12 bytes, found ${b.length}`);
    return { height: readU64be(b, 0), position: readU32be(b, 8) };
  },
};

export const utf8Codec: Codec<string> = {
  encode: (s) => new TextEncoder().encode(s),
  decode: (b) => new TextDecoder().decode(b),
};
