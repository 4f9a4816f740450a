/**
 * My orders and what their windows did with them: status from the node (pending, open, settled),
 * and once settled my pairs (energy, prices, payments) and refund, from GET /v1/orders/:id.
 */
import { formatKWh, formatMoney, formatPrice, fromJson, isLeagError, type SettlementPair } from '@leag/core';
import type { LeagClient } from '../client/leag-client.js';
import type { OrderRecord } from '../keystore/data.js';
import type { Wallet } from '../keystore/wallet.js';

export interface MatchView {
  counterpart: string;
  energyKWh: string;
  price: string;
  amount: string;
  rounds: number;
}

export interface OrderView {
  id: string;
  kind: string;
  window: string;
  status: string;
  height?: string;
  matches: MatchView[];
  refund?: string;
  summary: Record<string, string | boolean>;
}

const isMarket = (r: OrderRecord) => r.kind === 'buy' || r.kind === 'sell';

function matchView(p: SettlementPair, side: 'buy' | 'sell'): MatchView {
  return side === 'buy'
    ? {
        counterpart: p.seller,
        energyKWh: formatKWh(p.energyBoughtWh),
        price: formatPrice(p.buyPrice),
        amount: formatMoney(p.buyerPays),
        rounds: p.rounds,
      }
    : {
        counterpart: p.buyer,
        energyKWh: formatKWh(p.energySoldWh),
        price: formatPrice(p.sellPrice),
        amount: formatMoney(p.sellerGets),
        rounds: p.rounds,
      };
}

export async function orderView(client: LeagClient, r: OrderRecord): Promise<OrderView> {
  const base = { id: r.id, kind: r.kind, window: r.window, summary: r.summary, matches: [] as MatchView[] };
  if (!isMarket(r)) {
    if (r.id === '') return { ...base, status: 'unknown' };
    try {
      const t = await client.tx(r.id);
      return { ...base, status: t.status, ...(t.height === undefined ? {} : { height: t.height }) };
    } catch (e) {
      if (isLeagError(e) && (e.details?.status === 404 || /NOT_FOUND/.test(e.code)))
        return { ...base, status: 'unknown' };
      throw e;
    }
  }
  let o: Awaited<ReturnType<LeagClient['order']>>;
  try {
    o = await client.order(r.id);
  } catch (e) {
    if (isLeagError(e) && (e.details?.status === 404 || /NOT_FOUND/.test(e.code)))
      return { ...base, status: 'unknown' };
    throw e;
  }
  const pairs = (o.pairs ?? []).map((p) => fromJson('SettlementPair', p));
  return {
    ...base,
    status: o.status,
    ...(o.height === undefined ? {} : { height: o.height }),
    matches: pairs.map((p) => matchView(p, r.kind as 'buy' | 'sell')),
    ...(o.refund === undefined ? {} : { refund: formatMoney(BigInt(o.refund)) }),
  };
}

export async function myOrders(client: LeagClient, wallet: Wallet, window?: bigint): Promise<OrderView[]> {
  const recs = wallet.data.orders.filter(
    (r) => isMarket(r) && (window === undefined || r.window === window.toString()),
  );
  return Promise.all(recs.map((r) => orderView(client, r)));
}

export async function history(client: LeagClient, wallet: Wallet): Promise<OrderView[]> {
  return Promise.all(wallet.data.orders.map((r) => orderView(client, r)));
}

/** The window `result` shows by default: the latest window in which this wallet placed an order. */
export function latestOrderWindow(wallet: Wallet): bigint | null {
  let best: bigint | null = null;
  for (const r of wallet.data.orders)
    if (isMarket(r) && (best === null || BigInt(r.window) > best)) best = BigInt(r.window);
  return best;
}
