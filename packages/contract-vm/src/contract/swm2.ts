/**
 * SWM2 (paper eq. 12-15) solved exactly through its one-multiplier KKT form (design/babg.md §3):
 *   d_i(λ) = clamp(ω_i/λ − 1 + d_i^min, d_i^min, d_i^max),
 *   s_j(λ) = clamp((ρλ − l2) / (2 l1), 0, s_j^max),
 * with λ the root of f(λ) = Σ d_i(λ) − ρ Σ s_j(λ), which falls as λ grows.
 *
 * The root is bracketed by the breakpoints (below all of them every buyer takes d^max and no seller
 * discharges; above all of them buyers sit at d^min and sellers at s^max) and found by bisection on
 * doubles until the bracket is two adjacent doubles: the answer is exact to the last bit of λ. Only
 * + − × ÷ and comparisons, in the canonical order, so every node gets the same bits.
 * Energies are in kWh here.
 */

export interface SwmBuyer {
  readonly dMin: number;
  readonly dMax: number;
  readonly omega: number;
}
export interface SwmSeller {
  readonly sMax: number;
}
export interface SwmParams {
  readonly rho: number;
  readonly l1: number;
  readonly l2: number;
}

export interface Swm2Solution {
  /** The multiplier λ (marginal value of one delivered kWh); 0 when there is nothing to solve. */
  readonly lambda: number;
  /** d_i, kWh, in the buyers' order. */
  readonly d: Float64Array;
  /** s_j, kWh, in the sellers' order. */
  readonly s: Float64Array;
  /** Bisection steps taken (for the record). */
  readonly steps: number;
}

export const buyerAt = (b: SwmBuyer, lambda: number): number => {
  const x = b.omega / lambda - 1 + b.dMin;
  return x < b.dMin ? b.dMin : x > b.dMax ? b.dMax : x;
};

export const sellerAt = (s: SwmSeller, lambda: number, p: SwmParams): number => {
  const x = (p.rho * lambda - p.l2) / (2 * p.l1);
  return x < 0 ? 0 : x > s.sMax ? s.sMax : x;
};

function excess(bs: readonly SwmBuyer[], ss: readonly SwmSeller[], p: SwmParams, lambda: number): number {
  let d = 0;
  for (const b of bs) d += buyerAt(b, lambda);
  let s = 0;
  for (const x of ss) s += sellerAt(x, lambda, p);
  return d - p.rho * s;
}

const MAX_STEPS = 2200;

/**
 * Solves SWM2 for a feasible market (Σ d^min ≤ ρ Σ s^max, checked exactly by the caller).
 * With no buyer or no seller, nothing trades.
 */
export function solveSwm2(bs: readonly SwmBuyer[], ss: readonly SwmSeller[], p: SwmParams): Swm2Solution {
  if (bs.length === 0 || ss.length === 0) {
    return { lambda: 0, d: new Float64Array(bs.length), s: new Float64Array(ss.length), steps: 0 };
  }
  let lo = p.l2 > 0 ? p.l2 / p.rho : Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const b of bs) {
    const top = b.omega / (b.dMax - b.dMin + 1);
    if (top < lo) lo = top;
    if (b.omega > hi) hi = b.omega;
  }
  for (const s of ss) {
    const top = (2 * p.l1 * s.sMax + p.l2) / p.rho;
    if (top > hi) hi = top;
  }
  lo = lo / 2; // every buyer at d^max, every seller at 0 (when l2 > 0): f(lo) = Σ d^max > 0
  hi = hi * 2; // every buyer at d^min, every seller at s^max: f(hi) = Σ d^min − ρ Σ s^max ≤ 0
  let steps = 0;
  // With l2 = 0 sellers discharge at any λ > 0: move lo down until f(lo) > 0 (f(0+) = Σ d^max).
  while (steps < MAX_STEPS && lo > 0 && excess(bs, ss, p, lo) <= 0) {
    hi = lo;
    lo = lo / 4;
    steps++;
  }
  for (; steps < MAX_STEPS; steps++) {
    const mid = lo + (hi - lo) / 2;
    if (!(mid > lo && mid < hi)) break;
    if (excess(bs, ss, p, mid) > 0) lo = mid;
    else hi = mid;
  }
  const lambda = hi;
  const d = new Float64Array(bs.length);
  const s = new Float64Array(ss.length);
  for (let i = 0; i < bs.length; i++) d[i] = buyerAt(bs[i]!, lambda);
  for (let j = 0; j < ss.length; j++) s[j] = sellerAt(ss[j]!, lambda, p);
  return { lambda, d, s, steps };
}
