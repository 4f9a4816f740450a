/**
 * Executes a block body on a StateView: first the windows whose settlement the block's time makes
 * due (their settlement txs lead the block, in window order), then the submitted txs in block order. In
 * 'validate' mode any bad tx fails the block with the tx's own error code; in 'build' mode (a
 * proposal) bad txs are left out and reported.
 */
import { concatBytes, LeagError, MAX_MONEY, type SignedTx, TxKind, taggedHash } from '@leag/core';
import { bytesEqual, toHex } from '../storage/bytes.js';
import { aheadWrites } from './ahead-writes.js';
import { closeWindow, dropWindowOrders, settleTermsOf, type WindowClose } from './clearing.js';
import { txIdOf } from './codec.js';
import { lastDueWindow, windowOf } from './context.js';
import { need } from './fail.js';
import { closeFromAhead, type SettlementAhead, type SettlementsAhead } from './settlement-ahead.js';
import { Tables } from './state-tables.js';
import type { StateView } from './state-view.js';
import { applyTx } from './tx-apply.js';
import type { TxEnv } from './tx-env.js';
import { applyCoins, resolveInputs, sumValues } from './tx-inputs.js';
import type { SigOptions } from './tx-signatures.js';

export interface BodyResult {
  txs: SignedTx[];
  txIds: Uint8Array[];
  closes: WindowClose[];
  settlementHash: Uint8Array;
  rejected: { index: number; error: LeagError }[];
}

/**
 * Settlement txs for every window whose settlement is due at the block's time (its end plus the
 * genesis settlement lag) and not done yet. The margin of a window goes to the proposer of the
 * block that ended it: an earlier block's (the tip's endProposer) when the lag kept it waiting,
 * else this block's (docs/decisions.md, "Settlement after a lag").
 */
export function dueCloses(t: Tables, env: TxEnv, ahead?: SettlementsAhead): WindowClose[] {
  const tip = t.tip();
  const closed = tip?.lastClosedWindow ?? 0n;
  const due = lastDueWindow(env.ctx, env.timestampMs);
  const out: WindowClose[] = [];
  for (let w = (tip?.lastSettledWindow ?? 0n) + 1n; w <= due; w++) {
    const proposer = w <= closed ? (tip?.endProposer ?? 0) : env.proposer;
    if (t.view.windowCount(w) === 0) continue; // no order: nothing to settle
    const terms = settleTermsOf(t, w, env.ctx, proposer);
    const a = ahead?.get(w, terms.marginAddress);
    const c = a !== undefined ? closeFromAhead(a) : closeWindow(t, w, env.ctx, proposer);
    if (c !== null) out.push(c);
  }
  return out;
}

/** The header's settlement hash: none → empty, one → its hash, several → tagged hash of theirs. */
export function combineSettlementHashes(closes: readonly WindowClose[]): Uint8Array {
  if (closes.length === 0) return new Uint8Array(0);
  if (closes.length === 1) return (closes[0] as WindowClose).hash;
  return taggedHash('leag/settlements', concatBytes(...closes.map((c) => c.hash)));
}

function applySettlement(t: Tables, c: WindowClose): Uint8Array {
  if (c.ahead !== undefined) return applyAhead(t, c, c.ahead);
  const tx = c.tx.tx;
  const id = txIdOf(tx);
  const coins = resolveInputs(tx, t);
  const inSum = sumValues(coins, 'TX_INPUT_RANGE', 'settlement inputs');
  const outSum = sumValues(tx.outputs, 'TX_OUTPUT_TOTAL_RANGE', 'settlement outputs');
  need(
    inSum + c.gridIssued === outSum,
    'LEDGER_SETTLEMENT_UNBALANCED',
    () => `settlement of window ${c.window}: escrows ${inSum} µ + grid ${c.gridIssued} µ ≠ outputs ${outSum} µ`,
  );
  issueGridPayments(t, c);
  applyCoins(tx, id, t);
  dropWindowOrders(t, c);
  // no `seen` entry: a settlement is never submitted (TX_SETTLEMENT_NOT_ALLOWED), so it cannot be replayed
  return id;
}

function issueGridPayments(t: Tables, c: WindowClose): void {
  if (c.gridIssued === 0n) return;
  const s = t.supply();
  need(
    s.minted + s.gridIssued + c.gridIssued <= MAX_MONEY,
    'TX_SUPPLY_OVERFLOW',
    () => `grid payments would take the money supply over ${MAX_MONEY}`,
  );
  t.setSupply({ ...s, gridIssued: s.gridIssued + c.gridIssued });
}

/**
 * The same state change from a settlement computed ahead: its balance was checked where it was
 * computed (settleBook), from this window's book and escrows, which have not changed since the
 * window ended; its UTXO writes and their accumulator change come precomputed.
 */
function applyAhead(t: Tables, c: WindowClose, a: SettlementAhead): Uint8Array {
  issueGridPayments(t, c);
  t.view.putAhead(aheadWrites(a));
  dropWindowOrders(t, c);
  return a.txId;
}

export function runBody(
  view: StateView,
  t: Tables,
  env: TxEnv,
  submitted: readonly SignedTx[],
  mode: 'validate' | 'build',
  sig: SigOptions,
  ahead?: SettlementsAhead,
  due?: WindowClose[],
): BodyResult {
  const closes = due ?? dueCloses(t, env, ahead);
  const txs: SignedTx[] = [];
  const txIds: Uint8Array[] = [];
  const rejected: { index: number; error: LeagError }[] = [];
  let i = 0;
  for (const c of closes) {
    if (mode === 'validate') {
      const got = submitted[i];
      need(
        got !== undefined && got.tx.kind === TxKind.TX_KIND_SETTLEMENT,
        'BLOCK_SETTLEMENT_MISSING',
        () => `tx ${i} must be the settlement of window ${c.window}, which this block closes`,
        { txIndex: i },
      );
      // equal ids (the hash of the tx's canonical bytes) and no witnesses: exactly the same SignedTx,
      // without encoding both (the proposal's is sealed: its id comes from the bytes received)
      need(
        got.witnesses.length === 0 && bytesEqual(txIdOf(got.tx), c.txId),
        'BLOCK_SETTLEMENT_MISMATCH',
        () => `tx ${i} is not exactly the settlement the contract computes for window ${c.window}`,
        { txIndex: i },
      );
      i++;
    }
    txIds.push(applySettlement(t, c));
    // a replica keeps the proposal's copy (the same bytes, decoded already)
    txs.push(mode === 'validate' ? (submitted[i - 1] as SignedTx) : c.tx);
  }
  const seen = new Set<string>(txIds.map(toHex));
  for (; i < submitted.length; i++) {
    const stx = submitted[i] as SignedTx;
    const target = mode === 'build' ? new Tables(view.fork()) : t;
    try {
      const id = txIdOf(stx.tx);
      need(!seen.has(toHex(id)), 'BLOCK_DUPLICATE_TX', () => `tx ${i} (${toHex(id)}) appears twice in the block`, {
        txIndex: i,
      });
      applyTx(stx, target, env, sig, id);
      seen.add(toHex(id));
      txIds.push(id);
      txs.push(stx);
      if (mode === 'build') view.adopt(target.view);
    } catch (e) {
      if (!(e instanceof LeagError)) throw e;
      if (mode === 'validate')
        throw new LeagError(e.code, `tx ${i}: ${e.message}`, { ...(e.details ?? {}), txIndex: i }, { cause: e });
      rejected.push({ index: i, error: e });
    }
  }
  return { txs, txIds, closes, settlementHash: combineSettlementHashes(closes), rejected };
}

export function envFor(ctx: TxEnv['ctx'], height: bigint, timestampMs: bigint, proposer: number): TxEnv {
  return { ctx, height, timestampMs, window: windowOf(ctx, timestampMs), proposer };
}
