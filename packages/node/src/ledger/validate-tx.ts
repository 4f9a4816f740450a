/**
 * API-side admission of one tx: the same rules as block validation, applied on a throwaway view
 * of the committed state as if the tx were in the next block at `timestampMs`.
 */
import type { SignedTx } from '@leag/core';
import { envFor } from './block-body.js';
import type { ChainContext } from './context.js';
import type { LedgerState } from './state.js';
import { Tables } from './state-tables.js';
import { StateView } from './state-view.js';
import { applyTx } from './tx-apply.js';

/** Throws the LeagError of the first broken rule; returns the tx id when the tx is acceptable. */
export function validateTx(
  state: LedgerState,
  stx: SignedTx,
  ctx: ChainContext,
  opts: { timestampMs: bigint; proposer?: number; verifySignatures?: boolean },
): Uint8Array {
  const env = envFor(ctx, state.head.height + 1n, opts.timestampMs, opts.proposer ?? 0);
  return applyTx(stx, new Tables(new StateView(state)), env, { verifySignatures: opts.verifySignatures ?? true });
}
