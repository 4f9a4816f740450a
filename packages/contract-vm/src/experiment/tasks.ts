/**
 * One unit of experiment work: a market (drawn from its seed) and what to measure on it. Pure:
 * the same task gives the same numbers on any thread, so the worker pool can run tasks in any order.
 */
import { LeagError } from '@leag/core';
import type { IdaOptions } from '../baselines/ida.js';
import { clearMarket } from '../clear-market.js';
import { runAuction } from '../contract/auction.js';
import { generateMarket } from '../market/generate.js';
import { resolveParams } from '../params.js';
import { clearVariant } from './as-printed.js';
import { compareAlgorithms } from './compare.js';

export type Task =
  /** BABG, IDA and ETA on one market of N buyers and M sellers (Fig. 3, 7, 8). */
  | { readonly kind: 'scale'; readonly n: number; readonly m: number; readonly seed: number }
  /** BABG with α = β = alpha (Fig. 4, 6). */
  | { readonly kind: 'alpha'; readonly n: number; readonly m: number; readonly alpha: number; readonly seed: number }
  /** Average bids per auction round, α = β = alpha (Fig. 5). */
  | {
      readonly kind: 'trace';
      readonly n: number;
      readonly m: number;
      readonly alpha: number;
      readonly rounds: number;
      readonly seed: number;
    }
  /** BABG as built vs as printed on markets whose price ranges overlap. */
  | { readonly kind: 'printed'; readonly n: number; readonly m: number; readonly seed: number };

export type TaskResult = Readonly<Record<string, number>>;

/** The price ranges of the "printed" markets: p^max and r^min both ~ U[p^G, r^G], so some pairs are incompatible. */
export const OVERLAP_PRICES = { priceMax: [0.6, 1.0], priceMin: [0.6, 1.0] } as const;

export interface TaskOptions {
  readonly ida?: IdaOptions;
}

export function runTask(t: Task, o: TaskOptions = {}): TaskResult {
  switch (t.kind) {
    case 'scale': {
      const c = compareAlgorithms(generateMarket({ buyers: t.n, sellers: t.m, seed: t.seed }), o.ida);
      const out: Record<string, number> = {
        idaRounds: c.idaRounds,
        idaConverged: c.idaConverged ? 1 : 0,
        idaRepaired: c.idaRepaired,
      };
      for (const alg of ['babg', 'ida', 'eta'] as const) {
        out[`${alg}.welfare`] = c[alg].socialWelfare;
        out[`${alg}.cp`] = c[alg].costPerformance;
        out[`${alg}.cost`] = c[alg].cost;
        out[`${alg}.volume`] = c[alg].volumeBought;
        out[`${alg}.success`] = c[alg].successRate;
      }
      return out;
    }
    case 'alpha': {
      const market = generateMarket({
        buyers: t.n,
        sellers: t.m,
        seed: t.seed,
        params: { alpha: t.alpha, beta: t.alpha },
      });
      const f = clearMarket(market).figures;
      return {
        buy: f.avgBuyPrice,
        sell: f.avgSellPrice,
        spread: f.avgBuyPrice - f.avgSellPrice,
        pma: f.pma,
        rounds: f.meanRounds,
      };
    }
    case 'trace':
      return traceTask(t);
    case 'printed': {
      const market = generateMarket({ buyers: t.n, sellers: t.m, seed: t.seed, ...OVERLAP_PRICES });
      const out: Record<string, number> = {};
      for (const admission of ['built', 'printed'] as const) {
        for (const feasibility of ['built', 'printed'] as const) {
          const f = clearVariant(market, { admission, feasibility });
          const k = `${admission === 'built' ? 'A' : 'a'}${feasibility === 'built' ? 'F' : 'f'}`;
          out[`${k}.welfare`] = f.socialWelfare;
          out[`${k}.volume`] = f.volumeBought;
          out[`${k}.success`] = f.successRate;
        }
      }
      return out;
    }
    default:
      throw new LeagError('EXPERIMENT_TASK', `unknown task kind ${(t as { kind: unknown }).kind}`);
  }
}

/**
 * Mean W and Q over the market's pairs at each auction round 1..rounds. A pair that closed before
 * round t counts with its closing bids (its price no longer moves), so the curve settles where the
 * market settles.
 */
function traceTask(t: Extract<Task, { kind: 'trace' }>): TaskResult {
  const market = generateMarket({ buyers: t.n, sellers: t.m, seed: t.seed, params: { alpha: t.alpha, beta: t.alpha } });
  const res = clearMarket(market);
  const p = resolveParams(market.params);
  const byB = new Map(market.buyers.map((b) => [b.id, b]));
  const byS = new Map(market.sellers.map((s) => [s.id, s]));
  const w = new Float64Array(t.rounds);
  const q = new Float64Array(t.rounds);
  let pairs = 0;
  for (const pair of res.pairs) {
    const b = byB.get(pair.buyer);
    const s = byS.get(pair.seller);
    if (!b || !s) continue;
    let lastW = 0;
    let lastQ = 0;
    let seen = 0;
    runAuction(
      { price: b.price, priceMax: b.priceMax, sellPrice: s.price, priceMin: s.priceMin },
      p,
      (round, wt, qt) => {
        if (round <= t.rounds) {
          w[round - 1] = (w[round - 1] as number) + wt;
          q[round - 1] = (q[round - 1] as number) + qt;
        }
        lastW = wt;
        lastQ = qt;
        seen = round;
      },
    );
    for (let r = seen; r < t.rounds; r++) {
      w[r] = (w[r] as number) + lastW;
      q[r] = (q[r] as number) + lastQ;
    }
    pairs++;
  }
  const out: Record<string, number> = { pairs };
  for (let r = 0; r < t.rounds; r++) {
    out[`buy.${r + 1}`] = pairs > 0 ? (w[r] as number) / pairs : 0;
    out[`sell.${r + 1}`] = pairs > 0 ? (q[r] as number) / pairs : 0;
  }
  return out;
}
