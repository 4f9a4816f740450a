/**
 * The state transition. `applyBlock(state, block, ctx)` is pure: it reads the state, never changes
 * it, and returns the writes, the new accumulator and root, which the caller commits (to disk
 * first, then to memory: ledger-store.ts). `buildBlock` runs the same code to make a proposal.
 */
import { type Block, blockSize, type CommitCertificate, type SignedTx, TxKind } from '@leag/core';
import { bytesEqual, toHex } from '../storage/bytes.js';
import type { StateWrite } from '../storage/chain-store.js';
import { type BodyResult, dueCloses, envFor, runBody } from './block-body.js';
import { BLOCK_VERSION, checkHeader, type HeaderCheckOptions, parentCertHashOf } from './block-header.js';
import type { WindowClose } from './clearing.js';
import { blockHashOf, txRootOf } from './codec.js';
import { type ChainContext, lastDueWindow } from './context.js';
import { need } from './fail.js';
import type { SettlementsAhead } from './settlement-ahead.js';
import type { LedgerHead, LedgerState } from './state.js';
import type { StateAccumulator } from './state-accumulator.js';
import { Tables } from './state-tables.js';
import { StateView } from './state-view.js';
import type { TxEnv } from './tx-env.js';

export interface ApplyOptions extends HeaderCheckOptions {
  /** Verify tx signatures here (default true); false when they were batch-verified already. */
  verifySignatures?: boolean;
  /** Settlements computed ahead (a node's worker results); the block must still match them. */
  settlementsAhead?: SettlementsAhead;
  /**
   * The block may leave out its leading settlement txs (the consensus layer's compact proposal,
   * compactBlock): they are implied by the state and the header, so they are put back before any
   * check, and the tx root and every other rule then hold for the whole block.
   */
  impliedSettlements?: boolean;
}

export interface BlockResult {
  block: Block;
  hash: Uint8Array;
  head: LedgerHead;
  writes: StateWrite[];
  acc: StateAccumulator;
  stateRoot: Uint8Array;
  txIds: Uint8Array[];
  closes: WindowClose[];
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

function finish(view: StateView, t: Tables, body: BodyResult, env: TxEnv) {
  const tip = t.tip();
  const closed = tip?.lastClosedWindow ?? 0n;
  const lastClosedWindow = max(closed, env.window - 1n);
  t.setTip({
    height: env.height,
    timestampMs: env.timestampMs,
    lastClosedWindow,
    // the windows runBody settled (dueCloses): all due ones, those without orders too
    lastSettledWindow: max(tip?.lastSettledWindow ?? 0n, lastDueWindow(env.ctx, env.timestampMs)),
    // the block that ends windows earns their margin, whenever their settlement is due
    endProposer: lastClosedWindow > closed ? env.proposer : (tip?.endProposer ?? 0),
  });
  const { writes, acc } = view.finish();
  return { writes, acc, stateRoot: acc.digest(), body };
}

/** Validates a block against the state and returns its effects; throws the first broken rule. */
export function applyBlock(state: LedgerState, given: Block, ctx: ChainContext, opts: ApplyOptions = {}): BlockResult {
  const h = given.header;
  const view = new StateView(state);
  const t = new Tables(view);
  const env = envFor(ctx, h.height, h.timestampMs, h.proposer);
  let due: WindowClose[] | undefined;
  let block = given;
  if (
    opts.impliedSettlements === true &&
    given.txs[0]?.tx.kind !== TxKind.TX_KIND_SETTLEMENT &&
    fitsHead(state, h, ctx)
  ) {
    due = dueCloses(t, env, opts.settlementsAhead);
    if (due.length > 0) block = { ...given, txs: [...due.map((c) => c.tx), ...given.txs] };
  }
  checkHeader(state.head, block, ctx, opts);
  const body = runBody(
    view,
    t,
    env,
    block.txs,
    'validate',
    { verifySignatures: opts.verifySignatures ?? true },
    opts.settlementsAhead,
    due,
  );
  need(
    bytesEqual(body.settlementHash, h.settlementHash),
    'BLOCK_BAD_SETTLEMENT_HASH',
    () => `settlement_hash must be ${toHex(body.settlementHash)}, found ${toHex(h.settlementHash)}`,
  );
  const f = finish(view, t, body, env);
  need(
    bytesEqual(f.stateRoot, h.stateRoot),
    'BLOCK_BAD_STATE_ROOT',
    () => `state root must be ${toHex(f.stateRoot)}, found ${toHex(h.stateRoot)}`,
  );
  const hash = blockHashOf(h);
  return {
    block,
    hash,
    head: { height: h.height, hash, timestampMs: h.timestampMs },
    writes: f.writes,
    acc: f.acc,
    stateRoot: f.stateRoot,
    txIds: body.txIds,
    closes: body.closes,
  };
}

/** The header's cheap checks against the head (before a block's implied settlements are computed for it). */
function fitsHead(state: LedgerState, h: Block['header'], ctx: ChainContext): boolean {
  return (
    h.height === state.head.height + 1n &&
    bytesEqual(h.parentHash, state.head.hash) &&
    h.timestampMs > state.head.timestampMs &&
    ctx.validatorKeys.has(h.proposer)
  );
}

/**
 * A block without its leading settlement txs: the form a proposal travels in. Every node derives
 * them from its state and the header (computed ahead in its worker, or in the block), so a window's
 * settlement (5 MB for 20 000 orders) is no longer encoded, sent to every replica, decoded and
 * written to every WAL. The block's hash and tx root are those of the whole block.
 */
export function compactBlock(block: Block): Block {
  let n = 0;
  while (block.txs[n]?.tx.kind === TxKind.TX_KIND_SETTLEMENT) n++;
  return n === 0 ? block : { ...block, txs: block.txs.slice(n) };
}

export interface Proposal {
  timestampMs: bigint;
  proposer: number;
  txs: readonly SignedTx[];
  parentCert?: CommitCertificate | undefined;
  verifySignatures?: boolean;
  settlementsAhead?: SettlementsAhead;
}

/** Builds a valid block from candidate txs (invalid ones are left out and listed). */
export function buildBlock(
  state: LedgerState,
  p: Proposal,
  ctx: ChainContext,
): BlockResult & { rejected: BodyResult['rejected'] } {
  const height = state.head.height + 1n;
  need(
    p.timestampMs > state.head.timestampMs,
    'BLOCK_TIMESTAMP_NOT_INCREASING',
    () => `block time ${p.timestampMs} must be after the parent's ${state.head.timestampMs}`,
  );
  const view = new StateView(state);
  const t = new Tables(view);
  const env = envFor(ctx, height, p.timestampMs, p.proposer);
  const body = runBody(
    view,
    t,
    env,
    p.txs.slice(0, ctx.limits.maxBlockTxs),
    'build',
    { verifySignatures: p.verifySignatures ?? true },
    p.settlementsAhead,
  );
  const f = finish(view, t, body, env);
  const block: Block = {
    header: {
      version: BLOCK_VERSION,
      chainId: ctx.chainId,
      height,
      parentHash: state.head.hash,
      txRoot: txRootOf(body.txs),
      timestampMs: p.timestampMs,
      proposer: p.proposer,
      stateRoot: f.stateRoot,
      settlementHash: body.settlementHash,
      parentCertHash: parentCertHashOf(p.parentCert),
    },
    txs: body.txs,
    ...(p.parentCert === undefined ? {} : { parentCert: p.parentCert }),
  };
  const size = blockSize(block);
  need(
    size <= ctx.limits.maxBlockBytes,
    'BLOCK_TOO_LARGE',
    () => `the proposal is ${size} bytes, the limit is ${ctx.limits.maxBlockBytes}`,
  );
  const hash = blockHashOf(block.header);
  return {
    block,
    hash,
    head: { height, hash, timestampMs: p.timestampMs },
    writes: f.writes,
    acc: f.acc,
    stateRoot: f.stateRoot,
    txIds: body.txIds,
    closes: body.closes,
    rejected: body.rejected,
  };
}
