/**
 * Which unspent coins each address holds: an index of the state's UTXO table by the address of
 * each record, for the API's balance and coin reads (a wallet asks for its coins before it spends
 * or merges them). Scanning and decoding the whole UTXO set for each such read (hundreds of
 * thousands of records after a few full windows) blocked a node's event loop for seconds while a
 * fleet's wallets asked at once, long enough for the view timers of every replica to fire
 * (docs/performance.md, "2026-12-07 (evening)"). Not part of the state root: a node builds it
 * from its state on the first read; LedgerState brings it up to date with the commits since at
 * each later read (LedgerState.utxosOf).
 */

import { toHex } from '../storage/bytes.js';
import { codecs } from './codec.js';

/**
 * The address of a UTXO record (a canonical TxOutput: protobuf fields 1 value, 2 energy_wh,
 * 3 address, 4 escrow_window, each at most once and in order), read without decoding the rest;
 * any other shape is decoded in full (which throws on a malformed record).
 */
export function recordAddress(rec: Uint8Array): Uint8Array {
  let at = 0;
  while (at < rec.length) {
    const tag = rec[at++] as number;
    if (tag === 0x08 || tag === 0x10 || tag === 0x20) {
      // a varint field: skip its bytes (at most 10, the last without the continuation bit)
      const end = Math.min(at + 10, rec.length);
      while (at < end && ((rec[at] as number) & 0x80) !== 0) at++;
      if (at === end) return decoded(rec);
      at++;
    } else if (tag === 0x1a) {
      const len = rec[at] as number;
      if (len === undefined || len >= 0x80 || at + 1 + len > rec.length) return decoded(rec);
      return rec.subarray(at + 1, at + 1 + len);
    } else return decoded(rec);
  }
  return new Uint8Array(0);
}

const decoded = (rec: Uint8Array): Uint8Array => codecs.TxOutput.decode(rec).address;

export class UtxoAddressIndex {
  /** address (hex) → hex keys of its records, in the order they were created. */
  private readonly byAddress = new Map<string, Set<string>>();

  /** The index of a table's entries (hex key → [key, record]). */
  static of(entries: Iterable<[string, [Uint8Array, Uint8Array]]>): UtxoAddressIndex {
    const ix = new UtxoAddressIndex();
    for (const [hex, [, rec]] of entries) ix.add(hex, rec);
    return ix;
  }

  add(hex: string, rec: Uint8Array): void {
    const a = toHex(recordAddress(rec));
    let s = this.byAddress.get(a);
    if (s === undefined) {
      s = new Set();
      this.byAddress.set(a, s);
    }
    s.add(hex);
  }

  remove(hex: string, rec: Uint8Array): void {
    const a = toHex(recordAddress(rec));
    const s = this.byAddress.get(a);
    if (s === undefined) return;
    s.delete(hex);
    if (s.size === 0) this.byAddress.delete(a);
  }

  /** Hex keys of an address's records (empty when it holds none). */
  keysOf(address: Uint8Array): Iterable<string> {
    return this.byAddress.get(toHex(address)) ?? [];
  }
}
