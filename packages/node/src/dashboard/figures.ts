/**
 * Per-window figures for the window history (GET /v1/windows): the paper's metrics (welfare eq. 5,
 * PMA eq. 35, success rate) computed by contract-vm's scoreAllocation from the window's committed
 * orders and its settlement, so the dashboard and the experiments score a market the same way.
 */
import { scoreAllocation, type Trade } from '@leag/contract-vm';
import { type BuyOrder, marketParamNumbers, type Settlement, toHex, type WindowFigures } from '@leag/core';
import type { ApiContext } from '../api/context.js';

/** Wh to kWh and µ/kWh to units/kWh, the doubles scoreAllocation scores in. */
export const kWh = (wh: bigint): number => Number(wh) / 1000;
export const perKWh = (micro: bigint): number => Number(micro) / 1_000_000;
/** A reported price (units/kWh double) back to µ/kWh, rounded to the nearest micro-unit. */
const toMicro = (x: number): string =>
  Number.isFinite(x) && x > 0 ? BigInt(Math.round(x * 1_000_000)).toString() : '0';

export interface WindowMarket {
  buys: { id: string; order: BuyOrder }[];
  sellIds: string[];
}

/** A settlement's pairs as contract-vm's scored trades (kWh, units/kWh): what figuresOf scores. */
export function settlementTrades(settlement: Settlement): Trade[] {
  return settlement.pairs.map((x) => ({
    buyer: x.buyer,
    seller: x.seller,
    energySold: kWh(x.energySoldWh),
    energyBought: kWh(x.energyBoughtWh),
    buyPrice: perKWh(x.buyPrice),
    sellPrice: perKWh(x.sellPrice),
    rounds: x.rounds,
  }));
}

/** Figures of one settlement over its window's orders; l1/l2 are the window's market parameters. */
export function figuresOf(
  window: bigint,
  settlement: Settlement,
  market: WindowMarket,
  p: { l1: number; l2: number },
  closedAtHeight: bigint,
): WindowFigures {
  const f = scoreAllocation(
    {
      buyers: market.buys.map((b) => ({ id: b.id, dMin: kWh(b.order.dMinWh), omega: b.order.omegaPpm / 1_000_000 })),
      sellers: market.sellIds.map((id) => ({ id })),
    },
    p,
    settlementTrades(settlement),
  );
  const sold = settlement.pairs.reduce((s, x) => s + x.energySoldWh, 0n);
  const bought = settlement.pairs.reduce((s, x) => s + x.energyBoughtWh, 0n);
  return {
    window: window.toString(),
    cleared: true,
    closedAtHeight: closedAtHeight.toString(),
    buyOrders: market.buys.length,
    sellOrders: market.sellIds.length,
    pairs: settlement.pairs.length,
    bandPrice: settlement.bandPrice.toString(),
    avgBuyPrice: toMicro(f.avgBuyPrice),
    avgSellPrice: toMicro(f.avgSellPrice),
    energySoldWh: sold.toString(),
    energyBoughtWh: bought.toString(),
    margin: settlement.margin.toString(),
    welfare: f.socialWelfare,
    pma: f.pma,
    successRate: f.successRate,
  };
}

/** A window that closed without orders (no settlement tx). */
export function emptyFigures(window: bigint): WindowFigures {
  return {
    window: window.toString(),
    cleared: false,
    buyOrders: 0,
    sellOrders: 0,
    pairs: 0,
    bandPrice: '0',
    avgBuyPrice: '0',
    avgSellPrice: '0',
    energySoldWh: '0',
    energyBoughtWh: '0',
    margin: '0',
    welfare: 0,
    pma: 0,
    successRate: 0,
  };
}

/** Figures of window `w` on this node (reads its committed orders from the stored blocks). */
export async function windowFigures(c: ApiContext, w: bigint): Promise<WindowFigures> {
  const res = await c.windows.result(w);
  if (res === undefined) return emptyFigures(w);
  const market: WindowMarket = { buys: [], sellIds: [] };
  for (const o of await c.windows.ordersOf(w)) {
    if (o.stx.tx.buyOrder !== undefined) market.buys.push({ id: toHex(o.id), order: o.stx.tx.buyOrder });
    if (o.stx.tx.sellOrder !== undefined) market.sellIds.push(toHex(o.id));
  }
  const p = marketParamNumbers(c.ledger.view().paramsFor(w, c.ctx.genesisParams));
  return figuresOf(w, res.settlement, market, p, res.height);
}
