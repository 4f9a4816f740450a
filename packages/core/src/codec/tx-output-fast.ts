/**
 * The canonical encoding of a TxOutput written directly (protobuf: 1 value, 2 energy_wh, 3
 * address, 4 escrow_window; zero and empty fields left out, fields in number order), for the
 * ledger's UTXO records: every coin a block creates is encoded once as its state record, and a
 * clearing block creates one per matched pair and refund (tens of thousands at a full window),
 * where the general encoder (a wire object, then protobufjs) took about 20 µs each. Only plain
 * well-formed values take this path; anything else returns undefined and goes to the general
 * encoder, which gives the same bytes or its own error. Property-tested against it.
 */
import type { TxOutput } from '../gen/types.gen.js';

const U64_MAX = (1n << 64n) - 1n;

const isU64 = (v: unknown): v is bigint => typeof v === 'bigint' && v >= 0n && v <= U64_MAX;

/** Bytes of a uint64 varint. */
function varintSize(v: bigint): number {
  let n = 1;
  while (v >= 128n) {
    v >>= 7n;
    n++;
  }
  return n;
}

function writeVarint(out: Uint8Array, at: number, v: bigint): number {
  // values below 2^31 (most: energies, windows, many amounts) without bigint arithmetic per byte
  if (v < 0x80000000n) {
    let n = Number(v);
    while (n >= 128) {
      out[at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    out[at++] = n;
    return at;
  }
  while (v >= 128n) {
    out[at++] = Number(v & 0x7fn) | 0x80;
    v >>= 7n;
  }
  out[at++] = Number(v);
  return at;
}

const KEYS = new Set(['value', 'energyWh', 'address', 'escrowWindow']);

/** The canonical bytes of a plain, well-formed TxOutput; undefined for anything else. */
export function encodeTxOutputFast(o: unknown): Uint8Array | undefined {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
  const v = o as Partial<Record<keyof TxOutput, unknown>>;
  for (const k in v) if (!KEYS.has(k)) return undefined;
  const { value = 0n, energyWh = 0n, address = EMPTY, escrowWindow = 0n } = v;
  if (!isU64(value) || !isU64(energyWh) || !isU64(escrowWindow) || !(address instanceof Uint8Array)) return undefined;
  if (address.length >= 128) return undefined; // a one-byte length prefix below
  const size =
    (value === 0n ? 0 : 1 + varintSize(value)) +
    (energyWh === 0n ? 0 : 1 + varintSize(energyWh)) +
    (address.length === 0 ? 0 : 2 + address.length) +
    (escrowWindow === 0n ? 0 : 1 + varintSize(escrowWindow));
  const out = new Uint8Array(size);
  let at = 0;
  if (value !== 0n) {
    out[at++] = 0x08; // field 1, varint
    at = writeVarint(out, at, value);
  }
  if (energyWh !== 0n) {
    out[at++] = 0x10; // field 2, varint
    at = writeVarint(out, at, energyWh);
  }
  if (address.length > 0) {
    out[at++] = 0x1a; // field 3, length-delimited
    out[at++] = address.length;
    out.set(address, at);
    at += address.length;
  }
  if (escrowWindow !== 0n) {
    out[at++] = 0x20; // field 4, varint
    writeVarint(out, at, escrowWindow);
  }
  return out;
}

const EMPTY = new Uint8Array(0);
