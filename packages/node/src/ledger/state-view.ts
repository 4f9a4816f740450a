/**
 * A copy-on-write overlay over a LedgerState: reads fall through to the base, writes stay here.
 * `finish()` computes the new accumulator from the base values and the final values of the
 * written keys only (an entry created and deleted within the block costs nothing).
 * Writes are also indexed by table (the key's first byte), so `tableEntries(t)` costs the table's
 * size plus this block's writes TO THAT TABLE: reading the small parameter table for every order
 * used to walk every write of the block, quadratic in the block's size (a block of a few thousand
 * orders took tens of seconds to build and to validate).
 */
import { LeagError } from '@leag/core';
import { toHex } from '../storage/bytes.js';
import type { StateWrite } from '../storage/chain-store.js';
import type { AheadWrites } from './ahead-writes.js';
import type { LedgerState } from './state.js';
import { type StateAccumulator, windowHexPrefix, windowOfKey } from './state-accumulator.js';
import { Table } from './state-tables.js';

export class StateView {
  private readonly writes = new Map<string, [Uint8Array, Uint8Array | null]>();
  private readonly byTable = new Map<number, Map<string, [Uint8Array, Uint8Array | null]>>();
  /** Windows this block closes (closeWindow), shared by the root view and its forks. */
  private readonly closing: Set<bigint>;
  /** Entries this view added to each window (window-scoped keys new here), for windowCount. */
  private readonly addedToWindow = new Map<bigint, number>();
  /**
   * Writes whose accumulator change was computed ahead (putAhead), on a root view: read after this
   * view's own writes and before the base; their deltas replace per-entry hashing in finish().
   */
  private readonly segments: AheadWrites[] = [];

  constructor(
    readonly base: LedgerState,
    private readonly parent?: StateView,
  ) {
    this.closing = parent?.closing ?? new Set();
  }

  /** An entry of a window this block closes: gone, whatever the base holds. */
  private closed(key: Uint8Array): boolean {
    if (this.closing.size === 0) return false;
    const w = windowOfKey(key);
    return w !== null && this.closing.has(w);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    if (this.closed(key)) return undefined;
    return this.lookup(toHex(key), key[0] as number);
  }

  /** The value under hex key `h` (of table `t`) through this view, its parents and the base. */
  private lookup(h: string, t: number): Uint8Array | undefined {
    const w = this.writes.get(h);
    if (w !== undefined) return w[1] ?? undefined;
    if (this.parent !== undefined) return this.parent.lookup(h, t);
    const a = this.segmentEntry(h);
    return a === undefined ? this.base.getByHex(t, h) : (a[1] ?? undefined);
  }

  private segmentEntry(h: string): readonly [Uint8Array, Uint8Array | null] | undefined {
    for (const s of this.segments) {
      const e = s.entries.get(h);
      if (e !== undefined) return e;
    }
    return undefined;
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  private write(h: string, key: Uint8Array, value: Uint8Array | null): void {
    const w = windowOfKey(key);
    if (w !== null) {
      const had = !this.closing.has(w) && this.lookup(h, key[0] as number) !== undefined;
      const delta = (value !== null ? 1 : 0) - (had ? 1 : 0);
      if (delta !== 0) this.addedToWindow.set(w, (this.addedToWindow.get(w) ?? 0) + delta);
    }
    this.writes.set(h, [key, value]);
    const t = key[0] as number;
    let m = this.byTable.get(t);
    if (m === undefined) {
      m = new Map();
      this.byTable.set(t, m);
    }
    m.set(h, [key, value]);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.write(toHex(key), key, value);
  }

  delete(key: Uint8Array): void {
    this.write(toHex(key), key, null);
  }

  /**
   * Writes of the long-lived tables whose accumulator change is known (a settlement computed
   * ahead, prepared once: ahead-writes.ts): its deleted keys (present in the base) go, its created
   * entries (absent from the base) come, and its delta is Σ created − Σ deleted as LtHash lanes.
   * They are checked against the state here and read in place, not copied into this view. Only on
   * a root view. A later write in the same block to one of these keys is still accounted exactly
   * (finish()).
   */
  putAhead(a: AheadWrites): void {
    if (this.parent !== undefined) throw new LeagError('STATE_INTERNAL', 'putAhead() is only for a root view');
    for (const [h, [key, value]] of a.entries) {
      const inBase = this.base.getByHex(key[0] as number, h) !== undefined;
      if (
        windowOfKey(key) !== null ||
        this.writes.has(h) ||
        this.segmentEntry(h) !== undefined ||
        inBase !== (value === null)
      )
        throw new LeagError(
          'STATE_INTERNAL',
          value === null
            ? `a change computed ahead deletes ${h}, which the block state does not hold as expected`
            : `a change computed ahead creates ${h}, which the block state already holds`,
        );
    }
    this.segments.push(a);
  }

  /** Whether this view or a parent view has written to table t (else its entries are the base's). */
  wroteTable(t: number): boolean {
    return (
      (this.byTable.get(t)?.size ?? 0) > 0 ||
      this.segments.some((a) => a.tables.has(t)) ||
      (this.parent?.wroteTable(t) ?? false)
    );
  }

  /** Current entries of one table, sorted by key. */
  tableEntries(t: number): [Uint8Array, Uint8Array][] {
    const out = this.tableByHex(t);
    // lowercase hex strings sort as their bytes do (compareBytes order), and string sort is faster
    return [...out.keys()].sort().map((h) => out.get(h) as [Uint8Array, Uint8Array]);
  }

  /** Current orders of window w (order table entries), sorted by key. */
  windowEntries(w: bigint): [Uint8Array, Uint8Array][] {
    // lowercase hex strings sort as their bytes do
    return this.windowByHex(w)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, e]) => e);
  }

  /** The values of window w's entries in no particular order (a closed window's book, read whole). */
  windowValues(w: bigint): Uint8Array[] {
    return this.windowByHex(w).map(([, [, v]]) => v);
  }

  /**
   * Window w's entries with their hex keys, unordered: read straight from the committed state when
   * this view has not touched the order table (no copy of a table of tens of thousands of orders).
   */
  private windowByHex(w: bigint): [string, [Uint8Array, Uint8Array]][] {
    const prefix = windowHexPrefix(w);
    const all =
      this.parent === undefined && this.closing.size === 0 && !this.wroteTable(Table.order)
        ? this.base.tableEntriesByHex(Table.order)
        : this.tableByHex(Table.order).entries();
    const out: [string, [Uint8Array, Uint8Array]][] = [];
    for (const e of all) if (e[0].startsWith(prefix)) out.push(e);
    return out;
  }

  private tableByHex(t: number): Map<string, [Uint8Array, Uint8Array]> {
    const out = this.parent === undefined ? new Map(this.base.tableEntriesByHex(t)) : this.parent.tableByHex(t);
    for (const a of this.segments) {
      if (!a.tables.has(t)) continue;
      for (const [h, [k, v]] of a.entries) {
        if (k[0] !== t) continue;
        if (v === null) out.delete(h);
        else out.set(h, [k, v]);
      }
    }
    for (const [h, [k, v]] of this.byTable.get(t) ?? []) {
      if (v === null) out.delete(h);
      else out.set(h, [k, v]);
    }
    if (this.closing.size > 0 && t === Table.order) for (const [h, [k]] of out) if (this.closed(k)) out.delete(h);
    return out;
  }

  /**
   * Closes window w in this block: every entry of its window-scoped tables leaves the state at
   * once (reads see none from here on); finish() drops the window's LtHash and LedgerState.commit
   * its entries, without a write per entry. Writing an entry of w after this is refused.
   */
  closeWindow(w: bigint): void {
    this.closing.add(w);
  }

  /** Entries of window w in this view (the window's orders): the state's count plus this block's. */
  windowCount(w: bigint): number {
    if (this.closing.has(w)) return 0;
    const below = this.parent === undefined ? this.base.acc.windowEntries(w) : this.parent.windowCount(w);
    return below + (this.addedToWindow.get(w) ?? 0);
  }

  /** A nested overlay (for trying one tx and dropping it if invalid). */
  fork(): StateView {
    return new StateView(this.base, this);
  }

  /** Adopts the writes of a fork that succeeded. */
  adopt(child: StateView): void {
    for (const [h, [k, v]] of child.writes) this.write(h, k, v);
  }

  /** The net writes, sorted by key, and the accumulator after them. */
  finish(): { writes: StateWrite[]; acc: StateAccumulator } {
    if (this.parent !== undefined)
      throw new LeagError('STATE_INTERNAL', 'finish() is only for a root view: adopt() a fork into its parent');
    const acc = this.base.acc.clone();
    const writes: StateWrite[] = [];
    for (const h of this.writtenKeys()) {
      const own = this.writes.get(h);
      const pre = this.segments.length === 0 ? undefined : this.segmentEntry(h);
      const [key, value] = (own ?? pre) as readonly [Uint8Array, Uint8Array | null];
      if (this.closed(key)) {
        if (value !== null)
          throw new LeagError('STATE_INTERNAL', `a block that closes window ${windowOfKey(key)} writes an entry of it`);
        continue; // deleted with the whole window
      }
      const old = this.base.getByHex(key[0] as number, h);
      if (pre === undefined) {
        if (old !== undefined) acc.remove(key, old);
        if (value !== null) acc.add(key, value);
      } else if (value !== pre[1]) {
        // rewritten after the change computed ahead: take its summed value back out, then count
        // the final one (the base value's removal is in the delta already)
        if (pre[1] !== null) acc.remove(key, pre[1]);
        if (value !== null) acc.add(key, value);
      }
      if (old === undefined && value === null) continue;
      writes.push({ key, value, hex: h });
    }
    for (const a of this.segments) acc.addMainDelta(a.delta);
    for (const w of [...this.closing].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) acc.dropWindow(w);
    return { writes, acc };
  }

  /**
   * Every key this root view writes, sorted (hex order is byte order): its own writes sorted, merged
   * with the sorted keys of a change computed ahead (prepared sorted: not sorted again here).
   */
  private writtenKeys(): string[] {
    const own = [...this.writes.keys()].sort();
    if (this.segments.length === 0) return own;
    if (this.segments.length > 1) {
      const all = new Set(own);
      for (const a of this.segments) for (const h of a.sorted) all.add(h);
      return [...all].sort();
    }
    const ahead = (this.segments[0] as AheadWrites).sorted;
    const out: string[] = [];
    let i = 0;
    let j = 0;
    while (i < own.length || j < ahead.length) {
      const a = own[i];
      const b = ahead[j];
      if (b === undefined || (a !== undefined && a < b)) {
        out.push(a as string);
        i++;
      } else if (a === undefined || b < a) {
        out.push(b);
        j++;
      } else {
        out.push(a);
        i++;
        j++;
      }
    }
    return out;
  }
}
