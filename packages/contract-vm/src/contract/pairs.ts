/**
 * North-west-corner split of the optimal totals into pairs (design/babg.md §3), in whole Wh of
 * seller energy, so Σ_i s_ji ≤ s_j^max holds exactly.
 *
 * Seller j offers S_j = min(ceil(1000 s_j), s_j^max) Wh (an upper limit: buyers' needs decide what flows). Buyer i asks N_i = ceil(1000 d_i / ρ) Wh of
 * seller energy, capped so that floor(ρ N_i) never exceeds d_i^max. Walking buyers and sellers in
 * canonical order, each step gives x = min(remaining need, remaining offer); the pair receives
 * d_ij = floor(ρ x) with ρ rational. A step whose delivered energy would round to 0 Wh is not
 * traded and does not use up the other side's need or offer.
 * At most N + M − 1 pairs result.
 */
import type { Ratio } from '@leag/core';

export interface PairSplit {
  /** Index into the admitted buyers. */
  readonly i: number;
  /** Index into the admitted sellers. */
  readonly j: number;
  /** s_ji, Wh. */
  readonly sold: bigint;
  /** d_ij = floor(ρ s_ji), Wh. */
  readonly bought: bigint;
}

export function northWestCorner(
  d: Float64Array,
  dMaxWh: readonly bigint[],
  s: Float64Array,
  sMaxWh: readonly bigint[],
  rho: number,
  rhoRatio: Ratio,
): PairSplit[] {
  const need = Array.from(d, (di, i) => {
    const n = BigInt(Math.ceil((di / rho) * 1000)); // IEEE ops: the same bits on every node
    const cap = ((dMaxWh[i]! + 1n) * rhoRatio.den - 1n) / rhoRatio.num; // largest N with floor(ρN) ≤ dMax
    return n > cap ? cap : n < 0n ? 0n : n;
  });
  const offer = Array.from(s, (sj, j) => {
    const o = BigInt(Math.ceil(sj * 1000));
    return o > sMaxWh[j]! ? sMaxWh[j]! : o < 0n ? 0n : o;
  });
  const out: PairSplit[] = [];
  let i = 0;
  let j = 0;
  while (i < need.length && j < offer.length) {
    if (need[i] === 0n) {
      i++;
      continue;
    }
    if (offer[j] === 0n) {
      j++;
      continue;
    }
    const x = need[i]! < offer[j]! ? need[i]! : offer[j]!;
    const bought = (x * rhoRatio.num) / rhoRatio.den;
    if (bought === 0n) {
      // Too little to deliver one Wh: not traded, and it does not use up the other side. A seller's
      // sliver is skipped (the buyer's need stays for the next seller); a buyer's last sliver of need
      // (less than 1/ρ Wh) is forgone.
      if (offer[j]! <= need[i]!) offer[j] = 0n;
      else need[i] = 0n;
      continue;
    }
    need[i] = need[i]! - x;
    offer[j] = offer[j]! - x;
    out.push({ i, j, sold: x, bought });
  }
  return out;
}
