/**
 * The paper's figures (Sec. VI) for ANY allocation, BABG's or a baseline's, computed one way:
 *  - social welfare (eq. 5) over matched orders: Σ_i U_i(d_i) − Σ_j C_j(s_j), with
 *    U_i = ω_i ln(d_i − d_i^min + 1) and C_j = l1 s_j² + l2 s_j; d_i = Σ_j d_ij, s_j = Σ_i s_ji.
 *    A buyer that receives less than its minimum gets U_i = 0 (its trip is not served), never a
 *    negative or undefined logarithm: U_i = ω_i ln(max(d_i − d_i^min, 0) + 1).
 *  - cost Σ C_j, cost performance CP = welfare / cost (eq. 36; 0 when nothing traded);
 *  - average buy price p̄ and sell price r̄, weighted by delivered energy d_ij (both prices apply to
 *    d_ij), so PMA = (p̄ − r̄) / r̄ (eq. 35) is the LEAG margin over what sellers receive;
 *  - auction rounds (mean, max, over pairs that report rounds), volumes, success rate = matched
 *    orders / all orders (an order is matched when it is in at least one trade).
 * ln is used here: these are reported figures, never consensus state.
 */

export interface MetricBuyer {
  readonly id: string;
  /** kWh. */
  readonly dMin: number;
  /** ω in (0, 1]. */
  readonly omega: number;
}
export interface MetricMarket {
  readonly buyers: readonly MetricBuyer[];
  readonly sellers: readonly { readonly id: string }[];
}
export interface MetricParams {
  readonly l1: number;
  readonly l2: number;
}
export interface Trade {
  readonly buyer: string;
  readonly seller: string;
  /** s_ji, kWh. */
  readonly energySold: number;
  /** d_ij, kWh. */
  readonly energyBought: number;
  /** Price per kWh the buyer pays on d_ij. */
  readonly buyPrice: number;
  /** Price per kWh the seller receives on d_ij. */
  readonly sellPrice: number;
  readonly rounds?: number;
}

export interface Figures {
  readonly socialWelfare: number;
  readonly utility: number;
  readonly cost: number;
  readonly costPerformance: number;
  readonly avgBuyPrice: number;
  readonly avgSellPrice: number;
  readonly pma: number;
  readonly meanRounds: number;
  readonly maxRounds: number;
  readonly volumeBought: number;
  readonly volumeSold: number;
  readonly matchedBuyers: number;
  readonly matchedSellers: number;
  readonly successRate: number;
}

/** U_i(d) = ω ln(max(d − d^min, 0) + 1). */
export const buyerUtility = (omega: number, dMin: number, d: number): number =>
  omega * Math.log((d > dMin ? d - dMin : 0) + 1);

/** C_j(s) = l1 s² + l2 s. */
export const sellerCost = (p: MetricParams, s: number): number => p.l1 * s * s + p.l2 * s;

/** Welfare of totals per buyer and seller (ids absent from the maps count as unmatched). */
export function welfareOfTotals(
  market: MetricMarket,
  p: MetricParams,
  d: ReadonlyMap<string, number>,
  s: ReadonlyMap<string, number>,
): { utility: number; cost: number; welfare: number } {
  let utility = 0;
  for (const b of market.buyers) {
    const di = d.get(b.id);
    if (di !== undefined && di > 0) utility += buyerUtility(b.omega, b.dMin, di);
  }
  let cost = 0;
  for (const x of market.sellers) {
    const sj = s.get(x.id);
    if (sj !== undefined && sj > 0) cost += sellerCost(p, sj);
  }
  return { utility, cost, welfare: utility - cost };
}

export function scoreAllocation(market: MetricMarket, p: MetricParams, trades: readonly Trade[]): Figures {
  const d = new Map<string, number>();
  const s = new Map<string, number>();
  let volB = 0;
  let volS = 0;
  let buyMoney = 0;
  let sellMoney = 0;
  let roundSum = 0;
  let roundN = 0;
  let maxRounds = 0;
  for (const t of trades) {
    if (!(t.energyBought > 0 || t.energySold > 0)) continue;
    d.set(t.buyer, (d.get(t.buyer) ?? 0) + t.energyBought);
    s.set(t.seller, (s.get(t.seller) ?? 0) + t.energySold);
    volB += t.energyBought;
    volS += t.energySold;
    buyMoney += t.buyPrice * t.energyBought;
    sellMoney += t.sellPrice * t.energyBought;
    if (t.rounds !== undefined) {
      roundSum += t.rounds;
      roundN += 1;
      if (t.rounds > maxRounds) maxRounds = t.rounds;
    }
  }
  const { utility, cost, welfare } = welfareOfTotals(market, p, d, s);
  const avgBuyPrice = volB > 0 ? buyMoney / volB : 0;
  const avgSellPrice = volB > 0 ? sellMoney / volB : 0;
  const orders = market.buyers.length + market.sellers.length;
  const matchedBuyers = market.buyers.filter((b) => d.has(b.id)).length;
  const matchedSellers = market.sellers.filter((x) => s.has(x.id)).length;
  return {
    socialWelfare: welfare,
    utility,
    cost,
    costPerformance: cost > 0 ? welfare / cost : 0,
    avgBuyPrice,
    avgSellPrice,
    pma: avgSellPrice > 0 ? (avgBuyPrice - avgSellPrice) / avgSellPrice : 0,
    meanRounds: roundN > 0 ? roundSum / roundN : 0,
    maxRounds,
    volumeBought: volB,
    volumeSold: volS,
    matchedBuyers,
    matchedSellers,
    successRate: orders > 0 ? (matchedBuyers + matchedSellers) / orders : 0,
  };
}
