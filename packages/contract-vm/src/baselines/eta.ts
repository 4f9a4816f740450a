/**
 * ETA: the V2V electricity trading algorithm of Xia et al. (IEEE TVT 2020), in the reading of
 * design/baselines.md (the original text was not available): a one-shot Bayesian double auction
 * with the k = 1/2 linear equilibrium bids of the seed paper's eq. (29)-(30) and no price
 * adjustment.
 *
 * Reading, step by step:
 * 1. Each EV bids once. Its counterpart's reservation price in eq. (29)-(30) is not known to it in a
 *    one-shot market, so it uses the market's public mean: buyer i bids
 *    W_i = 2/3 p_i + 1/4 mean_j(r_j^min) + 1/12 p_i^max, seller j asks
 *    Q_j = 2/3 r_j + 1/4 mean_i(p_i^max) + 1/12 r_j^min.
 * 2. Bids are sorted descending (ties by id), asks ascending (ties by id). While the best remaining
 *    bid W is at least the best remaining ask Q, they trade min(remaining demand, ρ · remaining
 *    supply) delivered kWh at price (W + Q) / 2; a buyer demands up to d_i^max, a seller offers
 *    up to s_j^max.
 * 3. A buyer that ends with less than d_i^min leaves the V2V market: its trades are undone (the
 *    sellers' energy stays unsold). It and every unmatched EV trade with the grid.
 */
import type { BaselineMarket, PairTrade } from './types.js';
import { validateBaselineMarket } from './validate.js';

export interface EtaBid {
  readonly id: string;
  readonly value: number;
}

export interface EtaResult {
  readonly trades: PairTrade[];
  readonly bids: EtaBid[];
  readonly asks: EtaBid[];
  readonly unmatchedBuyers: string[];
  readonly unmatchedSellers: string[];
}

const byId = (x: EtaBid, y: EtaBid): number => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** The one-shot equilibrium bids of step 1. */
export function etaBids(market: BaselineMarket): { bids: EtaBid[]; asks: EtaBid[] } {
  const { buyers, sellers } = market;
  const meanRMin = sellers.length === 0 ? 0 : sellers.reduce((a, s) => a + s.priceMin, 0) / sellers.length;
  const meanPMax = buyers.length === 0 ? 0 : buyers.reduce((a, b) => a + b.priceMax, 0) / buyers.length;
  const bids = buyers.map((b) => ({ id: b.id, value: (2 / 3) * b.price + (1 / 4) * meanRMin + (1 / 12) * b.priceMax }));
  const asks = sellers.map((s) => ({
    id: s.id,
    value: (2 / 3) * s.price + (1 / 4) * meanPMax + (1 / 12) * s.priceMin,
  }));
  bids.sort((x, y) => y.value - x.value || byId(x, y));
  asks.sort((x, y) => x.value - y.value || byId(x, y));
  return { bids, asks };
}

export function runEta(market: BaselineMarket): EtaResult {
  validateBaselineMarket(market);
  const { rho } = market.params;
  const { bids, asks } = etaBids(market);
  const demand = new Map(market.buyers.map((b) => [b.id, b.dMax]));
  const dMin = new Map(market.buyers.map((b) => [b.id, b.dMin]));
  const supply = new Map(market.sellers.map((s) => [s.id, s.sMax]));
  let trades: PairTrade[] = [];
  let bi = 0;
  let si = 0;
  const EPS = 1e-12;
  while (bi < bids.length && si < asks.length) {
    const w = bids[bi] as EtaBid;
    const q = asks[si] as EtaBid;
    if (w.value < q.value) break;
    const remD = demand.get(w.id) ?? 0;
    const remS = supply.get(q.id) ?? 0;
    const delivered = Math.min(remD, rho * remS);
    if (delivered > EPS) {
      const price = (w.value + q.value) / 2;
      trades.push({
        buyer: w.id,
        seller: q.id,
        energySold: delivered / rho,
        energyBought: delivered,
        buyPrice: price,
        sellPrice: price,
      });
      demand.set(w.id, remD - delivered);
      supply.set(q.id, remS - delivered / rho);
    }
    if ((demand.get(w.id) ?? 0) <= EPS) bi++;
    if ((supply.get(q.id) ?? 0) * rho <= EPS) si++;
  }
  // Step 3: a buyer below its minimum leaves the V2V market.
  const got = new Map<string, number>();
  for (const t of trades) got.set(t.buyer, (got.get(t.buyer) ?? 0) + t.energyBought);
  const short = new Set([...got].filter(([id, e]) => e < (dMin.get(id) ?? 0) - 1e-9).map(([id]) => id));
  if (short.size > 0) trades = trades.filter((t) => !short.has(t.buyer));
  const boughtBy = new Set(trades.map((t) => t.buyer));
  const soldBy = new Set(trades.map((t) => t.seller));
  return {
    trades,
    bids,
    asks,
    unmatchedBuyers: market.buyers.filter((b) => !boughtBy.has(b.id)).map((b) => b.id),
    unmatchedSellers: market.sellers.filter((s) => !soldBy.has(s.id)).map((s) => s.id),
  };
}
