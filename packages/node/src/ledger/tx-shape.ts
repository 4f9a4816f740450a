/**
 * Stateless tx checks (Bitcoin Core's CheckTransaction, plus the chain's own): version, chain id,
 * kind and payload, lock time, size, input/output counts per kind, null and duplicate inputs,
 * output ranges, energy and escrow fields, output total. Fixed order; one code per rule.
 */
import { MAX_ENERGY_WH, MAX_MONEY, type SignedTx, signedTxSize, type Tx, TxKind } from '@leag/core';
import { toHex } from '../storage/bytes.js';
import type { ChainContext } from './context.js';
import { fail, need } from './fail.js';

export const TX_VERSION = 1;

const PAYLOAD: Record<number, keyof Tx> = {
  [TxKind.TX_KIND_TRANSFER]: 'transfer',
  [TxKind.TX_KIND_MINT]: 'mint',
  [TxKind.TX_KIND_ADDRESS_GRANT]: 'addressGrant',
  [TxKind.TX_KIND_BUY_ORDER]: 'buyOrder',
  [TxKind.TX_KIND_SELL_ORDER]: 'sellOrder',
  [TxKind.TX_KIND_SETTLEMENT]: 'settlement',
  [TxKind.TX_KIND_GRID_TRADE]: 'gridTrade',
  [TxKind.TX_KIND_EVIDENCE]: 'evidence',
  [TxKind.TX_KIND_PARAM_UPDATE]: 'paramUpdate',
};
const PAYLOAD_FIELDS = Object.values(PAYLOAD);

/** Inputs/outputs each kind must have: 'some' (≥ 1), 'none' (0), or 'any'. */
const IO: Record<number, [string, string]> = {
  [TxKind.TX_KIND_TRANSFER]: ['some', 'some'],
  [TxKind.TX_KIND_MINT]: ['none', 'some'],
  [TxKind.TX_KIND_ADDRESS_GRANT]: ['none', 'none'],
  [TxKind.TX_KIND_BUY_ORDER]: ['some', 'some'],
  [TxKind.TX_KIND_SELL_ORDER]: ['none', 'none'],
  [TxKind.TX_KIND_SETTLEMENT]: ['any', 'any'],
  [TxKind.TX_KIND_GRID_TRADE]: ['any', 'some'],
  [TxKind.TX_KIND_EVIDENCE]: ['none', 'none'],
  [TxKind.TX_KIND_PARAM_UPDATE]: ['none', 'none'],
};

/** Output fields only some kinds may set. */
const MAY_CARRY_ENERGY = new Set<number>([TxKind.TX_KIND_SETTLEMENT, TxKind.TX_KIND_GRID_TRADE]);

export function checkTxShape(stx: SignedTx, ctx: ChainContext): void {
  const tx = stx.tx;
  need(tx.version === TX_VERSION, 'TX_BAD_VERSION', () => `tx version must be ${TX_VERSION}, found ${tx.version}`);
  need(
    tx.chainId === ctx.chainId,
    'TX_WRONG_CHAIN',
    () => `tx is for chain "${tx.chainId}", this chain is "${ctx.chainId}"`,
  );
  const field = PAYLOAD[tx.kind];
  if (field === undefined) fail('TX_BAD_KIND', `unknown tx kind ${tx.kind}`);
  const set = PAYLOAD_FIELDS.filter((f) => tx[f] !== undefined);
  need(
    set.length === 1 && set[0] === field,
    'TX_KIND_MISMATCH',
    () => `a kind ${tx.kind} tx must carry exactly the ${field} payload, found [${set.join(', ')}]`,
  );
  need(tx.lockTime === 0n, 'TX_LOCK_TIME', () => `lock_time must be 0, found ${tx.lockTime}`);
  const isSettlement = tx.kind === TxKind.TX_KIND_SETTLEMENT;
  if (!isSettlement) {
    const size = signedTxSize(stx);
    need(
      size <= ctx.limits.maxTxBytes,
      'TX_TOO_LARGE',
      () => `tx is ${size} bytes, the limit is ${ctx.limits.maxTxBytes}`,
    );
    need(
      tx.inputs.length <= ctx.limits.maxTxInputs,
      'TX_TOO_MANY_INPUTS',
      () => `tx has ${tx.inputs.length} inputs, the limit is ${ctx.limits.maxTxInputs}`,
    );
    need(
      tx.outputs.length <= ctx.limits.maxTxOutputs,
      'TX_TOO_MANY_OUTPUTS',
      () => `tx has ${tx.outputs.length} outputs, the limit is ${ctx.limits.maxTxOutputs}`,
    );
  }
  const [ins, outs] = IO[tx.kind] as [string, string];
  if (ins === 'some') need(tx.inputs.length > 0, 'TX_NO_INPUTS', () => `a ${field} tx needs at least one input`);
  if (ins === 'none')
    need(
      tx.inputs.length === 0,
      'TX_UNEXPECTED_INPUTS',
      () => `a ${field} tx takes no inputs, found ${tx.inputs.length}`,
    );
  if (outs === 'some') need(tx.outputs.length > 0, 'TX_NO_OUTPUTS', () => `a ${field} tx needs at least one output`);
  if (outs === 'none')
    need(
      tx.outputs.length === 0,
      'TX_UNEXPECTED_OUTPUTS',
      () => `a ${field} tx has no outputs, found ${tx.outputs.length}`,
    );
  checkInputs(tx);
  checkOutputs(tx, MAY_CARRY_ENERGY.has(tx.kind));
}

function checkInputs(tx: Tx): void {
  const seen = new Set<string>();
  tx.inputs.forEach((inp, i) => {
    const id = inp.prev.txId;
    need(
      id.length === 32 && id.some((b) => b !== 0),
      'TX_NULL_INPUT',
      () => `input ${i} has a null or malformed previous output (tx id must be 32 non-zero bytes)`,
      { input: i },
    );
    const k = `${toHex(id)}:${inp.prev.index}`;
    need(
      !seen.has(k),
      'TX_DUPLICATE_INPUT',
      () => `input ${i} spends ${k}, which an earlier input of this tx already spends`,
      { input: i },
    );
    seen.add(k);
  });
}

function checkOutputs(tx: Tx, mayCarryEnergy: boolean): void {
  let total = 0n;
  tx.outputs.forEach((o, i) => {
    need(
      o.address.length === 20,
      'TX_BAD_ADDRESS',
      () => `output ${i} address must be 20 bytes, found ${o.address.length}`,
      {
        output: i,
      },
    );
    need(o.value > 0n, 'TX_OUTPUT_ZERO', () => `output ${i} has value 0: every output must carry money`, { output: i });
    need(
      o.value <= MAX_MONEY,
      'TX_OUTPUT_RANGE',
      () => `output ${i} value ${o.value} exceeds the maximum ${MAX_MONEY}`,
      {
        output: i,
      },
    );
    need(
      o.energyWh <= MAX_ENERGY_WH,
      'TX_OUTPUT_RANGE',
      () => `output ${i} energy ${o.energyWh} Wh exceeds the maximum ${MAX_ENERGY_WH}`,
      { output: i },
    );
    need(
      mayCarryEnergy || o.energyWh === 0n,
      'TX_OUTPUT_ENERGY',
      () => `output ${i} carries ${o.energyWh} Wh: only settlement and grid-trade outputs record energy`,
      { output: i },
    );
    need(
      o.escrowWindow === 0n || (tx.kind === TxKind.TX_KIND_BUY_ORDER && i === 0),
      'TX_ESCROW_FORBIDDEN',
      () => `output ${i} sets escrow_window: only output 0 of a buy order is an escrow`,
      { output: i },
    );
    total += o.value;
    need(
      total <= MAX_MONEY,
      'TX_OUTPUT_TOTAL_RANGE',
      () => `outputs total more than the maximum ${MAX_MONEY} (value overflow)`,
      { output: i },
    );
  });
}
