/**
 * V2G grid trades (design/babg.md §1): settle at once at the grid's prices against the grid
 * account. BUY: the EV pays r^G per kWh; output 0 pays the grid address and records the energy.
 * SELL: the grid pays p^G per kWh; the grid is outside the ledger (it settles in fiat), so this
 * money is issued, counted apart from mints in the supply ("grid issued").
 */
import { GridSide, type GridTrade, MAX_MONEY, paymentFor, type Tx, type TxOutput } from '@leag/core';
import { bytesEqual, toHex } from '../storage/bytes.js';
import { need } from './fail.js';
import { ledgerMarket } from './market.js';
import type { Tables } from './state-tables.js';
import type { TxEnv } from './tx-env.js';
import { applyCoins, checkConservation } from './tx-inputs.js';

export function applyGridTrade(tx: Tx, txId: Uint8Array, coins: readonly TxOutput[], t: Tables, env: TxEnv): void {
  const g = tx.gridTrade as GridTrade;
  need(
    g.side === GridSide.GRID_SIDE_BUY || g.side === GridSide.GRID_SIDE_SELL,
    'GRID_BAD_SIDE',
    () => `grid trade side must be BUY or SELL, found ${g.side}`,
  );
  need(
    g.address.length === 20,
    'ORDER_BAD_ADDRESS',
    () => `grid trade address must be 20 bytes, found ${g.address.length}`,
  );
  need(
    t.isGranted(g.address),
    'ORDER_UNREGISTERED_ADDRESS',
    () => `address ${toHex(g.address)} was never granted on chain`,
  );
  need(
    !t.nonceUsed(g.address, g.nonce),
    'ORDER_REPLAYED_NONCE',
    () => `address ${toHex(g.address)} already used nonce ${g.nonce}`,
  );
  const m = ledgerMarket(t.paramsFor(env.window, env.ctx.genesisParams));
  need(
    g.energyWh > 0n && g.energyWh <= m.maxEnergyWh,
    'GRID_BAD_ENERGY',
    () => `grid trade energy must be in 1..${m.maxEnergyWh} Wh, found ${g.energyWh}`,
  );
  const o0 = tx.outputs[0] as TxOutput;
  tx.outputs.forEach((o, i) => {
    if (i > 0)
      need(
        o.energyWh === 0n,
        'TX_OUTPUT_ENERGY',
        () => `grid trade output ${i} carries energy: only output 0 records it`,
      );
  });
  if (g.side === GridSide.GRID_SIDE_BUY) {
    const pay = paymentFor(m.gridSellMicro, g.energyWh);
    need(coins.length > 0, 'TX_NO_INPUTS', 'a grid purchase needs inputs to pay with');
    need(
      bytesEqual(o0.address, env.ctx.gridAddress) && o0.value === pay && o0.energyWh === g.energyWh,
      'GRID_BAD_PAYMENT',
      () => `output 0 must pay the grid ${pay} µ for ${g.energyWh} Wh at the grid's selling price`,
    );
    checkConservation(tx, coins);
  } else {
    const pay = paymentFor(m.gridBuyMicro, g.energyWh);
    need(coins.length === 0, 'TX_UNEXPECTED_INPUTS', 'a sale to the grid takes no inputs (the grid pays)');
    need(
      tx.outputs.length === 1 && bytesEqual(o0.address, g.address) && o0.value === pay && o0.energyWh === g.energyWh,
      'GRID_BAD_PAYMENT',
      () => `the only output must pay ${pay} µ for ${g.energyWh} Wh to the seller at the grid's buying price`,
    );
    const s = t.supply();
    need(
      s.minted + s.gridIssued + pay <= MAX_MONEY,
      'TX_SUPPLY_OVERFLOW',
      () => `the grid payment would take the money supply over ${MAX_MONEY}`,
    );
    t.setSupply({ ...s, gridIssued: s.gridIssued + pay });
    t.markSeen(txId, env.height);
  }
  applyCoins(tx, txId, t);
  t.useNonce(g.address, g.nonce, txId);
}
