import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import { applyCommittedBlock, initialCredits, leaderOrder } from '../src/credit.js';
import { EpochSchedule, epochOf } from '../src/epochs.js';
import { makeParams } from '../src/params.js';
import { type CommitCertificate, type Evidence, Phase, type Vote } from '../src/types.js';

const p = makeParams({ chainId: 't', validators: 4, f: 1, checkpointInterval: 4, watermarkWindow: 8 });
const H = new Uint8Array(32);

function vote(validator: number, view = 0n, height = 1n, hash = H): Vote {
  return { phase: Phase.COMMIT, view, height, blockHash: hash, validator, signature: Uint8Array.of(1) };
}

function cert(view: bigint, height: bigint, signers: number[]): CommitCertificate {
  return { view, height, blockHash: H, commits: signers.map((v) => vote(v, view, height)) };
}

describe('credit table', () => {
  test('+1 per commit vote in the certificate, +2 to the primary, -10 per failed view', () => {
    const c = initialCredits(p);
    // Block 2 carries the certificate of block 1, committed in view 2 after views 0 and 1 failed.
    const primaryAt = (v: bigint) => Number(v % 4n);
    const next = applyCommittedBlock(p, c, 2n, { parentCert: cert(2n, 1n, [0, 2, 3, 2]), evidence: [] }, 0n, primaryAt);
    assert.equal(next, 2n);
    // 0: +1 -10 (primary of failed view 0); 1: -10 (view 1); 2: +1 +2 (primary of view 2), counted once; 3: +1
    assert.deepEqual(c, [41, 40, 53, 51]);
  });

  test('credits stay within [min, max] and evidence sets the accused to min', () => {
    const c = [99, 100, 1, 50];
    const ev: Evidence = { a: vote(3), b: vote(3, 0n, 1n, new Uint8Array(32).fill(1)) };
    applyCommittedBlock(p, c, 2n, { parentCert: cert(0n, 1n, [0, 1, 2]), evidence: [ev] }, 0n, () => 1);
    assert.deepEqual(c, [100, 100, 2, 0]);
    const d = [5, 50, 50, 50];
    applyCommittedBlock(p, d, 2n, { parentCert: cert(1n, 1n, [1, 2, 3]), evidence: [] }, 0n, () => 0);
    assert.equal(d[0], 0);
  });

  test('leader order: credit descending, index ascending, at most f skipped under the threshold', () => {
    assert.deepEqual(leaderOrder(p, [50, 70, 70, 10]), [1, 2, 0]);
    assert.deepEqual(leaderOrder(p, [5, 70, 10, 60]), [1, 3, 2]);
    assert.deepEqual(leaderOrder(p, [50, 50, 50, 50]), [0, 1, 2, 3]);
  });

  test('epochs: a table takes effect one epoch after the checkpoint that fixes it', () => {
    const s = new EpochSchedule(p);
    assert.equal(epochOf(p, 1n), 0n);
    assert.equal(epochOf(p, 4n), 0n);
    assert.equal(epochOf(p, 5n), 1n);
    for (let h = 1n; h <= 4n; h++) {
      s.applyBlock(h, { parentCert: h > 1n ? cert(0n, h - 1n, [0, 1, 2]) : null, evidence: [] });
    }
    // Credit after block 4 governs epoch 2 (heights 9..12); epoch 1 still uses genesis.
    assert.deepEqual(s.must(5n).credits, [50, 50, 50, 50]);
    assert.deepEqual(s.must(9n).credits, [59, 53, 53, 50]);
    assert.equal(s.at(13n), undefined);
    assert.throws(
      () => s.applyBlock(9n, { parentCert: null, evidence: [] }),
      (e) => isLeagError(e, 'CONSENSUS_CREDIT_ORDER'),
    );
  });

  test('parameters are checked', () => {
    assert.throws(
      () => makeParams({ chainId: 't', validators: 3, f: 1 }),
      (e) => isLeagError(e, 'CONSENSUS_BAD_PARAMS'),
    );
    assert.throws(
      () => makeParams({ chainId: '', validators: 4, f: 1 }),
      (e) => isLeagError(e, 'CONSENSUS_BAD_PARAMS'),
    );
    assert.throws(
      () => makeParams({ chainId: 't', validators: 4, f: 1, checkpointInterval: 10, watermarkWindow: 5 }),
      (e) => isLeagError(e, 'CONSENSUS_BAD_PARAMS'),
    );
  });
});
