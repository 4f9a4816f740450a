/**
 * The IDA auctioneer's allocation problem for one round (Kang et al. 2017, as in
 * design/baselines.md):
 *
 *   maximise  Σ_ij b_ij ln(x_ij) − s_ij x_ij
 *   s.t.      lo_i ≤ Σ_j x_ij ≤ hi_i   (buyer bounds, already divided by ηρ)
 *             Σ_i x_ij ≤ cap_j          (seller capacity D_j^max)
 *
 * x_ij is the energy seller j discharges for buyer i (d_ji); the buyer receives ρ x_ij. The
 * constant ln ρ of b ln(ρ x) does not move the optimum. The problem is strictly concave and
 * separable, so its dual has one multiplier per buyer (a_i, free sign, nonzero only on an active
 * bound) and one per seller (ν_j ≥ 0): x_ij = b_ij / (s_ij + a_i + ν_j). The dual is minimised by
 * exact block coordinate descent: each multiplier in turn is set so that its row or column meets
 * its bound, by a monotone Newton iteration. Pure and deterministic.
 */
import { LeagError } from '@leag/core';

export interface AuctioneerProblem {
  readonly n: number;
  readonly m: number;
  /** b_ij, row-major (i * m + j). */
  readonly bids: Float64Array;
  /** s_ij, the seller's bid on pair (i, j), same layout. Every entry > 0. */
  readonly asks: Float64Array;
  readonly rowLo: Float64Array;
  readonly rowHi: Float64Array;
  readonly colCap: Float64Array;
}

export interface DualState {
  readonly a: Float64Array;
  readonly nu: Float64Array;
}

export interface AuctioneerSolution {
  readonly x: Float64Array;
  readonly dual: DualState;
  readonly sweeps: number;
}

export interface SolveOptions {
  /** Relative tolerance on the buyers' bounds and complementary slackness; 1e-9 by default. */
  readonly tol?: number;
  /** Cap on the coordinate sweeps; 2000 by default. */
  readonly maxSweeps?: number;
}

/**
 * Finds a > pole with Σ_k b_k / (c_k + a) = target (b_k ≥ 0, some b_k > 0, target > 0).
 * F(a) = Σ b/(c+a) falls and is convex; Newton on 1/F − 1/target, started left of the root,
 * climbs to it monotonically.
 */
export function solveRowRoot(b: Float64Array, c: Float64Array, k: number, target: number, hint: number): number {
  let total = 0;
  let cMin = Number.POSITIVE_INFINITY;
  let cMax = Number.NEGATIVE_INFINITY;
  let bAtMin = 0;
  for (let q = 0; q < k; q++) {
    const bq = b[q] as number;
    if (bq <= 0) continue;
    const cq = c[q] as number;
    total += bq;
    if (cq < cMin || (cq === cMin && bq > bAtMin)) {
      cMin = cq;
      bAtMin = bq;
    }
    if (cq > cMax) cMax = cq;
  }
  if (!(total > 0)) return Number.isFinite(hint) ? hint : 0;
  // F(a) ≥ target at this a (each bound underestimates F), and a > −cMin.
  let a = Math.max(total / target - cMax, bAtMin / target - cMin);
  if (hint > a && hint > -cMin) {
    const f = evalF(b, c, k, hint);
    if (f >= target) a = hint;
  }
  for (let it = 0; it < 200; it++) {
    let f = 0;
    let df = 0;
    for (let q = 0; q < k; q++) {
      const bq = b[q] as number;
      if (bq <= 0) continue;
      const inv = 1 / ((c[q] as number) + a);
      f += bq * inv;
      df += bq * inv * inv;
    }
    // G(a) = 1/F(a) − 1/target, G'(a) = df / F².
    const g = 1 / f - 1 / target;
    if (g >= 0) return a;
    const step = (-g * f * f) / df;
    a += step;
    if (step <= 1e-15 * Math.max(1, Math.abs(a))) return a;
  }
  return a;
}

function evalF(b: Float64Array, c: Float64Array, k: number, a: number): number {
  let f = 0;
  for (let q = 0; q < k; q++) {
    const bq = b[q] as number;
    if (bq > 0) f += bq / ((c[q] as number) + a);
  }
  return f;
}

/** Solves one auctioneer problem, warm-started from `warm` when given. */
export function solveAuctioneer(p: AuctioneerProblem, warm?: DualState, opts: SolveOptions = {}): AuctioneerSolution {
  const tol = opts.tol ?? 1e-9;
  const maxSweeps = opts.maxSweeps ?? 2000;
  const { n, m, bids, asks, rowLo, colCap } = p;
  let loSum = 0;
  let capSum = 0;
  for (let i = 0; i < n; i++) loSum += rowLo[i] as number;
  for (let j = 0; j < m; j++) capSum += colCap[j] as number;
  if (loSum > capSum * (1 + 1e-12)) {
    throw new LeagError(
      'MARKET_IDA_INFEASIBLE',
      `IDA allocation is infeasible: the buyers' minimum (${loSum}) exceeds the sellers' capacity (${capSum}); drop buyers first`,
      { loSum, capSum },
    );
  }
  const a = warm ? Float64Array.from(warm.a) : new Float64Array(n);
  const nu = warm ? Float64Array.from(warm.nu) : new Float64Array(m);
  const k = Math.max(n, m);
  const bb = new Float64Array(k);
  const cc = new Float64Array(k);
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    for (let i = 0; i < n; i++) a[i] = updateRow(p, i, nu, a[i] as number, bb, cc);
    for (let j = 0; j < m; j++) nu[j] = updateCol(p, j, a, nu[j] as number, bb, cc);
    if (rowsOk(p, a, nu, tol)) break;
  }
  const x = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const q = i * m + j;
      const bq = bids[q] as number;
      x[q] = bq > 0 ? bq / ((asks[q] as number) + (a[i] as number) + (nu[j] as number)) : 0;
    }
  }
  return { x, dual: { a, nu }, sweeps: sweeps + 1 };
}

function updateRow(
  p: AuctioneerProblem,
  i: number,
  nu: Float64Array,
  prev: number,
  bb: Float64Array,
  cc: Float64Array,
): number {
  const { m, bids, asks } = p;
  let s0 = 0;
  for (let j = 0; j < m; j++) {
    const q = i * m + j;
    bb[j] = bids[q] as number;
    cc[j] = (asks[q] as number) + (nu[j] as number);
    if ((bb[j] as number) > 0) s0 += (bb[j] as number) / (cc[j] as number);
  }
  const lo = p.rowLo[i] as number;
  const hi = p.rowHi[i] as number;
  if (s0 > hi) return solveRowRoot(bb, cc, m, hi, Math.max(prev, 0));
  if (s0 < lo) return solveRowRoot(bb, cc, m, lo, prev < 0 ? prev : Number.NEGATIVE_INFINITY);
  return 0;
}

function updateCol(
  p: AuctioneerProblem,
  j: number,
  a: Float64Array,
  prev: number,
  bb: Float64Array,
  cc: Float64Array,
): number {
  const { n, m, bids, asks } = p;
  let pole = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const q = i * m + j;
    bb[i] = bids[q] as number;
    cc[i] = (asks[q] as number) + (a[i] as number);
    if ((bb[i] as number) > 0 && (cc[i] as number) < pole) pole = cc[i] as number;
  }
  const cap = p.colCap[j] as number;
  if (pole > 0) {
    let s0 = 0;
    for (let i = 0; i < n; i++) if ((bb[i] as number) > 0) s0 += (bb[i] as number) / (cc[i] as number);
    if (s0 <= cap) return 0;
  }
  return solveRowRoot(bb, cc, n, cap, prev);
}

function rowsOk(p: AuctioneerProblem, a: Float64Array, nu: Float64Array, TOL: number): boolean {
  const { n, m, bids, asks } = p;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) {
      const q = i * m + j;
      const bq = bids[q] as number;
      if (bq > 0) s += bq / ((asks[q] as number) + (a[i] as number) + (nu[j] as number));
    }
    const lo = p.rowLo[i] as number;
    const hi = p.rowHi[i] as number;
    const ai = a[i] as number;
    if (s > hi * (1 + TOL) || s < lo * (1 - TOL)) return false;
    if (ai > 0 && s < hi * (1 - TOL)) return false;
    if (ai < 0 && s > lo * (1 + TOL)) return false;
  }
  return true;
}
