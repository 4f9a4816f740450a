/**
 * Byte helpers for storage keys and records (big-endian, so byte order = numeric order). The generic
 * ones (concat, compare, equal, hex) are core's, re-exported so storage and ledger import one place.
 */
import { LeagError } from '@leag/core';

export { bytesEqual, compareBytes, concatBytes, toHex } from '@leag/core';

const U64_MAX = (1n << 64n) - 1n;

/** `width` fresh bytes, written big-endian by `set` through a DataView. */
function encodeBe(width: 4 | 8, set: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(width);
  set(new DataView(out.buffer));
  return out;
}

/** A view over `b` once it holds `width` bytes at `offset`, else STORE_CORRUPT. */
function viewFor(b: Uint8Array, offset: number, width: 4 | 8): DataView {
  if (b.length < offset + width)
    throw new LeagError('STORE_CORRUPT', `record too short for a u${8 * width} at ${offset} (length ${b.length})`);
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export function u64be(v: bigint): Uint8Array {
  if (v < 0n || v > U64_MAX) throw new LeagError('STORE_BAD_KEY', `u64 out of range: ${v} (allowed 0..2^64-1)`);
  return encodeBe(8, (d) => d.setBigUint64(0, v));
}

export function readU64be(b: Uint8Array, offset = 0): bigint {
  return viewFor(b, offset, 8).getBigUint64(offset);
}

export function u32be(v: number): Uint8Array {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new LeagError('STORE_BAD_KEY', `u32 out of range: ${v}`);
  return encodeBe(4, (d) => d.setUint32(0, v));
}

export function readU32be(b: Uint8Array, offset = 0): number {
  return viewFor(b, offset, 4).getUint32(offset);
}

/**
 * Decodes hex this node wrote itself (storage keys, ids) with Buffer's fast, lenient decoder; hex
 * from outside goes through core's strict `fromHex` (typed BYTES_HEX / BYTES_LENGTH errors).
 */
export const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

/** The smallest key greater than every key starting with `prefix` (for `lt` bounds). */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const out = prefix.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if ((out[i] as number) < 0xff) {
      out[i] = (out[i] as number) + 1;
      return out.subarray(0, i + 1);
    }
  }
  return new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
}
