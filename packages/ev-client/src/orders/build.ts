/**
 * Builds and signs order and grid-trade transactions exactly as the ledger wants them
 * (packages/node/src/ledger/tx-orders.ts, tx-grid.ts, tx-signatures.ts):
 * - buy order: inputs = wallet coins; output 0 = escrow of price_max·d_max at the order's address
 *   for the window; output 1 = change to the same address; witnesses = one per input (its owner's
 *   key), then the order address's key.
 * - sell order: no inputs or outputs; one witness, the order address's key.
 * - grid buy: inputs = wallet coins; output 0 pays r^G·e to the grid address with the energy;
 *   change to the trade address; grid sell: one output paying p^G·e to the trade address.
 */
import {
  type BuyOrder,
  GridSide,
  makeWitness,
  paymentFor,
  type SellOrder,
  type SignedTx,
  type Tx,
  TxKind,
  type TxOutput,
  toHex,
  txId,
} from '@leag/core';
import { type Coin, selectCoins } from './coins.js';
import type { BuyValues, OrderBounds, SellValues } from './validate.js';

export const TX_VERSION = 1;

/** Whatever can sign for a wallet address (the keystore, or a fleet EV's keys). */
export interface Signer {
  secretKeyOf(address: Uint8Array): Uint8Array;
}

export interface BuiltTx {
  stx: SignedTx;
  /** Hex tx id (the order id). */
  id: string;
  /** Coins this tx spends (to avoid double spending them before the node confirms). */
  spent: Coin[];
}

function finish(tx: Tx, inputs: readonly Coin[], payloadAddress: Uint8Array | null, signer: Signer): BuiltTx {
  const witnesses = inputs.map((c) => makeWitness(tx, signer.secretKeyOf(c.address)));
  if (payloadAddress !== null) witnesses.push(makeWitness(tx, signer.secretKeyOf(payloadAddress)));
  return { stx: { tx, witnesses }, id: toHex(txId(tx)), spent: [...inputs] };
}

const base = (chainId: string, kind: TxKind): Omit<Tx, 'inputs' | 'outputs'> => ({
  version: TX_VERSION,
  chainId,
  kind,
  lockTime: 0n,
});

const free = (value: bigint, address: Uint8Array): TxOutput => ({ value, energyWh: 0n, address, escrowWindow: 0n });

export function buildBuyOrder(
  o: { chainId: string; window: bigint; nonce: bigint; address: Uint8Array; values: BuyValues; coins: readonly Coin[] },
  signer: Signer,
): BuiltTx {
  const v = o.values;
  const buyOrder: BuyOrder = {
    window: o.window,
    nonce: o.nonce,
    address: o.address,
    dMinWh: v.dMinWh,
    dMaxWh: v.dMaxWh,
    price: v.price,
    priceMax: v.priceMax,
    omegaPpm: v.omegaPpm,
    gridFallback: v.gridFallback,
  };
  const escrow = paymentFor(v.priceMax, v.dMaxWh);
  const { inputs, total } = selectCoins(o.coins, escrow);
  const outputs: TxOutput[] = [{ value: escrow, energyWh: 0n, address: o.address, escrowWindow: o.window }];
  if (total > escrow) outputs.push(free(total - escrow, o.address));
  const tx: Tx = {
    ...base(o.chainId, TxKind.TX_KIND_BUY_ORDER),
    inputs: inputs.map((c) => ({ prev: { txId: c.txId, index: c.index } })),
    outputs,
    buyOrder,
  };
  return finish(tx, inputs, o.address, signer);
}

export function buildSellOrder(
  o: { chainId: string; window: bigint; nonce: bigint; address: Uint8Array; values: SellValues },
  signer: Signer,
): BuiltTx {
  const v = o.values;
  const sellOrder: SellOrder = {
    window: o.window,
    nonce: o.nonce,
    address: o.address,
    sMaxWh: v.sMaxWh,
    price: v.price,
    priceMin: v.priceMin,
    gridFallback: v.gridFallback,
  };
  const tx: Tx = { ...base(o.chainId, TxKind.TX_KIND_SELL_ORDER), inputs: [], outputs: [], sellOrder };
  return finish(tx, [], o.address, signer);
}

export function buildGridTrade(
  o: {
    chainId: string;
    side: 'buy' | 'sell';
    energyWh: bigint;
    nonce: bigint;
    address: Uint8Array;
    bounds: OrderBounds;
    gridAddress: Uint8Array;
    coins: readonly Coin[];
  },
  signer: Signer,
): BuiltTx {
  const gridTrade = {
    side: o.side === 'buy' ? GridSide.GRID_SIDE_BUY : GridSide.GRID_SIDE_SELL,
    energyWh: o.energyWh,
    address: o.address,
    nonce: o.nonce,
  };
  const kind = base(o.chainId, TxKind.TX_KIND_GRID_TRADE);
  if (o.side === 'sell') {
    const pay = paymentFor(o.bounds.gridBuyMicro, o.energyWh);
    const tx: Tx = {
      ...kind,
      inputs: [],
      outputs: [{ value: pay, energyWh: o.energyWh, address: o.address, escrowWindow: 0n }],
      gridTrade,
    };
    return finish(tx, [], o.address, signer);
  }
  const pay = paymentFor(o.bounds.gridSellMicro, o.energyWh);
  const { inputs, total } = selectCoins(o.coins, pay);
  const outputs: TxOutput[] = [{ value: pay, energyWh: o.energyWh, address: o.gridAddress, escrowWindow: 0n }];
  if (total > pay) outputs.push(free(total - pay, o.address));
  const tx: Tx = {
    ...kind,
    inputs: inputs.map((c) => ({ prev: { txId: c.txId, index: c.index } })),
    outputs,
    gridTrade,
  };
  return finish(tx, inputs, o.address, signer);
}
