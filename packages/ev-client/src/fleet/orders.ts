/**
 * The fleet's orders for one round, drawn from the paper's Table II distributions with the
 * contract package's seeded generator (d_min ~ U[5,10], d_max ~ U[12,18], s_max ~ U[10,20] kWh,
 * p ~ U[p^G, p^max], r ~ U[r^min, r^G]; ω, p^max, r^min as chosen in docs/babg-contract.md), on
 * the Wh and µ grids, so every value is an exact decimal the CLI validation accepts.
 */
import { generateMarket } from '@leag/contract-vm';

export interface FleetBuy {
  kind: 'buy';
  ev: number;
  min: string;
  max: string;
  price: string;
  maxPrice: string;
  omega: string;
}
export interface FleetSell {
  kind: 'sell';
  ev: number;
  max: string;
  price: string;
  minPrice: string;
}
export type FleetOrder = FleetBuy | FleetSell;

/** Paper Table II proportions: 35 charging to 40 discharging EVs. */
export const BUYER_SHARE = 35 / 75;

export function fleetRoles(evs: number, buyerShare = BUYER_SHARE): { buyers: number; sellers: number } {
  if (evs < 2) return { buyers: evs, sellers: 0 };
  const buyers = Math.min(evs - 1, Math.max(1, Math.round(evs * buyerShare)));
  return { buyers, sellers: evs - buyers };
}

/** Round r's orders: EVs 0..buyers-1 buy, the others sell. Same seed and round → same orders. */
export function fleetRound(
  evs: number,
  round: number,
  seed: number,
  grid: { buy: number; sell: number },
  buyerShare = BUYER_SHARE,
): FleetOrder[] {
  const { buyers, sellers } = fleetRoles(evs, buyerShare);
  const lo = grid.buy;
  const hi = grid.sell;
  const mid = lo + (hi - lo) / 2;
  const m = generateMarket({
    buyers,
    sellers,
    seed: (seed * 7919 + round) >>> 0,
    params: { gridBuyPrice: lo, gridSellPrice: hi },
    priceMax: [mid, hi],
    priceMin: [lo, mid],
  });
  const out: FleetOrder[] = [];
  m.buyers.forEach((b, i) => {
    out.push({
      kind: 'buy',
      ev: i,
      min: String(b.dMin),
      max: String(b.dMax),
      price: String(b.price),
      maxPrice: String(b.priceMax),
      omega: String(b.omega),
    });
  });
  m.sellers.forEach((s, j) => {
    out.push({
      kind: 'sell',
      ev: buyers + j,
      max: String(s.sMax),
      price: String(s.price),
      minPrice: String(s.priceMin),
    });
  });
  return out;
}
