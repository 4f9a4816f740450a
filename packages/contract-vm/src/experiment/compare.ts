/**
 * Runs BABG (the contract), IDA and ETA on ONE market and scores all three with the same
 * function, metrics.ts's scoreAllocation (welfare eq. 5, CP eq. 36, volumes, prices).
 */
import { runEta } from '../baselines/eta.js';
import { type IdaOptions, runIda } from '../baselines/ida.js';
import type { BaselineMarket } from '../baselines/types.js';
import { clearMarket } from '../clear-market.js';
import type { GeneratedMarket } from '../market/generate.js';
import { type Figures, type MetricMarket, scoreAllocation } from '../metrics.js';
import { type ResolvedParams, resolveParams } from '../params.js';

export interface Comparison {
  readonly babg: Figures;
  readonly ida: Figures;
  readonly eta: Figures;
  readonly idaRounds: number;
  readonly idaConverged: boolean;
  /** kWh the IDA repair moved to meet the bounds (0 when its solver met them). */
  readonly idaRepaired: number;
}

/** The generated market in the baselines' shape, with resolved parameters. */
export function toBaselineMarket(
  market: GeneratedMarket,
  p: ResolvedParams = resolveParams(market.params),
): BaselineMarket {
  return { params: p, buyers: market.buyers, sellers: market.sellers };
}

export const metricMarket = (market: GeneratedMarket): MetricMarket => ({
  buyers: market.buyers,
  sellers: market.sellers,
});

export function compareAlgorithms(market: GeneratedMarket, ida: IdaOptions = {}): Comparison {
  const p = resolveParams(market.params);
  const bm = toBaselineMarket(market, p);
  const mm = metricMarket(market);
  const babg = clearMarket(market);
  // The contract's own figures come from the same scoreAllocation; recomputing here from its pairs
  // keeps one code path for all three algorithms.
  const babgFig = scoreAllocation(mm, p, babg.pairs);
  const idaRes = runIda(bm, ida);
  const etaRes = runEta(bm);
  return {
    babg: babgFig,
    ida: scoreAllocation(mm, p, idaRes.trades),
    eta: scoreAllocation(mm, p, etaRes.trades),
    idaRounds: idaRes.rounds,
    idaConverged: idaRes.converged,
    idaRepaired: idaRes.repairedKWh,
  };
}
