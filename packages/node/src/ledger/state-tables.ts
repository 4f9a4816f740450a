/**
 * The ledger state tables: the first byte of every state key, then a fixed-width key. Numbers are
 * never reused (retired ones stay as comments). The state root covers every entry of every table.
 */
import type { MarketParams, Tx, TxOutput } from '@leag/core';
import { LeagError } from '@leag/core';
import { concatBytes, putU64be, readU32be, readU64be, u32be, u64be } from '../storage/bytes.js';
import { codecs } from './codec.js';
import type { StateView } from './state-view.js';

export enum Table {
  /** txid(32) ‖ index(u32) → TxOutput: the UTXO set. */
  utxo = 0x01,
  /**
   * window(u64) ‖ address(20) ‖ nonce(u64) → Tx: an order of a window not yet closed. The key is
   * also the order's replay guards while its window is open: the same tx again is TX_REPLAYED (the
   * stored Tx is this one), another order with the address's nonce ORDER_REPLAYED_NONCE.
   */
  order = 0x02,
  /** address(20) ‖ nonce(u64) → txid: used (address, nonce) pairs of grid trades (kept forever). */
  nonce = 0x03,
  /** address(20) → granter(u32) ‖ cert_hash: addresses granted on chain. */
  address = 0x04,
  /**
   * txid(32) → height(u64): ids of committed txs that spend no input and name no window (mint,
   * grant, grid sale, parameter update, evidence), kept forever. Sell orders are guarded by their
   * order entry while their window is open and by the window rule after (docs/ledger.md).
   */
  seen = 0x05,
  /** 'tip' → height(u64) ‖ timestamp_ms(u64) ‖ last closed window(u64). */
  chain = 0x06,
  /** 'supply' → minted(u64) ‖ grid issued(u64), in µ. */
  supply = 0x07,
  /** effective window(u64) → MarketParams. */
  params = 0x08,
  /** validator(u32) ‖ height(u64) ‖ view(u64) ‖ phase(u32) → height(u64) of the evidence tx. */
  evidence = 0x09,
  // 0x0a (orderNonce, window ‖ address ‖ nonce → txid) retired in store schema 3: the order entry's
  // key is that guard now (one state entry per order instead of two).
}

const TAG = (t: Table, ...parts: Uint8Array[]): Uint8Array => concatBytes(Uint8Array.of(t), ...parts);
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const TIP_KEY = TAG(Table.chain, ascii('tip'));
const SUPPLY_KEY = TAG(Table.supply, ascii('supply'));

/** window(u64) ‖ address(20) ‖ nonce(u64) under the order table, written in place (one allocation). */
function orderKey(window: bigint, address: Uint8Array, nonce: bigint): Uint8Array {
  const k = new Uint8Array(1 + 8 + address.length + 8);
  k[0] = Table.order;
  putU64be(k, 1, window);
  k.set(address, 9);
  putU64be(k, 9 + address.length, nonce);
  return k;
}

/**
 * State keys. The constant ones (tip, supply) are one shared array each: keys are never written
 * to after they are built (views and the store keep them as they are).
 */
export const keys = {
  utxo: (txId: Uint8Array, index: number) => TAG(Table.utxo, txId, u32be(index)),
  order: orderKey,
  nonce: (address: Uint8Array, nonce: bigint) => TAG(Table.nonce, address, u64be(nonce)),
  address: (address: Uint8Array) => TAG(Table.address, address),
  seen: (txId: Uint8Array) => TAG(Table.seen, txId),
  tip: () => TIP_KEY,
  supply: () => SUPPLY_KEY,
  params: (window: bigint) => TAG(Table.params, u64be(window)),
  evidence: (validator: number, height: bigint, view: bigint, phase: number) =>
    TAG(Table.evidence, u32be(validator), u64be(height), u64be(view), u32be(phase)),
};

export interface ChainTip {
  height: bigint;
  timestampMs: bigint;
  /** The last window that has ended (its orders are refused from its end on). */
  lastClosedWindow: bigint;
  /**
   * The last window settled (≤ lastClosedWindow): the windows between have ended but their
   * settlement is not due yet (genesis settlement_lag_ms).
   */
  lastSettledWindow: bigint;
  /**
   * The proposer of the block that ended the windows waiting for settlement: their LEAG margin
   * goes to it (0 when none waits).
   */
  endProposer: number;
}

export interface Supply {
  minted: bigint;
  gridIssued: bigint;
}

/**
 * The chain tip entry's value (keys.tip()): height ‖ time ‖ last closed window, 24 bytes, and
 * ‖ last settled window ‖ end proposer (u32), 36 bytes, only while windows wait for settlement
 * (so a chain without a settlement lag keeps the tip, and state roots, it had before the lag).
 */
export function decodeTip(b: Uint8Array): ChainTip {
  if (b.length !== 24 && b.length !== 36)
    throw new LeagError('STATE_CORRUPT', `chain tip entry must be 24 or 36 bytes, found ${b.length}`);
  const lastClosedWindow = readU64be(b, 16);
  const waiting = b.length === 36;
  return {
    height: readU64be(b, 0),
    timestampMs: readU64be(b, 8),
    lastClosedWindow,
    lastSettledWindow: waiting ? readU64be(b, 24) : lastClosedWindow,
    endProposer: waiting ? readU32be(b, 32) : 0,
  };
}

function encodeTip(t: ChainTip): Uint8Array {
  const head = concatBytes(u64be(t.height), u64be(t.timestampMs), u64be(t.lastClosedWindow));
  if (t.lastSettledWindow > t.lastClosedWindow)
    throw new LeagError('STATE_INTERNAL', `settled window ${t.lastSettledWindow} is after the last closed one`);
  return t.lastSettledWindow === t.lastClosedWindow
    ? head
    : concatBytes(head, u64be(t.lastSettledWindow), u32be(t.endProposer));
}

/** Parameter updates by effective window, ascending, decoded and frozen (shared by every reader). */
function paramUpdates(entries: Iterable<[Uint8Array, Uint8Array]>): [bigint, MarketParams][] {
  const out: [bigint, MarketParams][] = [];
  for (const [k, v] of entries) out.push([readU64be(k, 1), Object.freeze(codecs.MarketParams.decode(v))]);
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Typed reads and writes over a StateView. */
export class Tables {
  constructor(readonly view: StateView) {}

  getUtxo(txId: Uint8Array, index: number): TxOutput | undefined {
    const b = this.view.get(keys.utxo(txId, index));
    return b === undefined ? undefined : codecs.TxOutput.decode(b);
  }
  putUtxo(txId: Uint8Array, index: number, out: TxOutput): void {
    this.view.set(keys.utxo(txId, index), codecs.TxOutput.encode(out));
  }
  spendUtxo(txId: Uint8Array, index: number): void {
    this.view.delete(keys.utxo(txId, index));
  }

  tip(): ChainTip | undefined {
    const b = this.view.get(keys.tip());
    return b === undefined ? undefined : decodeTip(b);
  }
  setTip(t: ChainTip): void {
    this.view.set(keys.tip(), encodeTip(t));
  }

  supply(): Supply {
    const b = this.view.get(keys.supply());
    if (b === undefined) return { minted: 0n, gridIssued: 0n };
    return { minted: readU64be(b, 0), gridIssued: readU64be(b, 8) };
  }
  setSupply(s: Supply): void {
    this.view.set(keys.supply(), concatBytes(u64be(s.minted), u64be(s.gridIssued)));
  }

  addressGrant(address: Uint8Array): { granter: number; certHash: Uint8Array } | undefined {
    const b = this.view.get(keys.address(address));
    return b === undefined ? undefined : { granter: readU32be(b, 0), certHash: b.slice(4) };
  }
  /** addressGrant(address) !== undefined, without decoding the entry. */
  isGranted(address: Uint8Array): boolean {
    return this.view.has(keys.address(address));
  }
  grantAddress(address: Uint8Array, granter: number, certHash: Uint8Array): void {
    this.view.set(keys.address(address), concatBytes(u32be(granter), certHash));
  }

  nonceUsed(address: Uint8Array, nonce: bigint): boolean {
    return this.view.has(keys.nonce(address, nonce));
  }
  useNonce(address: Uint8Array, nonce: bigint, txId: Uint8Array): void {
    this.view.set(keys.nonce(address, nonce), txId);
  }

  /** The encoded Tx of the order using (address, nonce) in `window`, if any. */
  orderAt(window: bigint, address: Uint8Array, nonce: bigint): Uint8Array | undefined {
    return this.view.get(keys.order(window, address, nonce));
  }
  putOrder(window: bigint, address: Uint8Array, nonce: bigint, tx: Tx): void {
    this.view.set(keys.order(window, address, nonce), codecs.Tx.encode(tx));
  }

  seen(txId: Uint8Array): boolean {
    return this.view.has(keys.seen(txId));
  }
  markSeen(txId: Uint8Array, height: bigint): void {
    this.view.set(keys.seen(txId), u64be(height));
  }

  /**
   * Market params in force for a window: the update with the greatest effective window ≤ w. The
   * updates are decoded once per committed state (every order reads them) unless this block has
   * written one.
   */
  paramsFor(window: bigint, genesisParams: MarketParams): MarketParams {
    const updates = this.view.wroteTable(Table.params)
      ? paramUpdates(this.view.tableEntries(Table.params))
      : this.view.base.derived('paramUpdates', () => paramUpdates(this.view.base.tableEntries(Table.params)));
    let best = genesisParams;
    for (const [w, p] of updates) {
      if (w > window) break;
      best = p;
    }
    return best;
  }
  setParams(window: bigint, p: MarketParams): void {
    this.view.set(keys.params(window), codecs.MarketParams.encode(p));
  }
}
