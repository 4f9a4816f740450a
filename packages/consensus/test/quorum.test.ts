import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import fc from 'fast-check';
import { creditWeights } from '../src/credit.js';
import { makeParams } from '../src/params.js';
import { isSafe, makeSafe, quorumOf, weightOf } from '../src/quorum.js';

const runs = process.env.LEAG_TEST_LONG === '1' ? 2000 : 200;

/** Smallest number of validators whose weight reaches the quorum. */
function smallestQuorum(weights: readonly number[], q: number): number {
  const sorted = [...weights].sort((a, b) => b - a);
  let s = 0;
  for (let i = 0; i < sorted.length; i++) {
    s += sorted[i]!;
    if (s >= q) return i + 1;
  }
  return Number.POSITIVE_INFINITY;
}

describe('weighted quorums', () => {
  test('plain thresholds: n = 3f + 1 gives Q = 2f + 1 and F + 1 = f + 1', () => {
    for (const f of [1, 2, 3]) {
      const q = quorumOf(new Array(3 * f + 1).fill(1), f);
      assert.equal(q.quorum, 2 * f + 1);
      assert.equal(q.oneHonest, f + 1);
    }
  });

  test('the consensus.md example: 5 validators, f = 1, weights 2,2,1,1,1 give W 7, F 2, Q 5', () => {
    const q = quorumOf([2, 2, 1, 1, 1], 1);
    assert.deepEqual([q.total, q.faulty, q.quorum], [7, 2, 5]);
    assert.equal(weightOf(q, [0, 1, 2]), 5);
  });

  test('an unsafe vector is refused with a typed error, and makeSafe lowers the largest weights', () => {
    assert.throws(
      () => quorumOf([3, 1, 1, 1, 1], 1),
      (e) => isLeagError(e, 'CONSENSUS_UNSAFE_WEIGHTS'),
    );
    assert.throws(
      () => quorumOf([0, 1, 1, 1], 1),
      (e) => isLeagError(e, 'CONSENSUS_BAD_WEIGHT'),
    );
    const w = makeSafe([5, 5, 1, 1, 1], 1);
    assert.ok(isSafe(w, 1));
    assert.deepEqual(w, [2, 2, 1, 1, 1]);
    assert.throws(
      () => makeSafe([1, 1, 1], 1),
      (e) => isLeagError(e, 'CONSENSUS_UNSAFE_CONFIG'),
    );
  });

  test('4 validators: the quorum stays 3 whatever the credits', () => {
    const p = makeParams({ chainId: 't', validators: 4, f: 1 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }), (credits) => {
        const q = quorumOf(makeSafe(creditWeights(p, credits), 1), 1);
        assert.equal(smallestQuorum(q.weights, q.quorum), 3);
      }),
      { numRuns: runs },
    );
  });

  test('5 validators with f = 1: credit lets 3 nodes reach a quorum (plain PBFT needs 4)', () => {
    const weighted = makeParams({ chainId: 't', validators: 5, f: 1 });
    const plain = makeParams({ chainId: 't', validators: 5, f: 1, weighted: false });
    const credits = [90, 40, 80, 60, 50];
    const q = quorumOf(makeSafe(creditWeights(weighted, credits), 1), 1);
    assert.deepEqual(q.weights, [2, 1, 2, 1, 1]);
    assert.equal(smallestQuorum(q.weights, q.quorum), 3);
    assert.ok(weightOf(q, [0, 2, 3]) >= q.quorum);
    const qp = quorumOf(makeSafe(creditWeights(plain, credits), 1), 1);
    assert.equal(smallestQuorum(qp.weights, qp.quorum), 4);
  });

  test('a validator under the leader threshold gets no weight bonus', () => {
    const p = makeParams({ chainId: 't', validators: 5, f: 1 });
    assert.deepEqual(creditWeights(p, [10, 15, 80, 60, 50]), [1, 1, 2, 2, 1]);
  });

  test('property: credit weights always pass the check, and any two quorums overlap in more than F', () => {
    const cases = fc.integer({ min: 1, max: 7 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        f: fc.integer({ min: 0, max: Math.floor((n - 1) / 3) }),
        credits: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n }),
      }),
    );
    fc.assert(
      fc.property(cases, ({ n, f, credits }) => {
        const p = makeParams({ chainId: 't', validators: n, f });
        const q = quorumOf(makeSafe(creditWeights(p, credits), f), f);
        assert.ok(q.total > 3 * q.faulty);
        // Brute force over all pairs of quorum sets (n <= 7: 128 subsets).
        const quorums: number[] = [];
        for (let m = 0; m < 1 << n; m++) {
          let w = 0;
          for (let i = 0; i < n; i++) if (m & (1 << i)) w += q.weights[i]!;
          if (w >= q.quorum) quorums.push(m);
        }
        for (const a of quorums) {
          for (const b of quorums) {
            let w = 0;
            for (let i = 0; i < n; i++) if (a & b & (1 << i)) w += q.weights[i]!;
            assert.ok(w > q.faulty, `quorums ${a} and ${b} overlap in ${w} <= F = ${q.faulty}`);
          }
        }
        // Liveness: the honest nodes alone (everyone but the f heaviest) still reach Q.
        assert.ok(q.total - q.faulty >= q.quorum);
      }),
      { numRuns: runs },
    );
  });
});
