/**
 * Equivocation evidence in the node: the canonical EvidenceTx, what a block carries (inspect), the
 * proposal's candidate txs (pending evidence first, one per key, none already on chain), and a
 * real ledger building, validating and committing such blocks; the credit rule applied from them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyCommittedBlock, evidenceError, evidenceKey, initialCredits, voteMessage } from '@leag/consensus';
import { type Evidence, Phase, type SignedTx, sign, TxKind, txId, type Vote } from '@leag/core';
import {
  blockEvidence,
  evidenceOnChain,
  evidenceTx,
  MAX_BLOCK_EVIDENCE,
  proposalTxs,
  txEvidence,
} from '../../src/driver/evidence.js';
import { consensusParams, replicaDeps, verifyContext } from '../../src/driver/setup.js';
import { Ledger } from '../../src/ledger/index.js';
import { MemoryDb } from '../../src/storage/index.js';
import { EQUIVOCATE_AT_HEIGHT, equivocator, readTestModes } from '../../src/testing/index.js';
import { CHAIN, type Key, T0, World } from '../ledger/world.js';

const w = new World(1);

function signedVote(k: Key, validator: number, hashByte: number, height = 2n, phase: Phase = Phase.PREPARE): Vote {
  const unsigned = { phase, view: 0n, height, blockHash: new Uint8Array(32).fill(hashByte), validator };
  return { ...unsigned, signature: sign(k.sk, voteMessage(CHAIN, unsigned)) };
}

const v = (i: number) => w.validators[i] as Key;
const ev = (i: number, x: number, y: number, height = 2n): Evidence => ({
  a: signedVote(v(i), i, x, height),
  b: signedVote(v(i), i, y, height),
});

async function ledgerAtGenesis(): Promise<Ledger> {
  return Ledger.open(new MemoryDb(), w.ctx);
}

describe('evidence txs', () => {
  test('one canonical tx per pair of votes, whatever their order; read back from the tx and the block', () => {
    const e = ev(1, 7, 3);
    const t1 = evidenceTx(CHAIN, e);
    const t2 = evidenceTx(CHAIN, { a: e.b, b: e.a });
    assert.deepEqual(txId(t1.tx), txId(t2.tx));
    assert.equal(t1.tx.kind, TxKind.TX_KIND_EVIDENCE);
    assert.equal(t1.tx.evidence?.evidence.a.blockHash[0], 3, 'the lower block hash comes first');
    assert.deepEqual(txEvidence(t1), t1.tx.evidence?.evidence);
    const other = { tx: { ...t1.tx, kind: TxKind.TX_KIND_TRANSFER, evidence: undefined }, witnesses: [] } as SignedTx;
    assert.equal(txEvidence(other), null);
    const block = { header: {}, txs: [other, t1, evidenceTx(CHAIN, ev(2, 1, 2))] } as never;
    const got = blockEvidence(block);
    assert.equal(got.length, 2);
    assert.deepEqual(
      got.map((x) => x.a.validator),
      [1, 2],
    );
  });

  test('proposal candidates: pending evidence first, one per key, none on chain, capped; pool duplicates dropped', () => {
    const e1 = ev(1, 1, 2);
    const e1b = ev(1, 1, 3); // same key (validator 1, PREPARE, view 0, height 2), another pair
    const e2 = ev(2, 1, 2);
    const e3 = ev(3, 1, 2);
    const poolTx = evidenceTx(CHAIN, e1b);
    const keepTx = evidenceTx(CHAIN, ev(2, 5, 6, 9n));
    const txs = proposalTxs(CHAIN, [e1, e1b, e2, e3], [poolTx, keepTx], (e) => e.a.validator === 3);
    assert.deepEqual(
      txs.map((t) => evidenceKey(txEvidence(t) as Evidence)),
      [evidenceKey(e1), evidenceKey(e2), evidenceKey(keepTx.tx.evidence?.evidence as Evidence)],
    );
    const many = Array.from({ length: MAX_BLOCK_EVIDENCE + 5 }, (_, i) => ev(1, 1, 2, BigInt(10 + i)));
    assert.equal(proposalTxs(CHAIN, many, [], () => false).length, MAX_BLOCK_EVIDENCE);
  });
});

describe('evidence through a real ledger and the credit rule', () => {
  test('a proposal carries pending evidence once; inspect reads it; the accused credit drops to min', async () => {
    const ledger = await ledgerAtGenesis();
    const e1 = ev(1, 1, 2);
    const e2 = ev(2, 4, 3);
    const txs = proposalTxs(CHAIN, [e1, ev(1, 1, 9), e2], [evidenceTx(CHAIN, e1)], (e) => evidenceOnChain(ledger, e));
    const r = ledger.propose({ timestampMs: T0 + 1000n, proposer: 0, txs });
    assert.deepEqual(r.rejected, []);
    assert.equal(r.block.txs.length, 2);
    // every replica validates the same block and reads the same evidence from it
    ledger.validate(r.block);
    const deps = replicaDeps(w.genesis, 0, v(0).sk);
    const data = deps.inspect(r.block);
    assert.deepEqual(
      data.evidence.map((e) => e.a.validator),
      [1, 2],
    );
    const p = consensusParams(w.genesis, { viewTimeoutMs: 1000, syncRetryMs: 1000 });
    const credits = initialCredits(p);
    applyCommittedBlock(p, credits, 1n, data, 0n, () => 0);
    assert.deepEqual(credits, [p.credit.initial, p.credit.min, p.credit.min, p.credit.initial]);
    await ledger.commit(r);
    assert.ok(evidenceOnChain(ledger, e1) && evidenceOnChain(ledger, ev(1, 5, 6)), 'the key is on chain');
    assert.ok(!evidenceOnChain(ledger, ev(1, 5, 6, 3n)), 'another height is another key');

    // the next proposal skips what is on chain...
    assert.deepEqual(
      proposalTxs(CHAIN, [e1, e2], [], (e) => evidenceOnChain(ledger, e)),
      [],
    );
    // ...and the ledger itself refuses a duplicate (another pair, same key) without failing the block
    // (the parent certificate's votes are the consensus's business: not checked by this test)
    const parentCert = { height: 1n, view: 0n, blockHash: r.hash, commits: [] };
    const r2 = ledger.propose({
      timestampMs: T0 + 2000n,
      proposer: 0,
      txs: [evidenceTx(CHAIN, ev(1, 7, 8))],
      parentCert,
    });
    assert.deepEqual(
      r2.rejected.map((x) => x.error.code),
      ['TX_EVIDENCE_DUPLICATE'],
    );
    assert.equal(r2.block.txs.length, 0);
    ledger.validate(r2.block);
  });

  test('bad evidence is left out of a proposal with its rule code, and the block stays valid', async () => {
    const ledger = await ledgerAtGenesis();
    // each at its own key (validator, phase, view, height), so that none is merged away as a duplicate
    const forged = { a: signedVote(v(1), 1, 1), b: signedVote(v(2), 1, 2) }; // b is not signed by validator 1
    const same = { a: signedVote(v(1), 1, 1, 3n), b: signedVote(v(1), 1, 1, 3n) };
    const unknown = { a: signedVote(v(1), 9, 1), b: signedVote(v(1), 9, 2) };
    const mixed = { a: signedVote(v(1), 1, 1, 4n), b: signedVote(v(1), 1, 2, 5n) };
    const txs = proposalTxs(CHAIN, [forged, same, unknown, mixed], [], () => false);
    const r = ledger.propose({ timestampMs: T0 + 1000n, proposer: 0, txs });
    assert.deepEqual(
      r.rejected.map((x) => x.error.code),
      [
        'TX_EVIDENCE_BAD_SIGNATURE',
        'TX_EVIDENCE_NOT_CONFLICTING',
        'TX_EVIDENCE_UNKNOWN_VALIDATOR',
        'TX_EVIDENCE_NOT_CONFLICTING',
      ],
    );
    assert.equal(r.block.txs.length, 0);
    ledger.validate(r.block);
    assert.deepEqual(replicaDeps(w.genesis, 0, v(0).sk).inspect(r.block).evidence, []);
  });
});

describe('test mode equivocate', () => {
  test('allowed only like the other modes; once, it precedes a PREPARE with a conflicting signed one', () => {
    const env = { LEAG_TEST_BYZANTINE: 'equivocate', LEAG_TEST_MODES_ALLOWED: '1' };
    assert.equal(readTestModes(env, { ...w.genesis, chainId: 'leag-testnet-x' }).byzantine, 'equivocate');
    assert.throws(() => readTestModes(env, w.genesis), { code: 'TEST_MODE_REFUSED' });
    const eq = equivocator(CHAIN, 1, v(1).sk);
    const msg = (height: bigint, phase: Phase = Phase.PREPARE) =>
      ({ kind: 'vote', msg: signedVote(v(1), 1, 4, height, phase) }) as const;
    const early = msg(EQUIVOCATE_AT_HEIGHT - 1n);
    assert.deepEqual(eq(early), [early]);
    const commit = msg(EQUIVOCATE_AT_HEIGHT, Phase.COMMIT);
    assert.deepEqual(eq(commit), [commit]);
    const m = msg(EQUIVOCATE_AT_HEIGHT);
    const out = eq(m);
    assert.equal(out.length, 2);
    assert.equal(out[1], m);
    const fake = out[0];
    assert.ok(fake?.kind === 'vote');
    const e = { a: m.msg, b: fake.msg };
    assert.equal(evidenceError(verifyContext(w.genesis), e), null, 'two validly signed conflicting votes');
    const later = msg(EQUIVOCATE_AT_HEIGHT + 1n);
    assert.deepEqual(eq(later), [later], 'only once');
  });
});
