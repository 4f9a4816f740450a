/**
 * A window's settlement computed ahead of its block (docs/decisions.md, "Settlement after a lag").
 * From the window's end its book, its escrows, its parameters and its margin recipient are fixed,
 * so the settlement and all of its state effects are too: the tx and its id, the UTXO record of
 * each output, and the change it makes to the state root's main LtHash (each escrow's entry out,
 * each output's entry in). `settleAhead` computes them from plain data, so a node runs it in a
 * worker thread while the chain goes on (node/src/driver/settlement-worker.ts), and the block that
 * carries the settlement applies the result with a few map writes instead of running the contract,
 * encoding and hashing on the chain's critical path.
 *
 * The result is the same as closeWindow's (settleBook is the one code for both) and the state it
 * leads to is the same, root included (test/ledger/settlement-ahead.test.ts): a node without it,
 * replaying blocks, computes the settlement in the block as before.
 */

import type { MarketParams, Settlement, SignedTx, Tx } from '@leag/core';
import { delimitedFields, LeagError, sealSignedTx, sealTrustedTx, txIdOfEncoding } from '@leag/core';
import { toHex } from '../storage/bytes.js';
import { type AheadWrites, runSteps } from './ahead-writes.js';
import { bookOf, type SettleTerms, settleBook, type WindowClose } from './clearing.js';
import { codecs } from './codec.js';
import { LtHash } from './lthash.js';
import { stateElement } from './state-element.js';
import { keys, type Tables } from './state-tables.js';

/** The input of settleAhead: plain data (structured-cloneable to a worker). */
export interface SettlementJob {
  window: bigint;
  params: MarketParams;
  chainId: string;
  gridAddress: Uint8Array;
  marginAddress: Uint8Array;
  sellerPaymentPerOrder: boolean;
  /** The window's order records (encoded order txs), as the state holds them. */
  orders: Uint8Array[];
  /** The UTXO record of each buy order's escrow (output 0), by the order's tx id (hex). */
  escrows: [string, Uint8Array][];
}

/** The output of settleAhead (structured-cloneable back). */
export interface SettlementAhead {
  window: bigint;
  marginAddress: Uint8Array;
  settlement: Settlement;
  /** The settlement tx's canonical encoding and id. */
  txBytes: Uint8Array;
  /**
   * The settlement Tx itself, as built (plain data): the node takes it with txBytes as its
   * encoding instead of decoding them (aheadTx).
   */
  tx: Tx;
  txId: Uint8Array;
  hash: Uint8Array;
  gridIssued: bigint;
  /** UTXO keys the settlement deletes (the escrows) and writes (its outputs, with their records). */
  spent: Uint8Array[];
  created: [Uint8Array, Uint8Array][];
  /** Σ created entries − Σ spent entries, as LtHash lanes (the main accumulator's change). */
  delta: Uint16Array;
  /** spent and created as the settling block's view reads them (aheadWrites), once prepared. */
  prepared?: AheadWrites;
}

/**
 * Whether a state order record (a Tx's canonical encoding) is a buy order, read from its top-level
 * fields without decoding it (Tx.buy_order is field 13, sell_order 14). Undefined for a record with
 * neither: it is then decoded.
 */
function isBuyRecord(rec: Uint8Array): boolean | undefined {
  if (delimitedFields(rec, 13).length > 0) return true;
  return delimitedFields(rec, 14).length > 0 ? false : undefined;
}

/**
 * The job for window w on this state: its book and escrows, with the given terms. It runs on the
 * node's main thread when the window ends, so it reads the book's records as they are (the worker
 * decodes them) and finds each buy order's escrow by the order's id, hashed from its record:
 * decoding the window there took about half a second for 25 000 orders, on every node at once.
 */
export function settlementJob(t: Tables, terms: SettleTerms): SettlementJob {
  return runSteps(settlementJobSteps(t, terms, Number.POSITIVE_INFINITY));
}

/**
 * settlementJob in steps, yielding after every `per` orders (a node gives its event loop a turn
 * between them: the window's book and escrows no longer change once it has ended, whatever the
 * blocks committed meanwhile, until the block that settles it, which waits for the job).
 */
export function* settlementJobSteps(t: Tables, terms: SettleTerms, per: number): Generator<void, SettlementJob> {
  const orders = t.view.windowValues(terms.window);
  const escrows: [string, Uint8Array][] = [];
  for (let i = 0; i < orders.length; i++) {
    if (i > 0 && i % per === 0) yield;
    const rec = orders[i] as Uint8Array;
    const buy = isBuyRecord(rec);
    const id =
      buy === true
        ? txIdOfEncoding(rec)
        : buy === undefined
          ? bookOf([rec]).buys[0]?.txId // not read from the bytes: decoded
          : undefined;
    if (id === undefined) continue;
    const escrow = t.view.get(keys.utxo(id, 0));
    if (escrow === undefined)
      throw new LeagError(
        'TX_MISSING_INPUT',
        `window ${terms.window}: the escrow of buy order ${toHex(id)} is not in the state`,
      );
    escrows.push([toHex(id), escrow]);
  }
  return { ...terms, orders, escrows };
}

/** The settlement and its state effects (pure; null for a window without orders). */
export function settleAhead(job: SettlementJob): SettlementAhead | null {
  const book = bookOf(job.orders);
  if (book.buys.length + book.sells.length === 0) return null;
  const c = settleBook(book, job);
  const escrowOf = new Map(job.escrows);
  const delta = new LtHash();
  const spent: Uint8Array[] = [];
  for (const inp of c.tx.tx.inputs) {
    const key = keys.utxo(inp.prev.txId, inp.prev.index);
    const rec = escrowOf.get(toHex(inp.prev.txId));
    if (rec === undefined || inp.prev.index !== 0)
      throw new LeagError('TX_MISSING_INPUT', `window ${job.window}: no escrow record for a settlement input`);
    delta.remove(stateElement(key, rec));
    spent.push(key);
  }
  const created: [Uint8Array, Uint8Array][] = c.tx.tx.outputs.map((o, i) => {
    const key = keys.utxo(c.txId, i);
    const rec = codecs.TxOutput.encode(o);
    delta.add(stateElement(key, rec));
    return [key, rec];
  });
  return {
    window: job.window,
    marginAddress: job.marginAddress,
    settlement: c.settlement,
    txBytes: codecs.Tx.encode(c.tx.tx),
    tx: c.tx.tx,
    txId: c.txId,
    hash: c.hash,
    gridIssued: c.gridIssued,
    spent,
    created,
    delta: delta.lanes,
  };
}

const decoded = new WeakMap<SettlementAhead, SignedTx>();

/**
 * The settlement tx of a result computed ahead, once per result (a node takes it when the result
 * arrives, during the lag, not in the settling block). The result is this node's own (its worker
 * built it from its state), so the Tx the worker posted is taken as it is, sealed with txBytes as
 * its encoding: its encoding (the block's tx root, its stored bytes) and id are not computed
 * again. Decoding txBytes instead took about 0.6 s of the main thread for 25 000 orders, on every
 * node at about the same moment (docs/performance.md).
 */
export function aheadTx(a: SettlementAhead): SignedTx {
  let tx = decoded.get(a);
  if (tx === undefined) {
    sealTrustedTx(a.tx, a.txBytes);
    tx = sealSignedTx({ tx: a.tx, witnesses: [] });
    decoded.set(a, tx);
  }
  return tx;
}

/** A WindowClose from a result computed ahead (its tx decoded only if the block needs it). */
export function closeFromAhead(a: SettlementAhead): WindowClose {
  return {
    window: a.window,
    settlement: a.settlement,
    get tx(): SignedTx {
      return aheadTx(a);
    },
    txId: a.txId,
    hash: a.hash,
    gridIssued: a.gridIssued,
    ahead: a,
  };
}

/** Settlements computed ahead, as the ledger asks for them (a node's cache of worker results). */
export interface SettlementsAhead {
  /** Window w's result if it was computed for this margin recipient, else undefined. */
  get(window: bigint, marginAddress: Uint8Array): SettlementAhead | undefined;
}
