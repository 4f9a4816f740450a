/**
 * The clearing slot: the height whose block will close a window with orders, so it carries that
 * window's BABG clearing and settlement. Its block is the heaviest of the chain (measured: about
 * 65 µs per order of the window to build and as much again to validate on an idle core, more on a
 * loaded one; a 40 000-order window of buys and sells takes seconds each way). Two local policies
 * (timers and proposal contents only: no consensus rule changes) keep that block from stalling
 * the chain:
 *
 * - the primary proposes it with no other txs (CLEARING_SLOT_MAX_TXS): building a full block of
 *   mempool txs on top of the clearing added to the time before the proposal went out (0.8 s of
 *   a 2.2 s build in one profile under load), and the orders wait one busy block interval instead;
 * - every replica's view timer for that slot gets CLEARING_MS_PER_ORDER per order of the windows
 *   it closes on top of its budget: the timer exists to replace a primary that does not lead, and
 *   the 2 s default ran out while an honest primary was still computing the clearing, so the next
 *   primary started the same work again (the benchmark with buy and sell orders stalled 30 s at
 *   each window's start). A faulty primary in that slot is replaced that much later: at most
 *   about 10 s at the ledger's 40 000-order window cap.
 */
import type { Ledger } from '../ledger/index.js';
import { windowEnd } from '../ledger/index.js';

/** View-timer allowance per order of a window the next block closes, ms. */
export const CLEARING_MS_PER_ORDER = 0.25;
/**
 * Ended windows looked at: an order names the window open at its block's time, so after a span
 * without blocks only the first ended windows can hold orders, and the loop stays short.
 */
const MAX_WINDOWS_LOOKED_AT = 4n;
/** Mempool txs a primary adds to a block that closes a window with orders. */
export const CLEARING_SLOT_MAX_TXS = 0;

/**
 * Orders of the windows the next block settles when its time is `nowMs` (the windows after the
 * chain's last settled one whose end plus the settlement lag has passed), 0 when it settles none
 * or only empty ones.
 */
export function ordersToClear(ledger: Ledger, nowMs: number): number {
  const now = BigInt(nowMs);
  let orders = 0;
  const first = ledger.lastSettledWindow() + 1n;
  const lag = ledger.ctx.settlementLagMs;
  for (let w = first; windowEnd(ledger.ctx, w) + lag <= now && w < first + MAX_WINDOWS_LOOKED_AT; w++)
    orders += ledger.windowOrderCount(w);
  return orders;
}

/** Extra view-timer budget for the next slot, ms. */
export const clearingAllowanceMs = (ledger: Ledger, nowMs: number): number =>
  Math.round(ordersToClear(ledger, nowMs) * CLEARING_MS_PER_ORDER);
