/**
 * Weighted quorums and the safety check of consensus.md: with integer weights w and f tolerated
 * faults, F = sum of the f largest weights, W = sum of all, Q = floor((W + F) / 2) + 1, and the
 * vector is safe only when W > 3F. Any two sets of weight >= Q then overlap in weight > F, so in
 * at least one honest validator; weight >= F + 1 contains at least one honest validator.
 */
import { LeagError } from '@leag/core';

export interface Quorum {
  readonly weights: readonly number[];
  /** Total weight W. */
  readonly total: number;
  /** F: weight of the f heaviest validators. */
  readonly faulty: number;
  /** Q = floor((W + F) / 2) + 1. */
  readonly quorum: number;
  /** F + 1: a set this heavy holds at least one honest validator. */
  readonly oneHonest: number;
}

function faultyWeight(weights: readonly number[], f: number): number {
  const sorted = [...weights].sort((a, b) => b - a);
  let s = 0;
  for (let i = 0; i < f && i < sorted.length; i++) s += sorted[i]!;
  return s;
}

/** True when the weight vector passes the safety check W > 3F. */
export function isSafe(weights: readonly number[], f: number): boolean {
  const W = weights.reduce((a, b) => a + b, 0);
  return W > 3 * faultyWeight(weights, f);
}

/**
 * Lowers the largest weights (ties: the lowest validator index first) one unit at a time until the
 * check passes. All-ones passes whenever n > 3f, which callers guarantee, so this terminates.
 */
export function makeSafe(weights: readonly number[], f: number): number[] {
  const w = [...weights];
  while (!isSafe(w, f)) {
    let at = 0;
    for (let i = 1; i < w.length; i++) if (w[i]! > w[at]!) at = i;
    if (w[at]! <= 1) {
      throw new LeagError(
        'CONSENSUS_UNSAFE_CONFIG',
        `no weight vector is safe: ${w.length} validators cannot tolerate f = ${f}`,
        {
          n: w.length,
          f,
        },
      );
    }
    w[at]! -= 1;
  }
  return w;
}

/** Builds the quorum thresholds for a weight vector, after checking it (throws when unsafe). */
export function quorumOf(weights: readonly number[], f: number): Quorum {
  for (const x of weights) {
    if (!Number.isInteger(x) || x < 1) {
      throw new LeagError('CONSENSUS_BAD_WEIGHT', `weights must be integers >= 1, found ${x}`, { weights });
    }
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const faulty = faultyWeight(weights, f);
  if (total <= 3 * faulty) {
    throw new LeagError(
      'CONSENSUS_UNSAFE_WEIGHTS',
      `weights fail the safety check: W = ${total} must exceed 3F = ${3 * faulty}`,
      {
        weights,
        f,
      },
    );
  }
  return { weights: [...weights], total, faulty, quorum: Math.floor((total + faulty) / 2) + 1, oneHonest: faulty + 1 };
}

/** Sum of the weights of the given validators (each counted once). */
export function weightOf(q: Quorum, validators: Iterable<number>): number {
  let s = 0;
  const seen = new Set<number>();
  for (const v of validators) {
    if (seen.has(v)) continue;
    seen.add(v);
    s += q.weights[v] ?? 0;
  }
  return s;
}
