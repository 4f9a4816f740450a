/**
 * One tx against the state, in the fixed rule order: shape → replay → inputs → witnesses →
 * kind rules (amounts, orders, windows, grants, ...) → effects. Used alike by the API (mempool
 * admission, on a throwaway view) and by block validation, so both reject a bad tx with the same
 * code.
 */
import { type SignedTx, TxKind } from '@leag/core';
import { toHex } from '../storage/bytes.js';
import { txIdOf } from './codec.js';
import { need } from './fail.js';
import type { Tables } from './state-tables.js';
import { applyEvidence, applyGrant, applyMint, applyParamUpdate } from './tx-admin.js';
import type { TxEnv } from './tx-env.js';
import { applyGridTrade } from './tx-grid.js';
import { applyCoins, checkConservation, resolveInputs } from './tx-inputs.js';
import { applyBuyOrder, applySellOrder, orderOnChain } from './tx-orders.js';
import { checkTxShape } from './tx-shape.js';
import { checkWitnesses, type SigOptions } from './tx-signatures.js';

/** Validates and applies a submitted tx (any kind but settlement); returns its id. */
export function applyTx(stx: SignedTx, t: Tables, env: TxEnv, opts: SigOptions, knownId?: Uint8Array): Uint8Array {
  checkTxShape(stx, env.ctx);
  const tx = stx.tx;
  need(
    tx.kind !== TxKind.TX_KIND_SETTLEMENT,
    'TX_SETTLEMENT_NOT_ALLOWED',
    'settlement txs are made by the ledger at window close and cannot be submitted',
  );
  const id = knownId ?? txIdOf(tx);
  // An input-less tx is guarded by its id: a sell order by its order entry while its window is
  // open (after, the window rule refuses it), any other kind by its `seen` entry (kept forever).
  if (tx.inputs.length === 0) {
    const so = tx.kind === TxKind.TX_KIND_SELL_ORDER ? tx.sellOrder : undefined;
    const replayed = so === undefined ? t.seen(id) : orderOnChain(t, tx, so);
    need(!replayed, 'TX_REPLAYED', () => `tx ${toHex(id)} is already on chain`);
  }
  const coins = resolveInputs(tx, t);
  checkWitnesses(stx, coins, env.ctx, opts);
  switch (tx.kind) {
    case TxKind.TX_KIND_TRANSFER:
      checkConservation(tx, coins);
      applyCoins(tx, id, t);
      break;
    case TxKind.TX_KIND_MINT:
      applyMint(tx, id, t, env);
      break;
    case TxKind.TX_KIND_ADDRESS_GRANT:
      applyGrant(tx, id, t, env);
      break;
    case TxKind.TX_KIND_BUY_ORDER:
      applyBuyOrder(tx, id, coins, t, env);
      break;
    case TxKind.TX_KIND_SELL_ORDER:
      applySellOrder(tx, t, env);
      break;
    case TxKind.TX_KIND_GRID_TRADE:
      applyGridTrade(tx, id, coins, t, env);
      break;
    case TxKind.TX_KIND_EVIDENCE:
      applyEvidence(tx, id, t, env);
      break;
    case TxKind.TX_KIND_PARAM_UPDATE:
      applyParamUpdate(tx, id, t, env);
      break;
  }
  return id;
}
