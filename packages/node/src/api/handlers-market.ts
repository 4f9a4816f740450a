/** Handlers of the trading routes: orders, windows (book and clearing results), grid, faucet. */

import { withUnmatched } from '@leag/contract-vm';
import {
  type BuyOrder,
  encodeAddress,
  type FaucetResponse,
  fromHex,
  type GridInfoResponse,
  LeagError,
  type OrderBatchItem,
  type OrderResponse,
  type SellOrder,
  type SignedTx,
  type SubmitOrderBatchResponse,
  type SubmitOrderResponse,
  type SubmitTxResponse,
  TxKind,
  toHex,
  toJson,
  type WindowResponse,
} from '@leag/core';
import { ledgerMarket, windowEnd, windowOf, windowOrders } from '../ledger/index.js';
import { orderWindow } from '../trading/mempool.js';
import { bookSummary } from './book.js';
import type { ApiContext } from './context.js';
import { notFound, toHttpError } from './errors.js';
import type { Req } from './handlers-chain.js';
import { parseAddressText, parseTxJson, parseU64 } from './parse.js';

const sideOf = (stx: SignedTx): 'buy' | 'sell' => (stx.tx.kind === TxKind.TX_KIND_BUY_ORDER ? 'buy' : 'sell');

function requireKind(stx: SignedTx, kinds: number[], what: string): void {
  if (!kinds.includes(stx.tx.kind))
    throw new LeagError('API_WRONG_TX_KIND', `this route takes ${what}; found tx kind ${stx.tx.kind}`);
}

async function windowResponse(c: ApiContext, w: bigint): Promise<WindowResponse> {
  const now = windowOf(c.ctx, BigInt(c.clock()));
  const tip = c.ledger.view().tip();
  const result = await c.windows.result(w);
  // closed = settled: an ended window waits for its settlement (the genesis lag) as 'closing'
  const closed = result !== undefined || (tip?.lastSettledWindow ?? 0n) >= w;
  const state = closed ? 'closed' : w > now ? 'future' : w === now ? 'open' : 'closing';
  const pending = c.mempool.ordersFor(w);
  const buys: BuyOrder[] = [];
  const sells: SellOrder[] = [];
  const orderTxs: SignedTx[] = [];
  // the contract's ids and canonical prices of the committed orders (to restore unmatched lists)
  const buyKeys: { id: string; priceMax: bigint }[] = [];
  const sellKeys: { id: string; priceMin: bigint }[] = [];
  if (closed) {
    for (const o of await c.windows.ordersOf(w)) {
      orderTxs.push(o.stx);
      const { buyOrder, sellOrder } = o.stx.tx;
      if (buyOrder !== undefined) {
        buys.push(buyOrder);
        buyKeys.push({ id: toHex(o.id), priceMax: buyOrder.priceMax });
      }
      if (sellOrder !== undefined) {
        sells.push(sellOrder);
        sellKeys.push({ id: toHex(o.id), priceMin: sellOrder.priceMin });
      }
    }
  } else {
    const open = windowOrders(c.ledger.view(), w);
    for (const b of open.buys) buys.push(b.order);
    for (const s of open.sells) sells.push(s.order);
  }
  const startMs = windowEnd(c.ctx, w - 1n);
  const resp: WindowResponse = {
    window: w.toString(),
    startMs: startMs.toString(),
    endMs: windowEnd(c.ctx, w).toString(),
    state,
    book: bookSummary(buys, sells, pending),
  };
  if (result !== undefined) {
    resp.result = {
      closedAtHeight: result.height.toString(),
      blockHash: toHex(result.blockHash),
      settlementTxId: toHex(result.settlementTxId),
      settlementHash: result.settlementHash,
      // the chain records the settlement without its unmatched lists (implied by the orders): give
      // it whole, as the contract computed it
      settlement: toJson('Settlement', withUnmatched(result.settlement, buyKeys, sellKeys)),
      orders: orderTxs.map((t) => toJson('SignedTx', t)),
      params: toJson('MarketParams', c.ledger.view().paramsFor(w, c.ctx.genesisParams)),
    };
  }
  return resp;
}

export const marketHandlers = {
  async submitOrder(c: ApiContext, r: Req): Promise<SubmitOrderResponse> {
    const stx = parseTxJson((r.body as { tx: unknown }).tx);
    requireKind(stx, [TxKind.TX_KIND_BUY_ORDER, TxKind.TX_KIND_SELL_ORDER], 'a buy or sell order');
    const res = await c.intake.submit(stx, 'api');
    return { txId: toHex(res.id), status: res.status, window: String(orderWindow(stx)), side: sideOf(stx) };
  },

  async submitOrderBatch(c: ApiContext, r: Req): Promise<SubmitOrderBatchResponse> {
    const raw = (r.body as { txs: unknown[] }).txs;
    const results: OrderBatchItem[] = new Array(raw.length);
    const stxs: SignedTx[] = [];
    const at: number[] = [];
    raw.forEach((json, i) => {
      try {
        const stx = parseTxJson(json);
        requireKind(stx, [TxKind.TX_KIND_BUY_ORDER, TxKind.TX_KIND_SELL_ORDER], 'a buy or sell order');
        stxs.push(stx);
        at.push(i);
      } catch (e) {
        results[i] = { error: toHttpError(e).body.error };
      }
    });
    const outcomes = stxs.length > 0 ? await c.intake.submitMany(stxs, 'api') : [];
    outcomes.forEach((o, k) => {
      const stx = stxs[k] as SignedTx;
      const i = at[k] as number;
      if ('error' in o)
        results[i] = { ...(o.id === null ? {} : { txId: toHex(o.id) }), error: toHttpError(o.error).body.error };
      else results[i] = { txId: toHex(o.id), status: o.status, window: String(orderWindow(stx)), side: sideOf(stx) };
    });
    const accepted = results.filter((x) => x.status !== undefined).length;
    return { accepted, refused: results.length - accepted, results };
  },

  async getOrder(c: ApiContext, r: Req): Promise<OrderResponse> {
    const id = fromHex(r.params.id ?? '', 32);
    const pending = c.mempool.get(id);
    let stx: SignedTx;
    let height: bigint | undefined;
    if (pending !== undefined) stx = pending.stx;
    else {
      const t = await c.ledger.getTx(id);
      if (t === undefined) throw notFound(`order ${toHex(id)}`);
      stx = t.tx;
      height = t.height;
    }
    const w = orderWindow(stx);
    if (w === null) throw new LeagError('API_NOT_AN_ORDER', `tx ${toHex(id)} is not a buy or sell order`);
    const base = {
      txId: toHex(id),
      window: w.toString(),
      side: sideOf(stx),
      tx: toJson('SignedTx', stx),
      ...(height === undefined ? {} : { height: height.toString() }),
    };
    if (pending !== undefined) return { ...base, status: 'pending' };
    const res = await c.windows.result(w);
    if (res === undefined) return { ...base, status: 'open' };
    const hex = toHex(id);
    const pairs = res.settlement.pairs.filter((p) => p.buyer === hex || p.seller === hex);
    const refund = res.settlement.refunds.find((x) => x.order === hex)?.amount ?? 0n;
    return {
      ...base,
      status: 'settled',
      settlementTxId: toHex(res.settlementTxId),
      pairs: pairs.map((p) => toJson('SettlementPair', p)),
      refund: refund.toString(),
    };
  },

  async getWindow(c: ApiContext, r: Req): Promise<WindowResponse> {
    const p = r.params.window ?? '';
    const w = p === 'current' ? windowOf(c.ctx, BigInt(c.clock())) : parseU64(p, 'window');
    if (w < 1n) throw new LeagError('API_BAD_WINDOW', 'windows are numbered from 1');
    return windowResponse(c, w);
  },

  async getGrid(c: ApiContext): Promise<GridInfoResponse> {
    const w = windowOf(c.ctx, BigInt(c.clock()));
    const m = ledgerMarket(c.ledger.view().paramsFor(w, c.ctx.genesisParams));
    return {
      gridAddress: encodeAddress(c.ctx.gridAddress),
      buyPrice: m.gridSellMicro.toString(),
      sellPrice: m.gridBuyMicro.toString(),
      window: w.toString(),
    };
  },

  async submitGridTrade(c: ApiContext, r: Req): Promise<SubmitTxResponse> {
    const stx = parseTxJson((r.body as { tx: unknown }).tx);
    requireKind(stx, [TxKind.TX_KIND_GRID_TRADE], 'a grid trade');
    const res = await c.intake.submit(stx, 'api');
    return { txId: toHex(res.id), status: res.status };
  },

  async faucet(c: ApiContext, r: Req): Promise<FaucetResponse> {
    if (c.faucet === null) throw new LeagError('FAUCET_DISABLED', 'this chain or node has no faucet');
    const body = r.body as { address: string; amount?: string };
    const to = parseAddressText(body.address);
    const amount = body.amount === undefined ? c.faucet.maxAmount : parseU64(body.amount, 'amount');
    const res = await c.faucet.give(to, amount);
    return { txId: toHex(res.id), status: 'accepted', amount: amount.toString() };
  },
};
