/**
 * Consensus parameters (genesis). Defaults follow consensus.md; docs/consensus.md records where
 * this package sharpens them.
 */
import { LeagError } from '@leag/core';

export interface CreditParams {
  initial: number;
  min: number;
  max: number;
  /** Per COMMIT vote inside a block's commit certificate. */
  commitVote: number;
  /** To the primary of a committed block. */
  primaryCommitted: number;
  /** To the primary of a view that ended in a view change (a negative number). */
  viewChangePenalty: number;
  /** Below this a validator loses leadership (at most f skipped) and weight bonus. */
  leaderThreshold: number;
}

export interface ConsensusParams {
  chainId: string;
  /** Number of validators n (indexes 0..n-1). */
  validators: number;
  /** Tolerated byzantine validators f; n > 3f is required. */
  f: number;
  /** Blocks per checkpoint interval and per epoch. */
  checkpointInterval: number;
  /** Heights ahead of the last stable checkpoint a message may name (high watermark). */
  watermarkWindow: number;
  /** Views ahead of the current view a message may name before it is ignored. */
  maxViewAhead: number;
  /** Base view timer in ms; doubles per consecutive failed view. */
  viewTimeoutMs: number;
  /** Cap of the back-off exponent. */
  maxBackoffExponent: number;
  /** Timer for retrying a catch-up request, in ms. */
  syncRetryMs: number;
  /** Weights come from credit (true) or are all 1 (plain PBFT). */
  weighted: boolean;
  credit: CreditParams;
}

export const DEFAULT_CREDIT: CreditParams = {
  initial: 50,
  min: 0,
  max: 100,
  commitVote: 1,
  primaryCommitted: 2,
  viewChangePenalty: -10,
  leaderThreshold: 20,
};

export function makeParams(
  p: Partial<ConsensusParams> & Pick<ConsensusParams, 'chainId' | 'validators' | 'f'>,
): ConsensusParams {
  const params: ConsensusParams = {
    checkpointInterval: 100,
    watermarkWindow: 200,
    maxViewAhead: 32,
    viewTimeoutMs: 2000,
    maxBackoffExponent: 6,
    syncRetryMs: 1000,
    weighted: true,
    ...p,
    credit: { ...DEFAULT_CREDIT, ...p.credit },
  };
  validateParams(params);
  return params;
}

export function validateParams(p: ConsensusParams): void {
  const bad = (field: string, expected: string, found: unknown): never => {
    throw new LeagError(
      'CONSENSUS_BAD_PARAMS',
      `consensus parameter ${field} must be ${expected}, found ${String(found)}`,
      {
        field,
        expected,
        found,
      },
    );
  };
  if (!Number.isInteger(p.validators) || p.validators < 1 || p.validators > 1000)
    bad('validators', 'an integer in 1..1000', p.validators);
  if (!Number.isInteger(p.f) || p.f < 0 || p.validators <= 3 * p.f)
    bad('f', `an integer >= 0 with n > 3f (n = ${p.validators})`, p.f);
  if (!Number.isInteger(p.checkpointInterval) || p.checkpointInterval < 2)
    bad('checkpointInterval', 'an integer >= 2', p.checkpointInterval);
  if (!Number.isInteger(p.watermarkWindow) || p.watermarkWindow < p.checkpointInterval) {
    bad('watermarkWindow', `an integer >= checkpointInterval (${p.checkpointInterval})`, p.watermarkWindow);
  }
  if (!Number.isInteger(p.maxViewAhead) || p.maxViewAhead < 1) bad('maxViewAhead', 'an integer >= 1', p.maxViewAhead);
  if (!(p.viewTimeoutMs > 0)) bad('viewTimeoutMs', 'a positive number', p.viewTimeoutMs);
  if (!(p.syncRetryMs > 0)) bad('syncRetryMs', 'a positive number', p.syncRetryMs);
  if (!Number.isInteger(p.maxBackoffExponent) || p.maxBackoffExponent < 0 || p.maxBackoffExponent > 20) {
    bad('maxBackoffExponent', 'an integer in 0..20', p.maxBackoffExponent);
  }
  const c = p.credit;
  if (!(c.min <= c.initial && c.initial <= c.max)) bad('credit.initial', `within [${c.min}, ${c.max}]`, c.initial);
  if (p.chainId.length === 0 || p.chainId.length > 64)
    bad('chainId', 'a non-empty string of at most 64 characters', p.chainId);
}
