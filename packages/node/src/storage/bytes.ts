/** Small byte helpers for storage keys and records (big-endian, so byte order = numeric order). */
import { LeagError } from '@leag/core';

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const U64_MAX = (1n << 64n) - 1n;

export function u64be(v: bigint): Uint8Array {
  if (v < 0n || v > U64_MAX) throw new LeagError('STORE_BAD_KEY', `u64 out of range: ${v} (allowed 0..2^64-1)`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v);
  return out;
}

export function readU64be(b: Uint8Array, offset = 0): bigint {
  if (b.length < offset + 8)
    throw new LeagError('STORE_CORRUPT', `record too short for a u64 at ${offset} (length ${b.length})`);
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(offset);
}

export function u32be(v: number): Uint8Array {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new LeagError('STORE_BAD_KEY', `u32 out of range: ${v}`);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, v);
  return out;
}

export function readU32be(b: Uint8Array, offset = 0): number {
  if (b.length < offset + 4)
    throw new LeagError('STORE_CORRUPT', `record too short for a u32 at ${offset} (length ${b.length})`);
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(offset);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
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
