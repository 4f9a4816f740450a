/**
 * The credit table and its update rule (consensus.md), computed only from committed data, so every
 * honest node holds the same table. Credits are integers clamped to [min, max].
 */
import type { ConsensusParams } from './params.js';
import type { BlockConsensusData } from './types.js';

/** Views a single certificate may show as failed before the penalty loop stops (bounds work). */
const MAX_PENALIZED_VIEWS = 1024;

export function initialCredits(p: ConsensusParams): number[] {
  return new Array<number>(p.validators).fill(p.credit.initial);
}

function clamp(p: ConsensusParams, x: number): number {
  return Math.max(p.credit.min, Math.min(p.credit.max, x));
}

/**
 * Applies the consensus data of the committed block at `height` to `credits` (in place):
 * evidence zeroes the accused; the parent certificate (of height - 1, committed in view certView)
 * gives +commitVote per commit, +primaryCommitted to that view's primary and the penalty to the
 * primary of every view from prevCertView to certView - 1 (each ended in a view change).
 * `primaryAt(view, height)` answers with the epoch schedule of that height.
 * Returns the view of the parent certificate (the next call's prevCertView).
 */
export function applyCommittedBlock(
  p: ConsensusParams,
  credits: number[],
  height: bigint,
  data: BlockConsensusData,
  prevCertView: bigint,
  primaryAt: (view: bigint, height: bigint) => number,
): bigint {
  let certView = prevCertView;
  const cert = data.parentCert;
  if (cert !== null && height > 1n) {
    const h = height - 1n;
    certView = cert.view;
    const seen = new Set<number>();
    for (const v of cert.commits) {
      if (seen.has(v.validator) || v.validator >= credits.length) continue;
      seen.add(v.validator);
      credits[v.validator] = clamp(p, credits[v.validator]! + p.credit.commitVote);
    }
    const primary = primaryAt(cert.view, h);
    credits[primary] = clamp(p, credits[primary]! + p.credit.primaryCommitted);
    let count = 0;
    for (let v = prevCertView; v < cert.view && count < MAX_PENALIZED_VIEWS; v++, count++) {
      const failed = primaryAt(v, h);
      credits[failed] = clamp(p, credits[failed]! + p.credit.viewChangePenalty);
    }
  }
  for (const e of data.evidence) {
    if (e.a.validator < credits.length) credits[e.a.validator] = p.credit.min;
  }
  return certView;
}

/**
 * Leader order for an epoch: validators by (credit descending, index), without those under the
 * leader threshold, at most f of them skipped (the lowest-credit ones).
 */
export function leaderOrder(p: ConsensusParams, credits: readonly number[]): number[] {
  const sorted = credits.map((c, i) => ({ c, i })).sort((a, b) => b.c - a.c || a.i - b.i);
  let skip = 0;
  for (let k = sorted.length - 1; k >= 0 && skip < p.f; k--) {
    if (sorted[k]!.c < p.credit.leaderThreshold) skip++;
    else break;
  }
  return sorted.slice(0, sorted.length - skip).map((x) => x.i);
}

/**
 * Credit-derived weights (after WHEAT): with n = 3f + 1 + d spare validators, the 2f validators
 * of highest credit at or above the leader threshold weigh 1 + floor(d / f), the others 1; the
 * vector is then lowered until it passes the safety check (makeSafe). Plain PBFT: all 1.
 */
export function creditWeights(p: ConsensusParams, credits: readonly number[]): number[] {
  const n = credits.length;
  const w = new Array<number>(n).fill(1);
  const spare = n - (3 * p.f + 1);
  if (!p.weighted || p.f === 0 || spare <= 0) return w;
  const vmax = 1 + Math.floor(spare / p.f);
  const ranked = credits
    .map((c, i) => ({ c, i }))
    .filter((x) => x.c >= p.credit.leaderThreshold)
    .sort((a, b) => b.c - a.c || a.i - b.i)
    .slice(0, 2 * p.f);
  for (const x of ranked) w[x.i] = vmax;
  return w;
}
