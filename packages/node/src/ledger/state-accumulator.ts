/**
 * The state root's accumulator: one LtHash for the long-lived tables, and one per open matching
 * window for the window-scoped tables (a window's orders and its (address, nonce) guards, keys
 * window(u64) ‖ …). A window's entries all go when the window closes, so its clearing block drops
 * that window's LtHash whole instead of removing its entries one by one (two SHAKE128 expansions
 * per order, more than half of a large clearing block's time before). The view checks that every
 * entry of the window is deleted by that block (`closeWindow`), so the dropped LtHash summed
 * exactly the entries that left the state.
 *
 * Root (docs/ledger.md, "State root"): with no window entries, sha256('leag/state-root/v1' ‖ main)
 * as before (genesis and order-free chains keep their roots); otherwise
 * sha256('leag/state-root/v2' ‖ main ‖ for each window w with entries, ascending: u64be(w) ‖ A_w).
 */
import { createHash } from 'node:crypto';
import { LeagError } from '@leag/core';
import { readU64be, u64be } from '../storage/bytes.js';
import { LtHash } from './lthash.js';
import { stateElement } from './state-element.js';
import { Table } from './state-tables.js';

/** The window of a window-scoped key (order, orderNonce), else null. */
export function windowOfKey(key: Uint8Array): bigint | null {
  const t = key[0];
  if ((t === Table.order || t === Table.orderNonce) && key.length >= 9) return readU64be(key, 1);
  return null;
}

interface WindowAcc {
  lanes: LtHash;
  /** Entries summed into `lanes`: the window's LtHash exists exactly while it has entries. */
  count: number;
}

export class StateAccumulator {
  private constructor(
    private readonly main: LtHash,
    private readonly windows: Map<bigint, WindowAcc>,
  ) {}

  static empty(): StateAccumulator {
    return new StateAccumulator(new LtHash(), new Map());
  }

  clone(): StateAccumulator {
    const w = new Map<bigint, WindowAcc>();
    for (const [k, a] of this.windows) w.set(k, { lanes: a.lanes.clone(), count: a.count });
    return new StateAccumulator(this.main.clone(), w);
  }

  add(key: Uint8Array, value: Uint8Array): void {
    const w = windowOfKey(key);
    if (w === null) {
      this.main.add(stateElement(key, value));
      return;
    }
    let a = this.windows.get(w);
    if (a === undefined) {
      a = { lanes: new LtHash(), count: 0 };
      this.windows.set(w, a);
    }
    a.lanes.add(stateElement(key, value));
    a.count++;
  }

  remove(key: Uint8Array, value: Uint8Array): void {
    const w = windowOfKey(key);
    if (w === null) {
      this.main.remove(stateElement(key, value));
      return;
    }
    const a = this.windows.get(w);
    if (a === undefined || a.count === 0)
      throw new LeagError('STATE_INTERNAL', `removing an entry of window ${w}, which has none in the accumulator`);
    a.count--;
    if (a.count === 0) this.windows.delete(w);
    else a.lanes.remove(stateElement(key, value));
  }

  /** Entries of window w summed in (0 when it has none). */
  windowEntries(w: bigint): number {
    return this.windows.get(w)?.count ?? 0;
  }

  /**
   * Drops window w's LtHash: its `deleted` entries leave the state in this block. Refused unless
   * that is every entry the accumulator holds for w (a closed window keeps nothing).
   */
  dropWindow(w: bigint, deleted: number): void {
    const have = this.windowEntries(w);
    if (have !== deleted)
      throw new LeagError(
        'STATE_INTERNAL',
        `window ${w} closes with ${have} entries in the state but ${deleted} deleted by its clearing block`,
      );
    this.windows.delete(w);
  }

  /** The 32-byte state root. */
  digest(): Uint8Array {
    if (this.windows.size === 0) return this.main.digest();
    const h = createHash('sha256').update('leag/state-root/v2').update(this.main.bytes());
    for (const w of [...this.windows.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      h.update(u64be(w)).update((this.windows.get(w) as WindowAcc).lanes.bytes());
    }
    const d = h.digest();
    return new Uint8Array(d.buffer, d.byteOffset, 32).slice();
  }
}
