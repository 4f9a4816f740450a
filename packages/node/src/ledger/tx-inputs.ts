/**
 * Contextual input and amount checks (Bitcoin Core's CheckTxInputs): every input exists and is
 * unspent (in the state as of the previous txs of the block, so an output created LATER in the
 * block is missing), escrowed coins are spent only by their window's settlement, the input sum is
 * in range, and value is conserved exactly (there are no fees: inputs = outputs).
 */
import { MAX_MONEY, type Tx, TxKind, type TxOutput } from '@leag/core';
import { toHex } from '../storage/bytes.js';
import { need } from './fail.js';
import type { Tables } from './state-tables.js';

/** Looks up every input's coin; throws TX_MISSING_INPUT / TX_ESCROW_LOCKED. */
export function resolveInputs(tx: Tx, t: Tables): TxOutput[] {
  return tx.inputs.map((inp, i) => {
    const coin = t.getUtxo(inp.prev.txId, inp.prev.index);
    need(
      coin !== undefined,
      'TX_MISSING_INPUT',
      () => `input ${i} spends ${toHex(inp.prev.txId)}:${inp.prev.index}, which does not exist or is already spent`,
      {
        input: i,
      },
    );
    const settles = tx.kind === TxKind.TX_KIND_SETTLEMENT;
    need(
      settles === (coin.escrowWindow !== 0n),
      settles ? 'TX_NOT_ESCROW' : 'TX_ESCROW_LOCKED',
      settles
        ? `settlement input ${i} is not an escrow`
        : `input ${i} is an escrow of window ${coin.escrowWindow}: only that window's settlement may spend it`,
      {
        input: i,
      },
    );
    return coin;
  });
}

export function sumValues(outs: readonly TxOutput[], code: string, what: string): bigint {
  let s = 0n;
  for (const o of outs) {
    s += o.value;
    need(s <= MAX_MONEY, code, () => `${what} total more than the maximum ${MAX_MONEY}`);
  }
  return s;
}

/** Inputs must equal outputs (no fees). */
export function checkConservation(tx: Tx, coins: readonly TxOutput[]): void {
  const inSum = sumValues(coins, 'TX_INPUT_RANGE', 'inputs');
  const outSum = sumValues(tx.outputs, 'TX_OUTPUT_TOTAL_RANGE', 'outputs');
  need(inSum >= outSum, 'TX_INSUFFICIENT_INPUTS', () => `inputs total ${inSum} µ, less than the outputs' ${outSum} µ`);
  need(
    inSum === outSum,
    'TX_VALUE_NOT_CONSERVED',
    () => `inputs total ${inSum} µ but outputs ${outSum} µ: LEAG has no fees, the two must be equal`,
  );
}

/** Spends the inputs and creates the outputs of a tx. */
export function applyCoins(tx: Tx, txId: Uint8Array, t: Tables): void {
  for (const inp of tx.inputs) t.spendUtxo(inp.prev.txId, inp.prev.index);
  tx.outputs.forEach((o, i) => {
    t.putUtxo(txId, i, o);
  });
}
