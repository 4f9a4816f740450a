/**
 * "BABG as printed" beside "BABG as built" (design/babg.md §2): the contract's two admission
 * decisions, each replaced by what the paper's text does, WITHOUT touching the contract. This
 * re-runs the contract's own pieces (solveSwm2, northWestCorner, runAuction) in the contract's
 * order, changing only the decision under study:
 *  - admission "printed": no band price; every order enters, and a pair whose auction never
 *    crosses (p_i^max < r_j^min: the paper's loop does not end) is not traded. The contract instead
 *    admits only orders compatible with one band price τ.
 *  - feasibility "printed": the paper has no rule for Σ d^min > ρ Σ s^max; SWM2 then has no
 *    feasible point and the printed algorithm returns no allocation, so nothing trades in V2V. The
 *    contract instead drops the lowest-priceMax buyers until SWM2 is feasible.
 * Pair prices use the contract's auction with its parameters; energies are kept in kWh (before
 * on-chain rounding), which the figures do not need.
 */
import { admit } from '../contract/admission.js';
import { runAuction } from '../contract/auction.js';
import { canonicalBuyers, canonicalSellers } from '../contract/canonical.js';
import { northWestCorner } from '../contract/pairs.js';
import { solveSwm2 } from '../contract/swm2.js';
import { parseMarket } from '../market/parse.js';
import type { MarketSpec } from '../market/spec.js';
import { type Figures, scoreAllocation, type Trade } from '../metrics.js';
import type { ContractBuyOrder, ContractSellOrder } from '../types.js';

export type Decision = 'built' | 'printed';

export interface Variant {
  readonly admission: Decision;
  readonly feasibility: Decision;
}

const kWh = (wh: bigint): number => Number(wh) / 1000;
const perKWh = (micro: bigint): number => Number(micro) / 1_000_000;

export function clearVariant(spec: MarketSpec, v: Variant): Figures {
  const m = parseMarket(spec);
  const p = m.params;
  const buyers = canonicalBuyers(m.buyers);
  const sellers = canonicalSellers(m.sellers);
  let B: ContractBuyOrder[];
  let S: ContractSellOrder[];
  if (v.admission === 'built') {
    // The contract's admission, then undo its feasibility drop if the printed rule is asked for.
    const adm = admit(buyers, sellers, p.rhoRatio);
    B = v.feasibility === 'built' ? adm.buyers : [...adm.buyers, ...[...adm.dropped].reverse()];
    S = adm.sellers;
  } else {
    B = buyers;
    S = sellers;
    if (v.feasibility === 'built') B = dropForFeasibility(B, S, p.rhoRatio);
  }
  const score = (trades: readonly Trade[]): Figures =>
    scoreAllocation(
      { buyers: m.buyers.map((b) => ({ id: b.id, dMin: kWh(b.dMinWh), omega: b.omegaPpm / 1e6 })), sellers: m.sellers },
      p,
      trades,
    );
  let need = 0n;
  for (const b of B) need += b.dMinWh;
  let supply = 0n;
  for (const s of S) supply += s.sMaxWh;
  if (B.length === 0 || S.length === 0 || need * p.rhoRatio.den > supply * p.rhoRatio.num) return score([]);
  const sol = solveSwm2(
    B.map((b) => ({ dMin: kWh(b.dMinWh), dMax: kWh(b.dMaxWh), omega: b.omegaPpm / 1e6 })),
    S.map((s) => ({ sMax: kWh(s.sMaxWh) })),
    p,
  );
  const split = northWestCorner(
    sol.d,
    B.map((b) => b.dMaxWh),
    sol.s,
    S.map((s) => s.sMaxWh),
    p.rho,
    p.rhoRatio,
  );
  const trades: Trade[] = [];
  for (const { i, j, sold } of split) {
    const b = B[i] as ContractBuyOrder;
    const s = S[j] as ContractSellOrder;
    const a = runAuction(
      {
        price: perKWh(b.price),
        priceMax: perKWh(b.priceMax),
        sellPrice: perKWh(s.price),
        priceMin: perKWh(s.priceMin),
      },
      p,
    );
    // As printed, only a pair whose bids crossed and converged closes.
    if (v.admission === 'printed' && a.close !== 'converged') continue;
    trades.push({
      buyer: b.id,
      seller: s.id,
      energySold: kWh(sold),
      energyBought: p.rho * kWh(sold),
      buyPrice: a.buy,
      sellPrice: a.sell,
      rounds: a.rounds,
    });
  }
  return score(trades);
}

/** The contract's feasibility rule on an arbitrary canonical buyer list (drop from the tail). */
function dropForFeasibility(
  B: ContractBuyOrder[],
  S: readonly ContractSellOrder[],
  rho: { num: bigint; den: bigint },
): ContractBuyOrder[] {
  let supply = 0n;
  for (const s of S) supply += s.sMaxWh;
  let need = 0n;
  for (const b of B) need += b.dMinWh;
  let keep = B.length;
  while (keep > 0 && rho.den * need > rho.num * supply) {
    keep -= 1;
    need -= (B[keep] as ContractBuyOrder).dMinWh;
  }
  return B.slice(0, keep);
}
