/**
 * Buy and sell orders (design/babg.md §1): an order names the window that is open at its block's
 * time (an earlier one is closed, a later one is in the future), comes from an address granted on
 * chain, uses an (address, nonce) fresh in its window, stays within the energy cap and the grid
 * price band, and a buy order locks priceMax·dMax in escrow as its output 0.
 * Replay guards live only as long as the window (docs/ledger.md, "Order replay guards"): the
 * order entry (window ‖ tx id) and the (window, address, nonce) entry are deleted when the window
 * closes, after which the window rule refuses the order for good.
 */
import { type BuyOrder, paymentFor, type SellOrder, type Tx, type TxOutput } from '@leag/core';
import { bytesEqual, toHex } from '../storage/bytes.js';
import { codecs } from './codec.js';
import { need } from './fail.js';
import { ledgerMarket } from './market.js';
import type { Tables } from './state-tables.js';
import type { TxEnv } from './tx-env.js';
import { applyCoins, checkConservation } from './tx-inputs.js';

export const OMEGA_MAX_PPM = 1_000_000;

/**
 * The window rule's first half: no order for a window the chain has closed, whatever time a caller
 * validates at (in a block, env.window > last closed window already holds). The pruned replay
 * guards rest on it. Needs no signature: the intake applies it before the ECDSA check.
 */
export function checkOrderWindowOpen(window: bigint, lastClosedWindow: bigint, openWindow: bigint): void {
  need(
    window > lastClosedWindow && window >= openWindow,
    'ORDER_CLOSED_WINDOW',
    () => `order is for window ${window}, which is closed (the open window is ${openWindow})`,
    () => ({ window: window.toString() }),
  );
}

function checkCommon(o: { window: bigint; nonce: bigint; address: Uint8Array }, t: Tables, env: TxEnv): void {
  checkOrderWindowOpen(o.window, t.tip()?.lastClosedWindow ?? 0n, env.window);
  const max = env.ctx.limits.maxWindowOrders;
  need(
    t.view.windowCount(o.window) < max,
    'ORDER_WINDOW_FULL',
    () => `window ${o.window} holds its maximum of ${max} orders; submit for window ${o.window + 1n}`,
    () => ({ window: o.window.toString(), max }),
  );
  need(
    o.window <= env.window,
    'ORDER_FUTURE_WINDOW',
    () => `order is for window ${o.window}, which is not open yet (the open window is ${env.window})`,
    () => ({ window: o.window.toString() }),
  );
  need(o.address.length === 20, 'ORDER_BAD_ADDRESS', () => `order address must be 20 bytes, found ${o.address.length}`);
  need(
    t.isGranted(o.address),
    'ORDER_UNREGISTERED_ADDRESS',
    () => `address ${toHex(o.address)} was never granted on chain`,
  );
  need(
    t.orderAt(o.window, o.address, o.nonce) === undefined,
    'ORDER_REPLAYED_NONCE',
    () => `address ${toHex(o.address)} already used nonce ${o.nonce} in window ${o.window}`,
    () => ({ nonce: o.nonce.toString(), window: o.window.toString() }),
  );
}

/**
 * The sell order's replay guard while its window is open: its order entry holds this very tx
 * (another tx there is the nonce rule's ORDER_REPLAYED_NONCE; docs/ledger.md).
 */
export function orderOnChain(t: Tables, tx: Tx, o: SellOrder): boolean {
  const b = t.orderAt(o.window, o.address, o.nonce);
  return b !== undefined && bytesEqual(b, codecs.Tx.encode(tx));
}

export function checkBuyOrderFields(o: BuyOrder, env: TxEnv, t: Tables): void {
  const m = ledgerMarket(t.paramsFor(o.window, env.ctx.genesisParams));
  need(
    o.dMinWh > 0n && o.dMinWh <= o.dMaxWh && o.dMaxWh <= m.maxEnergyWh,
    'ORDER_BAD_ENERGY',
    () => `need 0 < d_min ≤ d_max ≤ ${m.maxEnergyWh} Wh, found d_min ${o.dMinWh}, d_max ${o.dMaxWh}`,
  );
  need(
    m.gridBuyMicro <= o.price && o.price <= o.priceMax && o.priceMax <= m.gridSellMicro,
    'ORDER_PRICE_BOUNDS',
    () =>
      `need grid buy price ${m.gridBuyMicro} ≤ price ${o.price} ≤ price_max ${o.priceMax} ≤ grid sell price ${m.gridSellMicro} (µ/kWh)`,
  );
  need(
    o.omegaPpm >= 1 && o.omegaPpm <= OMEGA_MAX_PPM,
    'ORDER_BAD_OMEGA',
    () => `omega must be in 1..${OMEGA_MAX_PPM} ppm, found ${o.omegaPpm}`,
  );
}

export function checkSellOrderFields(o: SellOrder, env: TxEnv, t: Tables): void {
  const m = ledgerMarket(t.paramsFor(o.window, env.ctx.genesisParams));
  need(
    o.sMaxWh > 0n && o.sMaxWh <= m.maxEnergyWh,
    'ORDER_BAD_ENERGY',
    () => `need 0 < s_max ≤ ${m.maxEnergyWh} Wh, found ${o.sMaxWh}`,
  );
  need(
    m.gridBuyMicro <= o.priceMin && o.priceMin <= o.price && o.price <= m.gridSellMicro,
    'ORDER_PRICE_BOUNDS',
    () =>
      `need grid buy price ${m.gridBuyMicro} ≤ price_min ${o.priceMin} ≤ price ${o.price} ≤ grid sell price ${m.gridSellMicro} (µ/kWh)`,
  );
}

/** The escrow a buy order must lock: the payment for d_max at price_max. */
export const escrowFor = (o: BuyOrder): bigint => paymentFor(o.priceMax, o.dMaxWh);

export function applyBuyOrder(tx: Tx, txId: Uint8Array, coins: readonly TxOutput[], t: Tables, env: TxEnv): void {
  const o = tx.buyOrder as BuyOrder;
  checkCommon(o, t, env);
  checkBuyOrderFields(o, env, t);
  const e = tx.outputs[0] as TxOutput;
  const want = escrowFor(o);
  need(
    bytesEqual(e.address, o.address) && e.escrowWindow === o.window && e.value === want && e.energyWh === 0n,
    'ORDER_BAD_ESCROW',
    () =>
      `output 0 must lock ${want} µ (price_max · d_max) for window ${o.window} at the order's address, found ${e.value} µ for window ${e.escrowWindow}`,
  );
  checkConservation(tx, coins);
  applyCoins(tx, txId, t);
  t.putOrder(o.window, o.address, o.nonce, tx);
}

export function applySellOrder(tx: Tx, t: Tables, env: TxEnv): void {
  const o = tx.sellOrder as SellOrder;
  checkCommon(o, t, env);
  checkSellOrderFields(o, env, t);
  t.putOrder(o.window, o.address, o.nonce, tx);
}
