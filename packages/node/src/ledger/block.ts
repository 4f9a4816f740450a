/**
 * The state transition. `applyBlock(state, block, ctx)` is pure: it reads the state, never changes
 * it, and returns the writes, the new accumulator and root, which the caller commits (to disk
 * first, then to memory: ledger-store.ts). `buildBlock` runs the same code to make a proposal.
 */
import { type Block, blockSize, type CommitCertificate, type SignedTx } from '@leag/core';
import { bytesEqual, toHex } from '../storage/bytes.js';
import type { StateWrite } from '../storage/chain-store.js';
import { type BodyResult, envFor, runBody } from './block-body.js';
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
export function applyBlock(state: LedgerState, block: Block, ctx: ChainContext, opts: ApplyOptions = {}): BlockResult {
  checkHeader(state.head, block, ctx, opts);
  const h = block.header;
  const view = new StateView(state);
  const t = new Tables(view);
  const env = envFor(ctx, h.height, h.timestampMs, h.proposer);
  const body = runBody(
    view,
    t,
    env,
    block.txs,
    'validate',
    { verifySignatures: opts.verifySignatures ?? true },
    opts.settlementsAhead,
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
