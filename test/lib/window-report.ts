/**
 * One cleared window as the demo prints it: orders, matches, band and average prices, social
 * welfare and PMA, scored by contract-vm's scoreAllocation from the window's committed orders and
 * settlement (the same computation as the node's dashboard figures and the paper experiments).
 */
import { scoreAllocation } from '@leag/contract-vm';
import {
  fromJson,
  type MarketParams,
  marketParamNumbers,
  type Settlement,
  type SignedTx,
  toHex,
  txId,
  type WindowResponse,
} from '@leag/core';
import { kWh, perKWh, settlementTrades } from '../../packages/node/src/dashboard/figures.js';

export interface WindowLine {
  window: string;
  height: string;
  buyOrders: number;
  sellOrders: number;
  pairs: number;
  energyWh: bigint;
  bandPrice: number;
  avgBuyPrice: number;
  avgSellPrice: number;
  welfare: number;
  pma: number;
}

/** The figures of a cleared window (undefined while it has no result). */
export function windowLine(w: WindowResponse): WindowLine | undefined {
  const r = w.result;
  if (r === undefined) return undefined;
  const settlement = fromJson('Settlement', r.settlement) as Settlement;
  const params = fromJson('MarketParams', r.params) as MarketParams;
  const buyers: { id: string; dMin: number; omega: number }[] = [];
  const sellers: { id: string }[] = [];
  for (const o of r.orders) {
    const stx = fromJson('SignedTx', o) as SignedTx;
    const id = toHex(txId(stx.tx));
    const b = stx.tx.buyOrder;
    if (b !== undefined) buyers.push({ id, dMin: kWh(b.dMinWh), omega: b.omegaPpm / 1_000_000 });
    else if (stx.tx.sellOrder !== undefined) sellers.push({ id });
  }
  const p = marketParamNumbers(params);
  const f = scoreAllocation({ buyers, sellers }, { l1: p.l1, l2: p.l2 }, settlementTrades(settlement));
  return {
    window: w.window,
    height: r.closedAtHeight,
    buyOrders: buyers.length,
    sellOrders: sellers.length,
    pairs: settlement.pairs.length,
    energyWh: settlement.pairs.reduce((s, x) => s + x.energySoldWh, 0n),
    bandPrice: perKWh(settlement.bandPrice),
    avgBuyPrice: f.avgBuyPrice,
    avgSellPrice: f.avgSellPrice,
    welfare: f.socialWelfare,
    pma: f.pma,
  };
}

export function formatLine(l: WindowLine): string {
  return [
    `window ${l.window} cleared at height ${l.height}:`,
    `orders ${l.buyOrders} buy / ${l.sellOrders} sell,`,
    `${l.pairs} matches, ${(Number(l.energyWh) / 1000).toFixed(1)} kWh,`,
    `band ${l.bandPrice.toFixed(4)}/kWh, buy ${l.avgBuyPrice.toFixed(4)} sell ${l.avgSellPrice.toFixed(4)},`,
    `welfare ${l.welfare.toFixed(3)}, PMA ${(100 * l.pma).toFixed(2)}%`,
  ].join(' ');
}
