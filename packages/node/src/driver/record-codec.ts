/**
 * Byte form of the consensus guard's SignedRecords in the WAL: JSON with bigint and byte-array
 * values tagged ({"$n": "12"}, {"$b": "hex"}). Local to one node (never hashed or sent), so a
 * self-describing form that round-trips PreparedProof and ViewChange (blocks included) is enough.
 */

import type { SignedRecord } from '@leag/consensus';
import { fromHex, LeagError, toHex } from '@leag/core';

export function encodeRecord(r: SignedRecord): Uint8Array {
  const text = JSON.stringify(r, (_k, v: unknown) => {
    if (typeof v === 'bigint') return { $n: v.toString() };
    if (v instanceof Uint8Array) return { $b: toHex(v) };
    return v;
  });
  return new TextEncoder().encode(text);
}

export function decodeRecord(b: Uint8Array): SignedRecord {
  try {
    return JSON.parse(new TextDecoder().decode(b), (_k, v: unknown) => {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        if (keys.length === 1 && typeof o.$n === 'string') return BigInt(o.$n);
        if (keys.length === 1 && typeof o.$b === 'string') return fromHex(o.$b);
      }
      return v;
    }) as SignedRecord;
  } catch (e) {
    throw new LeagError('STORE_CORRUPT', `a consensus WAL record does not decode: ${(e as Error).message}`);
  }
}
