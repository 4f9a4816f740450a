/**
 * Window clearing at window close: the orders of the window (from the state, in key order) go
 * through the BABG contract (@leag/contract-vm `clear`), and its settlement becomes ONE settlement
 * tx: it spends every buy order's escrow and pays each pair's seller, refunds each buyer, and pays
 * the LEAG margin to the proposer of the closing block. Every validator recomputes it and the
 * block must carry exactly these bytes. The tx balances to the µ, or the ledger halts. The tx
 * carries the settlement record (contract-vm settlementRecord: the unmatched-id lists, implied by
 * the window's orders, left out), and the header's settlement hash is that record's hash.
 */

import {
  type ClearInput,
  clear,
  paramsFromChain,
  resolveParams,
  settlementHash,
  settlementRecord,
} from '@leag/contract-vm';
import {
  type BuyOrder as CoreBuy,
  type SellOrder as CoreSell,
  LeagError,
  type MarketParams,
  paymentFor,
  type Settlement,
  type SignedTx,
  sealSignedTx,
  type Tx,
  TxKind,
  type TxOutput,
} from '@leag/core';

type BuyOrder = ClearInput['buyers'][number];
type SellOrder = ClearInput['sellers'][number];

import { fromHex, toHex } from '../storage/bytes.js';
import { codecs, txIdOf } from './codec.js';
import type { ChainContext } from './context.js';
import { ledgerMarket } from './market.js';
import type { SettlementAhead } from './settlement-ahead.js';
import { keys, type Tables } from './state-tables.js';
import { escrowFor } from './tx-orders.js';
import { TX_VERSION } from './tx-shape.js';

/** The contract's parameters for a chain MarketParams (contract-vm's one mapping). */
export const contractParams = paramsFromChain;

export interface WindowOrders {
  buys: { id: string; txId: Uint8Array; order: CoreBuy }[];
  sells: { id: string; txId: Uint8Array; order: CoreSell }[];
}

const TRUSTED = { trustedEncoding: true } as const;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The orders of window w still in the state, buys and sells each in tx-id order (the contract's input order). */
export function windowOrders(t: Tables, w: bigint): WindowOrders {
  // state records: encoded by this ledger, their integrity under the state root checked at open
  return bookOf(t.view.windowEntries(w).map(([, v]) => v));
}

/** A window's book from its order records (encoded order txs, trusted: the ledger wrote them). */
export function bookOf(records: Iterable<Uint8Array>): WindowOrders {
  const out: WindowOrders = { buys: [], sells: [] };
  for (const v of records) {
    const tx = codecs.Tx.decode(v, TRUSTED);
    const txId = txIdOf(tx);
    const id = toHex(txId);
    if (tx.buyOrder !== undefined) out.buys.push({ id, txId, order: tx.buyOrder });
    else if (tx.sellOrder !== undefined) out.sells.push({ id, txId, order: tx.sellOrder });
  }
  out.buys.sort(byId);
  out.sells.sort(byId);
  return out;
}

export interface WindowClose {
  window: bigint;
  /** The contract's settlement, whole (the tx carries its record, without the unmatched lists). */
  settlement: Settlement;
  /** The settlement tx (sealed); decoded on first use when its effects were computed ahead. */
  readonly tx: SignedTx;
  txId: Uint8Array;
  hash: Uint8Array;
  /** Money the grid pays to unmatched sellers with grid fallback (issued, see tx-grid.ts). */
  gridIssued: bigint;
  /** Its state effects, when computed ahead of the block (settlement-ahead.ts). */
  ahead?: SettlementAhead;
}

/** What a window's settlement depends on besides its book; all fixed from the window's end. */
export interface SettleTerms {
  window: bigint;
  /** The market parameters in force for the window. */
  params: MarketParams;
  chainId: string;
  gridAddress: Uint8Array;
  /** Who receives the LEAG margin: the proposer of the block that ended the window. */
  marginAddress: Uint8Array;
  /** One output per matched seller order (the sum of its pairs) instead of one per pair. */
  sellerPaymentPerOrder: boolean;
}

/** The terms of window w's settlement on this chain, its margin to validator `proposer`. */
export function settleTermsOf(t: Tables, w: bigint, ctx: ChainContext, proposer: number): SettleTerms {
  const proposerKey = ctx.validatorKeys.get(proposer);
  if (proposerKey === undefined) throw new LeagError('BLOCK_BAD_PROPOSER', `proposer ${proposer} is not a validator`);
  return {
    window: w,
    params: t.paramsFor(w, ctx.genesisParams),
    chainId: ctx.chainId,
    gridAddress: ctx.gridAddress,
    marginAddress: proposerKey.address,
    sellerPaymentPerOrder: ctx.sellerPaymentPerOrder,
  };
}

/** Runs the contract for window w and builds its settlement tx; null when the window had no order. */
export function closeWindow(t: Tables, w: bigint, ctx: ChainContext, proposer: number): WindowClose | null {
  const orders = windowOrders(t, w);
  if (orders.buys.length + orders.sells.length === 0) return null;
  return settleBook(orders, settleTermsOf(t, w, ctx, proposer));
}

/** The contract's settlement of a window's book and its settlement tx (pure: the same on every node). */
export function settleBook(orders: WindowOrders, terms: SettleTerms): WindowClose {
  const w = terms.window;
  const params = resolveParams(contractParams(terms.params));
  const buyers: BuyOrder[] = orders.buys.map(({ id, order: o }) => ({
    id,
    dMinWh: o.dMinWh,
    dMaxWh: o.dMaxWh,
    omegaPpm: o.omegaPpm,
    price: o.price,
    priceMax: o.priceMax,
  }));
  const sellers: SellOrder[] = orders.sells.map(({ id, order: o }) => ({
    id,
    sMaxWh: o.sMaxWh,
    price: o.price,
    priceMin: o.priceMin,
  }));
  let settlement: Settlement;
  try {
    settlement = clear({ window: w, params, buyers, sellers }).settlement as Settlement;
  } catch (e) {
    throw new LeagError(
      'LEDGER_CLEARING_FAILED',
      `the contract rejected window ${w}'s orders: ${(e as Error).message}`,
      { window: w.toString() },
      { cause: e },
    );
  }
  const byId = new Map<string, Uint8Array>();
  for (const b of orders.buys) byId.set(b.id, b.order.address);
  for (const s of orders.sells) byId.set(s.id, s.order.address);
  const addr = (id: string): Uint8Array => {
    const a = byId.get(id);
    if (a === undefined)
      throw new LeagError('LEDGER_SETTLEMENT_UNBALANCED', `settlement of window ${w} names unknown order ${id}`);
    return a;
  };
  const outputs: TxOutput[] = [];
  const paid = new Map<string, bigint>();
  // a seller order's payment: one output per pair, or (genesis seller_payment_per_order) one per
  // seller order at its first pair's place, summing the pairs' payments and energy
  const sellerOutput = terms.sellerPaymentPerOrder ? new Map<string, TxOutput>() : undefined;
  for (const p of settlement.pairs) {
    paid.set(p.buyer, (paid.get(p.buyer) ?? 0n) + p.buyerPays);
    if (p.sellerGets === 0n) continue;
    const held = sellerOutput?.get(p.seller);
    if (held !== undefined) {
      held.value += p.sellerGets;
      held.energyWh += p.energySoldWh;
      continue;
    }
    const o: TxOutput = { value: p.sellerGets, energyWh: p.energySoldWh, address: addr(p.seller), escrowWindow: 0n };
    sellerOutput?.set(p.seller, o);
    outputs.push(o);
  }
  // Grid fallback (babg.md §2): an unmatched order that asked for it trades with the grid at grid
  // prices. A buyer buys what its escrow covers at r^G (at most d_max), the rest is refunded; a
  // seller sells s_max at p^G, paid by the grid (issued, like a grid sale).
  const market = ledgerMarket(terms.params);
  const unmatchedBuy = new Set(settlement.unmatchedBuyers);
  const buyOf = new Map(orders.buys.map((b) => [b.id, b.order]));
  for (const r of settlement.refunds) {
    paid.set(r.order, (paid.get(r.order) ?? 0n) + r.amount);
    let refund = r.amount;
    const o = buyOf.get(r.order);
    if (o?.gridFallback && unmatchedBuy.has(r.order)) {
      const covered = (refund * 1000n) / market.gridSellMicro;
      const energyWh = covered < o.dMaxWh ? covered : o.dMaxWh;
      const pay = paymentFor(market.gridSellMicro, energyWh);
      if (energyWh > 0n && pay > 0n) {
        outputs.push({ value: pay, energyWh, address: terms.gridAddress, escrowWindow: 0n });
        refund -= pay;
      }
    }
    if (refund > 0n) outputs.push({ value: refund, energyWh: 0n, address: addr(r.order), escrowWindow: 0n });
  }
  let gridIssued = 0n;
  const sellOf = new Map(orders.sells.map((x) => [x.id, x.order]));
  for (const id of settlement.unmatchedSellers) {
    const o = sellOf.get(id);
    if (!o?.gridFallback) continue;
    const pay = paymentFor(market.gridBuyMicro, o.sMaxWh);
    if (pay === 0n) continue;
    outputs.push({ value: pay, energyWh: o.sMaxWh, address: o.address, escrowWindow: 0n });
    gridIssued += pay;
  }
  if (settlement.margin > 0n)
    outputs.push({ value: settlement.margin, energyWh: 0n, address: terms.marginAddress, escrowWindow: 0n });
  // Books must balance: each escrow is spent exactly once, into payments and its refund.
  let escrowTotal = 0n;
  let outTotal = 0n;
  for (const b of orders.buys) {
    const e = escrowFor(b.order);
    escrowTotal += e;
    if ((paid.get(b.id) ?? 0n) !== e) {
      throw new LeagError(
        'LEDGER_SETTLEMENT_UNBALANCED',
        `window ${w}: buyer ${b.id} pays plus refund ${paid.get(b.id) ?? 0n} µ ≠ escrow ${e} µ`,
      );
    }
  }
  for (const o of outputs) outTotal += o.value;
  if (escrowTotal + gridIssued !== outTotal)
    throw new LeagError(
      'LEDGER_SETTLEMENT_UNBALANCED',
      `window ${w}: escrows ${escrowTotal} µ + grid payments ${gridIssued} µ ≠ settlement outputs ${outTotal} µ`,
    );
  const record = settlementRecord(settlement);
  const tx: Tx = {
    version: TX_VERSION,
    chainId: terms.chainId,
    kind: TxKind.TX_KIND_SETTLEMENT,
    inputs: orders.buys.map((b) => ({ prev: { txId: b.txId, index: 0 } })),
    outputs,
    lockTime: 0n,
    settlement: { settlement: record },
  };
  // sealed: the block's tx root, its size check, its id in applySettlement, a replica's
  // comparison with the proposal's copy and the block's encoding all reuse one encoding of this
  // tx (tens of thousands of outputs at a full window) instead of encoding it again each
  const stx = sealSignedTx({ tx, witnesses: [] });
  return { window: w, settlement, tx: stx, txId: txIdOf(stx.tx), hash: fromHex(settlementHash(record)), gridIssued };
}

/**
 * Removes a closed window's orders and their (window, address, nonce) entries from the state, all
 * at once (StateView.closeWindow): the replay guards of its orders are now the window rule (an
 * order for a closed window is refused).
 */
export function dropWindowOrders(t: Tables, close: WindowClose): void {
  t.view.closeWindow(close.window);
}

export { keys };
