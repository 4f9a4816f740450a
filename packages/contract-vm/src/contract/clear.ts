/**
 * The BABG contract: window orders + market parameters → settlement. Pure and deterministic: no
 * I/O, clock or randomness; the input is put in canonical order first, so the same orders in any
 * order give byte-identical results (design/babg.md §7).
 *
 * Steps: validate → canonical order → admission by band price τ and feasibility (§2) → SWM2 by its
 * one-multiplier KKT form (§3) → north-west-corner pairs in Wh → per-pair auction (§4) → integer
 * settlement (§5) → reported figures (§6).
 */
import { LeagError, paymentFor } from '@leag/core';
import { describeValue } from '../describe.js';
import { scoreAllocation, type Trade } from '../metrics.js';
import { type ContractParams, type ResolvedParams, resolveParams } from '../params.js';
import type { ClearResult, PairDetail, Refund, Settlement, SettlementPair } from '../settlement.js';
import type { ContractBuyOrder, ContractSellOrder } from '../types.js';
import { admit } from './admission.js';
import { runAuction } from './auction.js';
import { canonicalBuyers, canonicalSellers } from './canonical.js';
import { northWestCorner } from './pairs.js';
import { priceMicro } from './rounding.js';
import { solveSwm2 } from './swm2.js';
import { validateOrders } from './validate.js';

export interface ClearInput {
  /** Matching window number (part of the settlement). Default 0. */
  readonly window?: bigint;
  /** Resolved parameters, or a partial set to fill with the defaults. */
  readonly params?: ResolvedParams | Partial<ContractParams>;
  readonly buyers: readonly ContractBuyOrder[];
  readonly sellers: readonly ContractSellOrder[];
}

const kWh = (wh: bigint): number => Number(wh) / 1000;
const perKWh = (micro: bigint): number => Number(micro) / 1_000_000;
const clampB = (v: bigint, lo: bigint, hi: bigint): bigint => (v < lo ? lo : v > hi ? hi : v);

function isResolved(p: ClearInput['params']): p is ResolvedParams {
  return p !== undefined && 'rhoRatio' in p && 'gridBuyMicro' in p;
}

export function clear(input: ClearInput): ClearResult {
  const p = isResolved(input.params) ? input.params : resolveParams(input.params ?? {});
  const window = input.window ?? 0n;
  if (typeof window !== 'bigint' || window < 0n || window >= 1n << 64n) {
    throw new LeagError('MARKET_WINDOW', `window must be a bigint in [0, 2^64), got ${describeValue(window)}`, {
      field: 'window',
      found: describeValue(window),
    });
  }
  validateOrders(input, p);
  const buyers = canonicalBuyers(input.buyers);
  const sellers = canonicalSellers(input.sellers);
  const adm = admit(buyers, sellers, p.rhoRatio);
  const B = adm.buyers;
  const S = adm.sellers;

  const sol = solveSwm2(
    B.map((b) => ({ dMin: kWh(b.dMinWh), dMax: kWh(b.dMaxWh), omega: b.omegaPpm / 1_000_000 })),
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

  const pairs: SettlementPair[] = [];
  const details: PairDetail[] = [];
  const paid = new Map<string, bigint>();
  const soldBy = new Set<string>();
  let margin = 0n;
  for (const { i, j, sold, bought } of split) {
    const b = B[i]!;
    const s = S[j]!;
    const a = runAuction(
      {
        price: perKWh(b.price),
        priceMax: perKWh(b.priceMax),
        sellPrice: perKWh(s.price),
        priceMin: perKWh(s.priceMin),
      },
      p,
    );
    const buyPrice = clampB(priceMicro(a.buy), s.priceMin, b.priceMax);
    const sellPrice = clampB(priceMicro(a.sell), s.priceMin, buyPrice);
    const buyerPays = paymentFor(buyPrice, bought);
    const sellerGets = paymentFor(sellPrice, bought);
    margin += buyerPays - sellerGets;
    paid.set(b.id, (paid.get(b.id) ?? 0n) + buyerPays);
    soldBy.add(s.id);
    pairs.push({
      buyer: b.id,
      seller: s.id,
      energySoldWh: sold,
      energyBoughtWh: bought,
      buyPrice,
      sellPrice,
      rounds: a.rounds,
      buyerPays,
      sellerGets,
    });
    const soldK = kWh(sold);
    details.push({
      buyer: b.id,
      seller: s.id,
      energySold: soldK,
      energyBought: p.rho * soldK,
      buyPrice: a.buy,
      sellPrice: a.sell,
      rounds: a.rounds,
      close: a.close,
    });
  }

  const refunds: Refund[] = [];
  for (const b of buyers) {
    const amount = paymentFor(b.priceMax, b.dMaxWh) - (paid.get(b.id) ?? 0n);
    if (amount > 0n) refunds.push({ order: b.id, amount });
  }
  const settlement: Settlement = {
    window,
    bandPrice: adm.bandPrice,
    pairs,
    unmatchedBuyers: buyers.filter((b) => !paid.has(b.id)).map((b) => b.id),
    unmatchedSellers: sellers.filter((s) => !soldBy.has(s.id)).map((s) => s.id),
    refunds,
    margin,
    buyersAdmitted: B.length,
    sellersAdmitted: S.length,
  };
  const trades: Trade[] = details;
  const figures = scoreAllocation(
    {
      buyers: buyers.map((b) => ({ id: b.id, dMin: kWh(b.dMinWh), omega: b.omegaPpm / 1_000_000 })),
      sellers,
    },
    p,
    trades,
  );
  return {
    settlement,
    lambda: sol.lambda,
    allocation: {
      buyers: B.map((b, i) => ({ id: b.id, d: sol.d[i]! })),
      sellers: S.map((s, j) => ({ id: s.id, s: sol.s[j]! })),
    },
    pairs: details,
    droppedBuyers: adm.dropped.map((b) => b.id),
    figures,
  };
}
