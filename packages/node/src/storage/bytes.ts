/**
 * Byte helpers for storage keys and records (big-endian, so byte order = numeric order). The generic
 * ones (concat, compare, equal, hex) are core's, re-exported so storage and ledger import one place.
 */
import { LeagError } from '@leag/core';

export { bytesEqual, compareBytes, concatBytes, toHex } from '@leag/core';

const U64_MAX = (1n << 64n) - 1n;
const TWO_32 = 0x1_0000_0000;

/**
 * Writes `v` big-endian at `offset` of `out` (ranges checked by the callers): byte shifts on two
 * 32-bit halves, no DataView or closure per call. Every state key and store key is built with
 * these, several per order (the ledger's hot path).
 */
function writeU32(out: Uint8Array, offset: number, v: number): void {
  out[offset] = v >>> 24;
  out[offset + 1] = (v >>> 16) & 0xff;
  out[offset + 2] = (v >>> 8) & 0xff;
  out[offset + 3] = v & 0xff;
}

function checkU64(v: bigint): void {
  if (v < 0n || v > U64_MAX) throw new LeagError('STORE_BAD_KEY', `u64 out of range: ${v} (allowed 0..2^64-1)`);
}

function checkU32(v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new LeagError('STORE_BAD_KEY', `u32 out of range: ${v}`);
}

/** Writes a u64 big-endian into `out` at `offset`; STORE_BAD_KEY outside 0..2^64-1. */
export function putU64be(out: Uint8Array, offset: number, v: bigint): void {
  checkU64(v);
  // below 2^53 the halves come from one Number (no BigInt arithmetic); above, from BigInt shifts
  if (v <= 0x1f_ffff_ffff_ffffn) {
    const n = Number(v);
    writeU32(out, offset, Math.floor(n / TWO_32));
    writeU32(out, offset + 4, n >>> 0);
  } else {
    writeU32(out, offset, Number(v >> 32n));
    writeU32(out, offset + 4, Number(v & 0xffff_ffffn));
  }
}

/** Writes a u32 big-endian into `out` at `offset`; STORE_BAD_KEY outside 0..2^32-1. */
export function putU32be(out: Uint8Array, offset: number, v: number): void {
  checkU32(v);
  writeU32(out, offset, v);
}

/** STORE_CORRUPT unless `b` holds `width` bytes at `offset`. */
function checkRoom(b: Uint8Array, offset: number, width: 4 | 8): void {
  if (!(offset >= 0) || b.length < offset + width)
    throw new LeagError('STORE_CORRUPT', `record too short for a u${8 * width} at ${offset} (length ${b.length})`);
}

const readU32 = (b: Uint8Array, o: number): number =>
  (b[o] as number) * 0x100_0000 + (((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number));

export function u64be(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  putU64be(out, 0, v);
  return out;
}

export function readU64be(b: Uint8Array, offset = 0): bigint {
  checkRoom(b, offset, 8);
  const hi = readU32(b, offset);
  const lo = readU32(b, offset + 4);
  // windows, nonces and heights fit 2^53: one BigInt instead of three
  return hi < 0x20_0000 ? BigInt(hi * TWO_32 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

export function u32be(v: number): Uint8Array {
  const out = new Uint8Array(4);
  putU32be(out, 0, v);
  return out;
}

export function readU32be(b: Uint8Array, offset = 0): number {
  checkRoom(b, offset, 4);
  return readU32(b, offset);
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
