/**
 * The feasibility rule every algorithm in the experiments shares with the contract
 * (design/babg.md §2, "Decision (feasibility)"): when the buyers' minimum demand exceeds the
 * deliverable supply, Σ d_i^min > ρ Σ s_j^max, buyers are dropped in ascending order of
 * (priceMax, id) until it fits.
 */
import type { BaselineBuyer, BaselineSeller } from './types.js';

export function compareBuyersForDrop(x: BaselineBuyer, y: BaselineBuyer): number {
  if (x.priceMax !== y.priceMax) return x.priceMax - y.priceMax;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

/** Returns the buyers kept (in their input order) and the ids of the dropped ones. */
export function dropUntilFeasible(
  buyers: readonly BaselineBuyer[],
  sellers: readonly BaselineSeller[],
  rho: number,
): { kept: BaselineBuyer[]; dropped: string[] } {
  let supply = 0;
  for (const s of sellers) supply += s.sMax;
  supply *= rho;
  let need = 0;
  for (const b of buyers) need += b.dMin;
  const dropped = new Set<string>();
  const order = [...buyers].sort(compareBuyersForDrop);
  for (const b of order) {
    if (need <= supply) break;
    dropped.add(b.id);
    need -= b.dMin;
  }
  return { kept: buyers.filter((b) => !dropped.has(b.id)), dropped: [...dropped] };
}
