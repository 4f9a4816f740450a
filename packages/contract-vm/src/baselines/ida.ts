/**
 * IDA: the iterative double auction of Kang et al. (IEEE TII 2017), as specified in
 * design/baselines.md and run on the BABG market model.
 *
 * Buyer i values received energy C_i = Σ_j c_ij by U_i = w_i ln(η C_i − c_i^min + 1), with
 * w_i = τ / STO_i; seller j's bids follow the original's per-pair loss l1 d_ji² + l2 d_ji. Each
 * round the buyers send money bids b_ij and the sellers price bids s_ji; the auctioneer maximises
 * Σ b_ij ln c_ij − s_ji d_ji under the buyers' bounds and the sellers' capacities
 * (ida-solver.ts); then every bid moves to its best response to the new allocation:
 *   b_ij = η τ c_ij / (STO_i (η C_i − c_i^min + 1)),   s_ji = 2 l1 d_ji + l2.
 * The auction stops when every bid moved by less than ε relative to its previous value (a pair
 * whose energy stayed below DUST_KWH in both rounds counts as settled: its bids shrink
 * geometrically toward 0 and never meet a relative test). Buyer i pays Σ_j b_ij; seller j receives
 * Σ_i s_ji² / (4 l1) + r_j^min (as printed in baselines.md).
 */
import { LeagError } from '@leag/core';
import { dropUntilFeasible } from './feasible.js';
import { repairFeasibility } from './ida-repair.js';
import { type DualState, solveAuctioneer } from './ida-solver.js';
import type { BaselineMarket, PairTrade } from './types.js';
import { validateBaselineMarket } from './validate.js';

export interface IdaOptions {
  /** Charging efficiency η; 1 by default (the BABG model has no charging loss). */
  readonly eta?: number;
  /** τ in w_i = τ / STO_i; 3.25 by default (makes the mean w_i ≈ 0.75, the mean ω_i). */
  readonly tau?: number;
  /** Battery capacity in kWh; STO_i = capacity − d_i^max. 20 by default (paper, Sec. VI-A). */
  readonly batteryKWh?: number;
  /** Stop when every bid's relative change is below this; 0.001 by default (= ε1, ε2). */
  readonly epsilon?: number;
  /** Give up after this many rounds; 100 by default. */
  readonly maxRounds?: number;
}

export interface IdaPayment {
  readonly id: string;
  readonly amount: number;
}

export interface IdaResult {
  readonly trades: PairTrade[];
  readonly rounds: number;
  readonly converged: boolean;
  readonly buyerPayments: IdaPayment[];
  readonly sellerReceipts: IdaPayment[];
  /** Buyers left out by the shared feasibility rule (feasible.ts). */
  readonly droppedBuyers: string[];
  /** Energy (kWh, seller side) the final repair moved to meet the bounds (ida-repair.ts); 0 if none. */
  readonly repairedKWh: number;
}

/** Pairs whose discharged energy is below this (kWh) are treated as not trading. */
export const DUST_KWH = 1e-9;

/**
 * Per-round solve, warm-started from the previous round's multipliers: a few coordinate sweeps
 * per round (the multipliers keep improving across rounds, like an auctioneer's prices).
 */
const ROUND_SOLVE = { tol: 1e-5, maxSweeps: 4 };
/** The reported allocation is solved more finely. */
const FINAL_SOLVE = { tol: 1e-8, maxSweeps: 200 };

function positive(name: string, v: number, allowZero = false): void {
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new LeagError(
      'MARKET_IDA_OPTION',
      `IDA option ${name} must be a finite number ${allowZero ? '≥' : '>'} 0, got ${v}`,
      { field: name, found: v },
    );
  }
}

export function runIda(market: BaselineMarket, opts: IdaOptions = {}): IdaResult {
  const eta = opts.eta ?? 1;
  const tau = opts.tau ?? 3.25;
  const battery = opts.batteryKWh ?? 20;
  const eps = opts.epsilon ?? 0.001;
  const maxRounds = opts.maxRounds ?? 100;
  positive('eta', eta);
  positive('tau', tau);
  positive('epsilon', eps);
  if (!Number.isInteger(maxRounds) || maxRounds < 1) {
    throw new LeagError('MARKET_IDA_OPTION', `IDA option maxRounds must be a positive integer, got ${maxRounds}`, {
      field: 'maxRounds',
      found: maxRounds,
    });
  }
  validateBaselineMarket(market);
  const { rho, l1, l2 } = market.params;
  const { kept: buyers, dropped } = dropUntilFeasible(market.buyers, market.sellers, rho * eta);
  const sellers = market.sellers;
  const n = buyers.length;
  const m = sellers.length;
  if (n === 0 || m === 0) {
    return {
      trades: [],
      rounds: 0,
      converged: true,
      buyerPayments: [],
      sellerReceipts: [],
      droppedBuyers: dropped,
      repairedKWh: 0,
    };
  }
  const sto = buyers.map((b) => battery - b.dMax);
  sto.forEach((v, i) => {
    if (!(v > 0)) {
      throw new LeagError(
        'MARKET_IDA_BATTERY',
        `IDA needs d_max below the battery capacity ${battery} kWh; buyer ${buyers[i]?.id} has d_max ${buyers[i]?.dMax}`,
        { buyer: buyers[i]?.id, batteryKWh: battery },
      );
    }
  });
  const rowLo = Float64Array.from(buyers, (b) => b.dMin / (eta * rho));
  const rowHi = Float64Array.from(buyers, (b) => b.dMax / (eta * rho));
  const colCap = Float64Array.from(sellers, (s) => s.sMax);
  const bids = new Float64Array(n * m);
  const asks = new Float64Array(n * m);
  // First bids: each side's best response to an even split (buyers: c_i^min over the sellers;
  // sellers: capacity over the buyers).
  for (let i = 0; i < n; i++) {
    const b = buyers[i];
    for (let j = 0; j < m; j++) {
      const c0 = (b?.dMin ?? 0) / (eta * m);
      bids[i * m + j] = (eta * tau * c0) / (sto[i] as number);
      asks[i * m + j] = (2 * l1 * (sellers[j]?.sMax ?? 0)) / n + l2;
    }
  }
  let warm: DualState | undefined;
  let x: Float64Array = new Float64Array(n * m);
  let prevX: Float64Array = new Float64Array(n * m).fill(Number.POSITIVE_INFINITY);
  let rounds = 0;
  let converged = false;
  const nextBids = new Float64Array(n * m);
  const problem = { n, m, bids, asks, rowLo, rowHi, colCap };
  const nextAsks = new Float64Array(n * m);
  while (rounds < maxRounds) {
    rounds++;
    const sol = solveAuctioneer(problem, warm, ROUND_SOLVE);
    warm = sol.dual;
    x = sol.x;
    bestResponse(x, n, m, rho, eta, tau, sto, buyers, l1, l2, nextBids, nextAsks);
    let settled = true;
    for (let q = 0; q < n * m && settled; q++) {
      if ((x[q] as number) < DUST_KWH && (prevX[q] as number) < DUST_KWH) continue;
      if (relChange(bids[q] as number, nextBids[q] as number) >= eps) settled = false;
      else if (relChange(asks[q] as number, nextAsks[q] as number) >= eps) settled = false;
    }
    if (settled) {
      converged = true;
      break;
    }
    if (rounds === maxRounds) break;
    bids.set(nextBids);
    asks.set(nextAsks);
    prevX = x;
  }
  // The reported allocation is the auctioneer's exact answer to the last bids.
  x = Float64Array.from(solveAuctioneer(problem, warm, FINAL_SOLVE).x);
  const repaired = repairFeasibility(problem, x);
  return { ...settle(market, buyers, sellers, x, bids, asks, rounds, converged, dropped), repairedKWh: repaired };
}

function relChange(prev: number, next: number): number {
  if (prev === next) return 0;
  return Math.abs(next - prev) / Math.abs(prev);
}

function bestResponse(
  x: Float64Array,
  n: number,
  m: number,
  rho: number,
  eta: number,
  tau: number,
  sto: number[],
  buyers: BaselineMarket['buyers'],
  l1: number,
  l2: number,
  outBids: Float64Array,
  outAsks: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    let received = 0;
    for (let j = 0; j < m; j++) received += rho * (x[i * m + j] as number);
    const denom = (sto[i] as number) * (eta * received - (buyers[i]?.dMin ?? 0) + 1);
    for (let j = 0; j < m; j++) {
      const q = i * m + j;
      const c = rho * (x[q] as number);
      outBids[q] = (eta * tau * c) / denom;
      outAsks[q] = 2 * l1 * (x[q] as number) + l2;
    }
  }
}

function settle(
  market: BaselineMarket,
  buyers: BaselineMarket['buyers'],
  sellers: BaselineMarket['sellers'],
  x: Float64Array,
  bids: Float64Array,
  asks: Float64Array,
  rounds: number,
  converged: boolean,
  dropped: string[],
): Omit<IdaResult, 'repairedKWh'> {
  const { rho, l1 } = market.params;
  const n = buyers.length;
  const m = sellers.length;
  const trades: PairTrade[] = [];
  const pay = new Float64Array(n);
  const recv = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const q = i * m + j;
      const sold = x[q] as number;
      const b = bids[q] as number;
      const s = asks[q] as number;
      pay[i] = (pay[i] as number) + b;
      const pairReceipt = (s * s) / (4 * l1);
      recv[j] = (recv[j] as number) + pairReceipt;
      if (sold < DUST_KWH) continue;
      const bought = rho * sold;
      trades.push({
        buyer: buyers[i]?.id ?? '',
        seller: sellers[j]?.id ?? '',
        energySold: sold,
        energyBought: bought,
        buyPrice: b / bought,
        sellPrice: pairReceipt / bought,
      });
    }
  }
  return {
    trades,
    rounds,
    converged,
    buyerPayments: buyers.map((b, i) => ({ id: b.id, amount: pay[i] as number })),
    sellerReceipts: sellers.map((s, j) => ({ id: s.id, amount: (recv[j] as number) + s.priceMin })),
    droppedBuyers: dropped,
  };
}
