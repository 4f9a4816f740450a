/**
 * The state root's accumulator: one LtHash for the long-lived tables, and one per open matching
 * window for the window-scoped table (a window's orders, keys window(u64) ‖ address ‖ nonce). A window's entries all leave the state when the window closes, so its clearing
 * block drops that window's LtHash whole (`dropWindow`) instead of removing the entries one by one
 * (two SHAKE128 expansions per order before, more than half of a large clearing block's time), and
 * the state drops the window's entries wholesale too (StateView.closeWindow, LedgerState.commit).
 *
 * Root (docs/ledger.md, "State root"): with no window entries, sha256('leag/state-root/v1' ‖ main)
 * as before (genesis and order-free chains keep their roots); otherwise
 * sha256('leag/state-root/v2' ‖ main ‖ for each window w with entries, ascending: u64be(w) ‖ A_w).
 */
import { createHash } from 'node:crypto';
import { LeagError } from '@leag/core';
import { readU64be, toHex, u64be } from '../storage/bytes.js';
import { LtHash } from './lthash.js';
import { stateElement } from './state-element.js';
import { Table } from './state-tables.js';

/** The key prefix of window w's entries (the order table: window(u64) ‖ address ‖ nonce). */
export function windowKeyPrefix(w: bigint): Uint8Array {
  const p = new Uint8Array(9);
  p[0] = Table.order;
  p.set(u64be(w), 1);
  return p;
}

/** Hex of windowKeyPrefix(w) (the state's map keys start with it). */
export const windowHexPrefix = (w: bigint): string => toHex(windowKeyPrefix(w));

/** The window of a window-scoped key (an order's), else null. */
export function windowOfKey(key: Uint8Array): bigint | null {
  return key[0] === Table.order && key.length >= 9 ? readU64be(key, 1) : null;
}

interface WindowAcc {
  lanes: LtHash;
  /** Entries summed into `lanes`: the window's LtHash exists exactly while it has entries. */
  count: number;
}

export class StateAccumulator {
  /** Windows dropped from this accumulator (a block result's: the windows its block closed). */
  readonly dropped: bigint[] = [];

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
    const a = this.windows.get(w) ?? { lanes: new LtHash(), count: 0 };
    this.windows.set(w, a);
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
    if (a === undefined)
      throw new LeagError('STATE_INTERNAL', `removing an entry of window ${w}, which has none in the accumulator`);
    // the window's LtHash exists exactly while it has entries: its last one leaves with it
    if (--a.count === 0) this.windows.delete(w);
    else a.lanes.remove(stateElement(key, value));
  }

  /** Adds a change of the long-lived tables computed ahead (LtHash lanes: entries in minus entries out). */
  addMainDelta(lanes: Uint16Array): void {
    this.main.addLanes(lanes);
  }

  /** Entries of window w summed in (0 when it has none). */
  windowEntries(w: bigint): number {
    return this.windows.get(w)?.count ?? 0;
  }

  /** Drops window w's LtHash: every entry of the window leaves the state with it. */
  dropWindow(w: bigint): void {
    this.windows.delete(w);
    this.dropped.push(w);
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
