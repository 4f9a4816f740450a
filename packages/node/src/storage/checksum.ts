/**
 * Checksummed records: value || first 4 bytes of sha256(key || value). Binding the key means a
 * record copied under the wrong key is caught too. Used for blocks, certificates and the head.
 */
import { createHash } from 'node:crypto';
import { LeagError } from '@leag/core';
import { bytesEqual, toHex } from './bytes.js';

const SUM_LEN = 4;

function sum(key: Uint8Array, value: Uint8Array): Uint8Array {
  const h = createHash('sha256').update(key).update(value).digest();
  return new Uint8Array(h.buffer, h.byteOffset, SUM_LEN);
}

export function seal(key: Uint8Array, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(value.length + SUM_LEN);
  out.set(value, 0);
  out.set(sum(key, value), value.length);
  return out;
}

/** Checks and strips the checksum; a mismatch is STORE_CORRUPT naming the key. */
export function unseal(key: Uint8Array, record: Uint8Array): Uint8Array {
  if (record.length < SUM_LEN) {
    throw new LeagError(
      'STORE_CORRUPT',
      `record under key ${toHex(key)} is ${record.length} bytes, shorter than its checksum`,
      { key: toHex(key) },
    );
  }
  const value = record.subarray(0, record.length - SUM_LEN);
  if (!bytesEqual(sum(key, value), record.subarray(record.length - SUM_LEN))) {
    throw new LeagError('STORE_CORRUPT', `checksum mismatch in record under key ${toHex(key)}: the store is corrupt`, {
      key: toHex(key),
    });
  }
  return value;
}
