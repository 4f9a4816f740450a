/**
 * Admission by band price τ and feasibility dropping (design/babg.md §2), in exact integers.
 *
 * τ maximises the tradable volume min(D(τ), ρ S(τ)), D(τ) = Σ dMax of buyers with priceMax ≥ τ,
 * S(τ) = Σ sMax of sellers with priceMin ≤ τ; ties go to the τ admitting more orders, then the lower
 * τ. Only the distinct priceMax and priceMin values are tried. Volumes are compared scaled by ρ's
 * denominator, so no rounding enters.
 */
import type { Ratio } from '@leag/core';
import type { ContractBuyOrder, ContractSellOrder } from '../types.js';

export interface Admission {
  /** τ in µ/kWh (0 when there is no order at all). */
  readonly bandPrice: bigint;
  /** Admitted buyers that fit the feasibility rule, canonical order. */
  readonly buyers: ContractBuyOrder[];
  /** Admitted sellers, canonical order. */
  readonly sellers: ContractSellOrder[];
  /** Buyers admitted by τ but dropped for feasibility, in drop order. */
  readonly dropped: ContractBuyOrder[];
}

/** `buyers` and `sellers` must be in canonical order (buyers priceMax desc, sellers priceMin asc). */
export function admit(
  buyers: readonly ContractBuyOrder[],
  sellers: readonly ContractSellOrder[],
  rho: Ratio,
): Admission {
  const tau = bandPrice(buyers, sellers, rho);
  const inB = buyers.filter((b) => b.priceMax >= tau);
  const inS = sellers.filter((s) => s.priceMin <= tau);
  let supply = 0n;
  for (const s of inS) supply += s.sMaxWh;
  let need = 0n;
  for (const b of inB) need += b.dMinWh;
  // Feasible iff Σ dMin ≤ ρ Σ sMax, i.e. den·Σ dMin ≤ num·Σ sMax. Drop from the canonical tail:
  // ascending (priceMax, id) is exactly the reverse of the buyers' canonical order.
  const cap = rho.num * supply;
  let keep = inB.length;
  while (keep > 0 && rho.den * need > cap) {
    keep -= 1;
    need -= inB[keep]!.dMinWh;
  }
  return { bandPrice: tau, buyers: inB.slice(0, keep), sellers: inS, dropped: inB.slice(keep).reverse() };
}

function bandPrice(buyers: readonly ContractBuyOrder[], sellers: readonly ContractSellOrder[], rho: Ratio): bigint {
  const cands = new Set<bigint>();
  for (const b of buyers) cands.add(b.priceMax);
  for (const s of sellers) cands.add(s.priceMin);
  if (cands.size === 0) return 0n;
  const taus = [...cands].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Sweep τ upward: sellers (priceMin asc) enter when priceMin ≤ τ; buyers (priceMax desc) leave
  // when priceMax < τ. Buyers are walked from the canonical tail (lowest priceMax first).
  let dAll = 0n;
  for (const b of buyers) dAll += b.dMaxWh;
  let bOut = buyers.length; // buyers[bOut..] have left
  let sIn = 0;
  let D = dAll;
  let S = 0n;
  let best = -1n;
  let bestCount = -1;
  let bestTau = 0n;
  for (const tau of taus) {
    while (sIn < sellers.length && sellers[sIn]!.priceMin <= tau) S += sellers[sIn++]!.sMaxWh;
    while (bOut > 0 && buyers[bOut - 1]!.priceMax < tau) D -= buyers[--bOut]!.dMaxWh;
    const dScaled = D * rho.den;
    const sScaled = S * rho.num;
    const vol = dScaled < sScaled ? dScaled : sScaled;
    const count = bOut + sIn;
    if (vol > best || (vol === best && count > bestCount)) {
      best = vol;
      bestCount = count;
      bestTau = tau;
    }
  }
  return bestTau;
}
