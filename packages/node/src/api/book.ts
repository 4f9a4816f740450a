/** A window's order book summary: counts, totals and price levels, no addresses or order ids. */
import type { BookSummary, BuyOrder, SellOrder } from '@leag/core';

function levels(entries: { price: bigint; energy: bigint }[]): BookSummary['bids'] {
  const m = new Map<bigint, bigint>();
  for (const e of entries) m.set(e.price, (m.get(e.price) ?? 0n) + e.energy);
  return [...m.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([price, energy]) => ({ price: price.toString(), energyWh: energy.toString() }));
}

export function bookSummary(buys: readonly BuyOrder[], sells: readonly SellOrder[], pending: number): BookSummary {
  return {
    buyOrders: buys.length,
    sellOrders: sells.length,
    demandWh: buys.reduce((s, b) => s + b.dMaxWh, 0n).toString(),
    supplyWh: sells.reduce((s, o) => s + o.sMaxWh, 0n).toString(),
    bids: levels(buys.map((b) => ({ price: b.price, energy: b.dMaxWh }))),
    asks: levels(sells.map((s) => ({ price: s.price, energy: s.sMaxWh }))),
    pendingInMempool: pending,
  };
}
