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
import type { LedgerState } from './state.js';
import { type StateAccumulator, windowOfKey } from './state-accumulator.js';

export class StateView {
  private readonly writes = new Map<string, [Uint8Array, Uint8Array | null]>();
  private readonly byTable = new Map<number, Map<string, [Uint8Array, Uint8Array | null]>>();
  /** Windows whose entries this block deletes all of (closeWindow). */
  private readonly closing = new Set<bigint>();

  constructor(
    readonly base: LedgerState,
    private readonly parent?: StateView,
  ) {}

  get(key: Uint8Array): Uint8Array | undefined {
    const w = this.writes.get(toHex(key));
    if (w !== undefined) return w[1] ?? undefined;
    return this.parent === undefined ? this.base.get(key) : this.parent.get(key);
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  private write(h: string, key: Uint8Array, value: Uint8Array | null): void {
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

  /** Current entries of one table, sorted by key. */
  tableEntries(t: number): [Uint8Array, Uint8Array][] {
    const out = this.tableByHex(t);
    // lowercase hex strings sort as their bytes do (compareBytes order), and string sort is faster
    return [...out.keys()].sort().map((h) => out.get(h) as [Uint8Array, Uint8Array]);
  }

  private tableByHex(t: number): Map<string, [Uint8Array, Uint8Array]> {
    const out = this.parent === undefined ? new Map(this.base.tableEntriesByHex(t)) : this.parent.tableByHex(t);
    for (const [h, [k, v]] of this.byTable.get(t) ?? []) {
      if (v === null) out.delete(h);
      else out.set(h, [k, v]);
    }
    return out;
  }

  /**
   * Marks window w as closed by this block: every entry of its window-scoped tables must be deleted
   * in this view, and finish() drops the window's LtHash whole instead of removing them one by one.
   */
  closeWindow(w: bigint): void {
    if (this.parent !== undefined) this.parent.closeWindow(w);
    else this.closing.add(w);
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
    /** Entries of each closing window that were in the state and are deleted here. */
    const dropped = new Map<bigint, number>();
    // sorted by key: hex order is byte order (see tableEntries)
    for (const h of [...this.writes.keys()].sort()) {
      const [key, value] = this.writes.get(h) as [Uint8Array, Uint8Array | null];
      const old = this.base.get(key);
      if (old === undefined && value === null) continue;
      const w = this.closing.size === 0 ? null : windowOfKey(key);
      if (w !== null && this.closing.has(w)) {
        if (value !== null)
          throw new LeagError('STATE_INTERNAL', `a block that closes window ${w} writes an entry of that window`);
        dropped.set(w, (dropped.get(w) ?? 0) + 1);
      } else {
        if (old !== undefined) acc.remove(key, old);
        if (value !== null) acc.add(key, value);
      }
      writes.push({ key, value });
    }
    for (const w of this.closing) acc.dropWindow(w, dropped.get(w) ?? 0);
    return { writes, acc };
  }
}
