/**
 * Makes an approximate solution of the IDA auctioneer's problem feasible. The dual iteration in
 * ida-solver.ts may stop (sweep cap) before it meets every buyer's bounds, above all in markets
 * whose minimum demand nearly equals the supply, where the feasible set is a thin sliver. The
 * auctioneer must still respect its constraints, so the allocation is repaired greedily, in index
 * order (deterministic):
 *  1. buyers above their upper bound give back the excess (their largest pairs first);
 *  2. buyers below their lower bound take energy, first from sellers' unused capacity, then from
 *     buyers holding more than their own lower bound, in the same seller's column (column totals
 *     never exceed the capacity).
 * Pure. Returns the total energy moved (0 when the solution was already feasible).
 */
import type { AuctioneerProblem } from './ida-solver.js';

export function repairFeasibility(p: AuctioneerProblem, x: Float64Array): number {
  const { n, m, rowLo, rowHi, colCap } = p;
  const row = new Float64Array(n);
  const col = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const v = x[i * m + j] as number;
      row[i] = (row[i] as number) + v;
      col[j] = (col[j] as number) + v;
    }
  }
  let moved = 0;
  const take = (q: number, amount: number, i: number, j: number): void => {
    x[q] = (x[q] as number) - amount;
    row[i] = (row[i] as number) - amount;
    col[j] = (col[j] as number) - amount;
  };
  const give = (q: number, amount: number, i: number, j: number): void => {
    x[q] = (x[q] as number) + amount;
    row[i] = (row[i] as number) + amount;
    col[j] = (col[j] as number) + amount;
  };
  for (let i = 0; i < n; i++) {
    let excess = (row[i] as number) - (rowHi[i] as number);
    for (let j = 0; j < m && excess > 0; j++) {
      const q = i * m + j;
      const a = Math.min(excess, x[q] as number);
      take(q, a, i, j);
      excess -= a;
      moved += a;
    }
  }
  for (let i = 0; i < n; i++) {
    let need = (rowLo[i] as number) - (row[i] as number);
    for (let j = 0; j < m && need > 0; j++) {
      const spare = (colCap[j] as number) - (col[j] as number);
      if (spare <= 0) continue;
      const a = Math.min(need, spare);
      give(i * m + j, a, i, j);
      need -= a;
      moved += a;
    }
    for (let j = 0; j < m && need > 0; j++) {
      for (let k = 0; k < n && need > 0; k++) {
        if (k === i) continue;
        const surplus = (row[k] as number) - (rowLo[k] as number);
        const qk = k * m + j;
        if (surplus <= 0 || (x[qk] as number) <= 0) continue;
        const a = Math.min(need, surplus, x[qk] as number);
        take(qk, a, k, j);
        give(i * m + j, a, i, j);
        need -= a;
        moved += a;
      }
    }
  }
  return moved;
}
