/**
 * Messages between a node and its settlement worker: a SettlementJob and its SettlementAhead with
 * their many small byte arrays packed (packed.ts).
 */
import type { MarketParams, Settlement, Tx } from '@leag/core';
import { LeagError } from '@leag/core';
import {
  aheadTx,
  aheadWritesOrder,
  aheadWritesSteps,
  runSteps,
  type SettlementAhead,
  type SettlementJob,
} from '../ledger/index.js';
import { type Packed, pack, unpack, unpackSteps } from './packed.js';

/** What the node passes to the worker at its start. */
export interface WorkerInit {
  nice: number;
}

export interface JobMessage {
  id: number;
  window: bigint;
  params: MarketParams;
  chainId: string;
  gridAddress: Uint8Array;
  marginAddress: Uint8Array;
  sellerPaymentPerOrder: boolean;
  orders: Packed;
  escrowIds: string[];
  escrows: Packed;
}

export interface ResultBody {
  window: bigint;
  marginAddress: Uint8Array;
  settlement: Settlement;
  txBytes: Uint8Array;
  /** The settlement Tx as built (structured-cloned: cheaper for the node than decoding txBytes). */
  tx: Tx;
  txId: Uint8Array;
  hash: Uint8Array;
  gridIssued: bigint;
  spent: Packed;
  createdKeys: Packed;
  createdValues: Packed;
  delta: Uint16Array;
  /** The sorted order of the writes' keys (spent, then created), computed in the worker. */
  writeOrder: Uint32Array;
}

export type ReplyMessage =
  | { id: number; result: ResultBody | null; computeMs: number }
  | { id: number; error: { code: string; message: string } };

export function jobMessage(id: number, j: SettlementJob): JobMessage {
  return {
    id,
    window: j.window,
    params: j.params,
    chainId: j.chainId,
    gridAddress: j.gridAddress.slice(),
    marginAddress: j.marginAddress.slice(),
    sellerPaymentPerOrder: j.sellerPaymentPerOrder,
    orders: pack(j.orders),
    escrowIds: j.escrows.map(([id]) => id),
    escrows: pack(j.escrows.map(([, r]) => r)),
  };
}

export function jobOf(m: JobMessage): SettlementJob {
  const records = unpack(m.escrows);
  return {
    window: m.window,
    params: m.params,
    chainId: m.chainId,
    gridAddress: m.gridAddress,
    marginAddress: m.marginAddress,
    sellerPaymentPerOrder: m.sellerPaymentPerOrder,
    orders: unpack(m.orders),
    escrows: m.escrowIds.map((id, i) => [id, records[i] as Uint8Array]),
  };
}

export function resultBody(a: SettlementAhead): ResultBody {
  return {
    window: a.window,
    marginAddress: a.marginAddress,
    settlement: a.settlement,
    txBytes: a.txBytes,
    tx: a.tx,
    txId: a.txId,
    hash: a.hash,
    gridIssued: a.gridIssued,
    spent: pack(a.spent),
    createdKeys: pack(a.created.map(([k]) => k)),
    createdValues: pack(a.created.map(([, v]) => v)),
    delta: a.delta,
    writeOrder: aheadWritesOrder(a.spent, a.created),
  };
}

/**
 * A result as the node takes it, in steps (a generator: the caller gives its event loop a turn at
 * each yield, every `per` entries): its arrays unpacked, its writes prepared for the settling
 * block (ledger aheadWritesSteps, in the worker's sorted order) and its tx sealed. All of it used
 * to run in one go on every node's main thread at about the same moment, a few hundred ms each on
 * the loaded testnet (docs/performance.md).
 */
export function* receiveSteps(b: ResultBody, per: number): Generator<void, SettlementAhead> {
  const spent = yield* unpackSteps(b.spent, per);
  const keys = yield* unpackSteps(b.createdKeys, per);
  const values = yield* unpackSteps(b.createdValues, per);
  if (keys.length !== values.length)
    throw new LeagError('SETTLE_WORKER', `a result has ${keys.length} created keys but ${values.length} records`);
  const a: SettlementAhead = {
    window: b.window,
    marginAddress: b.marginAddress,
    settlement: b.settlement,
    txBytes: b.txBytes,
    tx: b.tx,
    txId: b.txId,
    hash: b.hash,
    gridIssued: b.gridIssued,
    spent,
    created: keys.map((k, i) => [k, values[i] as Uint8Array]),
    delta: b.delta,
  };
  a.prepared = yield* aheadWritesSteps(a.spent, a.created, a.delta, b.writeOrder, per);
  aheadTx(a);
  return a;
}

/** receiveSteps in one go (the ledger benchmark). */
export function aheadOf(b: ResultBody): SettlementAhead {
  return runSteps(receiveSteps(b, Number.POSITIVE_INFINITY));
}
