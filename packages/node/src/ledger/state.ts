/**
 * The ledger state: key → value entries in a few tables (state-tables.ts), held in memory, mirrored
 * in the store's `state` bucket, and summarised by LtHash accumulators (state-accumulator.ts) whose
 * digest is the state root. A block never mutates it directly: it is applied on a StateView overlay
 * (state-view.ts), whose writes are committed to disk first and then merged here.
 */
import { LeagError } from '@leag/core';
import { bytesEqual, toHex } from '../storage/bytes.js';
import type { StateWrite } from '../storage/chain-store.js';
import { StateAccumulator, windowHexPrefix, windowOfKey } from './state-accumulator.js';
import { decodeTip, keys, Table } from './state-tables.js';
import { UtxoAddressIndex } from './utxo-index.js';

export { stateElement } from './state-element.js';

/**
 * UTXO-table changes the address index holds back before it is dropped instead (each keeps the
 * record it replaced alive until then): about 40 s of changes at 800 orders/s.
 */
export const INDEX_PENDING_MAX = 100_000;

/** The last applied block (not part of the state root: the root is inside that block's header). */
export interface LedgerHead {
  height: bigint;
  hash: Uint8Array;
  timestampMs: bigint;
}

export class LedgerState {
  head: LedgerHead = { height: -1n, hash: new Uint8Array(32), timestampMs: 0n };
  /** table byte → (hex of full key → [full key, value]). */
  private readonly tables = new Map<number, Map<string, [Uint8Array, Uint8Array]>>();
  private accumulator = StateAccumulator.empty();
  /** root() of the current accumulator (read per admitted tx through Ledger.head), until the next commit. */
  private rootCache: Uint8Array | null = null;
  private readonly derivedCache = new Map<string, unknown>();
  /** The UTXO table by address, built at the first read (utxosOf) and brought up to date at each read. */
  private utxoIndex: UtxoAddressIndex | null = null;
  /**
   * UTXO-table changes committed since the index was last read, in order: [hex key, the record it
   * replaced or undefined, the new record or null]. Applied at the next read, not in the commit:
   * a settling block's tens of thousands of coin changes cost the index nothing on the chain's
   * path (docs/performance.md). Past INDEX_PENDING_MAX the index is dropped and rebuilt at the next read.
   */
  private indexPending: [string, Uint8Array | undefined, Uint8Array | null][] = [];
  /** INDEX_PENDING_MAX, lowered by tests. */
  indexPendingMax = INDEX_PENDING_MAX;

  /**
   * Builds a state from stored entries (full keys), computing its accumulator. Entries of windows
   * the tip has settled are left out (the store deletes them after the clearing block, in the
   * background; a crash can leave some behind) and listed in `deadWindows` for the store to clear.
   */
  static fromEntries(entries: Iterable<[Uint8Array, Uint8Array]>): LedgerState {
    const s = new LedgerState();
    const all = Array.isArray(entries) ? (entries as [Uint8Array, Uint8Array][]) : [...entries];
    const tip = all.find(([k]) => bytesEqual(k, keys.tip()))?.[1];
    const lastSettled = tip === undefined ? 0n : decodeTip(tip).lastSettledWindow;
    for (const [k, v] of all) {
      if (k.length < 1) throw new LeagError('STORE_CORRUPT', 'empty state key');
      const w = windowOfKey(k);
      if (w !== null && w <= lastSettled) {
        s.deadWindows.add(w);
        continue;
      }
      s.table(k[0] as number).set(toHex(k), [k, v]);
      s.accumulator.add(k, v);
    }
    return s;
  }

  /** Closed windows whose entries were found in the store at open (fromEntries). */
  readonly deadWindows = new Set<bigint>();

  private table(t: number): Map<string, [Uint8Array, Uint8Array]> {
    let m = this.tables.get(t);
    if (m === undefined) {
      m = new Map();
      this.tables.set(t, m);
    }
    return m;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.tables.get(key[0] as number)?.get(toHex(key))?.[1];
  }

  /**
   * A value computed from this committed state (e.g. the decoded market-parameter updates, read
   * for every order), built once and dropped at the next commit. Callers must not mutate it.
   */
  derived<T>(name: string, build: () => T): T {
    if (this.derivedCache.has(name)) return this.derivedCache.get(name) as T;
    const v = build();
    this.derivedCache.set(name, v);
    return v;
  }

  /** get() for a key whose hex (and table, its first byte) the caller has already. */
  getByHex(table: number, hex: string): Uint8Array | undefined {
    return this.tables.get(table)?.get(hex)?.[1];
  }

  /** Entries of one table (unordered). */
  tableEntries(t: number): Iterable<[Uint8Array, Uint8Array]> {
    return this.tables.get(t)?.values() ?? [];
  }

  /** Entries of one table with their hex keys (unordered). */
  tableEntriesByHex(t: number): Iterable<[string, [Uint8Array, Uint8Array]]> {
    return this.tables.get(t)?.entries() ?? [];
  }

  /** The UTXO entries (full key, record) of an address, oldest first. */
  utxosOf(address: Uint8Array): [Uint8Array, Uint8Array][] {
    const t = this.table(Table.utxo);
    if (this.utxoIndex === null) this.utxoIndex = UtxoAddressIndex.of(t.entries());
    else
      for (const [hex, old, rec] of this.indexPending) {
        if (old !== undefined) this.utxoIndex.remove(hex, old);
        if (rec !== null) this.utxoIndex.add(hex, rec);
      }
    this.indexPending = [];
    const out: [Uint8Array, Uint8Array][] = [];
    for (const hex of this.utxoIndex.keysOf(address)) {
      const e = t.get(hex);
      if (e !== undefined) out.push(e);
    }
    return out;
  }

  tableSize(t: number): number {
    return this.tables.get(t)?.size ?? 0;
  }

  get acc(): StateAccumulator {
    return this.accumulator;
  }

  root(): Uint8Array {
    this.rootCache ??= this.accumulator.digest();
    return this.rootCache.slice();
  }

  /**
   * Merges committed writes and adopts the accumulator computed for them; the windows that
   * accumulator dropped (the block closed them) lose all their entries here.
   */
  commit(writes: StateWrite[], acc: StateAccumulator, head: LedgerHead): void {
    this.merge(writes, acc.dropped);
    this.advance(acc, head);
  }

  /**
   * The first half of commit: the block's writes into the tables (and the closed windows' entries
   * out of them). Until advance(), head and root are still the parent's (Ledger.commit merges while
   * the store writes the block, and advances once it is written).
   */
  merge(writes: readonly StateWrite[], dropped: readonly bigint[]): void {
    const ix = this.utxoIndex;
    for (const w of writes) {
      const table = w.key[0] as number;
      const t = this.table(table);
      const hex = w.hex ?? toHex(w.key);
      if (ix !== null && table === Table.utxo) this.indexPending.push([hex, t.get(hex)?.[1], w.value]);
      if (w.value === null) t.delete(hex);
      else t.set(hex, [w.key, w.value]);
    }
    const orders = this.tables.get(Table.order);
    if (dropped.length > 0 && orders !== undefined) {
      const closed = new Set(dropped.map(windowHexPrefix));
      for (const h of orders.keys()) if (closed.has(h.slice(0, 18))) orders.delete(h);
    }
    if (this.indexPending.length > this.indexPendingMax) {
      this.utxoIndex = null; // nobody read coins for a while: rebuilt from the table at the next read
      this.indexPending = [];
    }
    this.derivedCache.clear();
  }

  /** The second half of commit: the block's accumulator and head. */
  advance(acc: StateAccumulator, head: LedgerHead): void {
    this.head = { ...head };
    this.accumulator = acc.clone();
    this.rootCache = null;
    this.derivedCache.clear();
  }

  /** All entries (full key, value), for replay comparisons and tests. */
  *allEntries(): Iterable<[Uint8Array, Uint8Array]> {
    for (const t of this.tables.values()) yield* t.values();
  }
}
