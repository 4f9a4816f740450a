import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError, publicKeyOf, secretKeyFromSeed } from '@leag/core';
import fc from 'fast-check';
import { viewChangeMessage, voteMessage } from '../src/encoding.js';
import { Replica } from '../src/replica.js';
import { secpSigner, secpVerifier } from '../src/secp.js';
import { hashSimBlock, type SimBlock } from '../src/sim/block.js';
import { SimKeys } from '../src/sim/signer.js';
import { type ConsensusMessage, Phase, type PrePrepare } from '../src/types.js';
import { Harness } from './harness.js';

function simHarness(n: number, f: number): Harness {
  const keys = new SimKeys(1, n);
  return new Harness(n, f, (i) => keys.signer(i), keys);
}

describe('replica', () => {
  test('four replicas commit blocks in order with linked certificates', () => {
    const h = simHarness(4, 1);
    h.start();
    h.drain(20_000);
    for (const n of h.nodes) assert.ok(n.chain.length >= 10, `height ${n.chain.length}`);
    const a = h.nodes[0]!.chain;
    for (let i = 1; i < 10; i++) {
      assert.deepEqual(a[i]!.block.parentHash, a[i - 1]!.blockHash);
      assert.deepEqual(a[i]!.block.parentCert?.blockHash, a[i - 1]!.blockHash);
      assert.ok(a[i]!.cert.commits.length >= 3);
    }
    for (const n of h.nodes) assert.deepEqual(n.chain[9]!.blockHash, a[9]!.blockHash);
  });

  test('with real secp256k1 signatures', () => {
    const sks = [0, 1, 2, 3].map((i) => secretKeyFromSeed(new TextEncoder().encode(`validator-${i}`)));
    const verifier = secpVerifier(sks.map(publicKeyOf));
    const h = new Harness(4, 1, (i) => secpSigner(i, sks[i]!), verifier);
    h.start();
    h.drain(250);
    for (const n of h.nodes) assert.ok(n.chain.length >= 2, `height ${n.chain.length}`);
  });

  test('a restarted replica never signs a conflicting message for a key it signed', () => {
    const keys = new SimKeys(2, 4);
    const h = new Harness(4, 1, (i) => keys.signer(i), keys);
    // Hold back every message to node 3 except the first proposal, so it prepares block A only.
    h.filter = (_from, to) => to !== 3;
    h.start();
    const pp = h.nodes[0]!.sent.find((m) => m.kind === 'prePrepare') as {
      kind: 'prePrepare';
      msg: PrePrepare<SimBlock>;
    };
    h.input(3, { type: 'message', message: pp });
    const prepA = h.nodes[3]!.sent.find((m) => m.kind === 'vote' && m.msg.phase === Phase.PREPARE);
    assert.ok(prepA, 'node 3 prepared block A');
    // The persist action came before the broadcast.
    const acts = h.nodes[3]!.actions.map((a) => a.type);
    assert.ok(acts.indexOf('persist') < acts.indexOf('broadcast'));
    // Restart node 3 from its persisted records; the byzantine primary now shows it block B.
    h.restart(3);
    const blockB: SimBlock = { ...pp.msg.block, payload: 999 };
    const hashB = hashSimBlock(h.params.chainId, blockB);
    const u = { phase: Phase.PRE_PREPARE, view: 0n, height: 1n, blockHash: hashB, validator: 0 };
    const ppB: ConsensusMessage<SimBlock> = {
      kind: 'prePrepare',
      msg: {
        view: 0n,
        height: 1n,
        blockHash: hashB,
        block: blockB,
        validator: 0,
        signature: keys.signer(0).sign(voteMessage(h.params.chainId, u)),
      },
    };
    const before = h.nodes[3]!.sent.length;
    h.input(3, { type: 'message', message: ppB });
    const after = h.nodes[3]!.sent.slice(before);
    assert.equal(
      after.some((m) => m.kind === 'vote' && m.msg.phase === Phase.PREPARE),
      false,
      'no PREPARE for block B after the restart',
    );
    // Showing it A again afterwards: the equivocation becomes evidence.
    h.input(3, { type: 'message', message: pp });
    assert.ok(h.nodes[3]!.actions.some((a) => a.type === 'evidence'));
  });

  test('the view timer doubles with every failed view and resets on commit', () => {
    const h = simHarness(4, 1);
    h.answerProposals = false;
    h.start();
    const seen: number[] = [];
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 4; i++) {
        const ms = h.fireTimer(i);
        if (i === 2 && ms !== undefined) seen.push(ms);
      }
      h.drain();
    }
    const views = h.nodes.map((n) => n.replica.status().view);
    assert.ok(
      views.every((v) => v >= 3n),
      `views ${views}`,
    );
    const base = h.params.viewTimeoutMs;
    assert.ok(
      seen.every((ms, i) => i === 0 || ms >= seen[i - 1]!),
      `timers ${seen}`,
    );
    assert.ok(seen.at(-1)! >= 8 * base, `timers ${seen}`);
    // Once proposals flow again a block commits and the timer is back to its base.
    h.answerProposals = true;
    for (let i = 0; i < 4; i++) h.fireTimer(i);
    h.drain(400);
    const n2 = h.nodes[2]!;
    assert.ok(n2.chain.length >= 1);
    const last = n2.actions.filter((a) => a.type === 'setTimer' && a.timer.kind === 'view').at(-1);
    assert.equal(last?.type === 'setTimer' ? last.afterMs : -1, base);
  });

  test('a replica busy validating a heavy proposal gets a full timer budget once it has validated', () => {
    const h = simHarness(4, 1);
    h.heldValidations = [];
    h.start();
    h.drain();
    const held = h.heldValidations.find((x) => x.node === 2);
    assert.ok(held !== undefined, 'node 2 was asked to validate the proposal');
    const n2 = h.nodes[2]!;
    // The validation outlasts the budget counted from the last commit: the timer expires once.
    h.fireTimer(2);
    const before = n2.actions.length;
    h.input(2, held.input); // validated: progress
    const rearmed = n2.actions.slice(before).find((a) => a.type === 'setTimer' && a.timer.kind === 'view');
    assert.equal(rearmed?.type === 'setTimer' ? rearmed.afterMs : -1, h.params.viewTimeoutMs);
    // One more expiry is a first expiry again (re-send), not a view change.
    h.fireTimer(2);
    assert.equal(n2.replica.status().view, 0n);
    assert.equal(n2.replica.status().inViewChange, false);
    // Without progress, a second expiry does start a view change.
    h.fireTimer(2);
    assert.equal(n2.replica.status().inViewChange, true);
  });

  test('a flood of validly signed messages keeps memory bounded', () => {
    const keys = new SimKeys(4, 4);
    const h = new Harness(4, 1, (i) => keys.signer(i), keys);
    h.start();
    const r = h.nodes[1]!.replica;
    const s3 = keys.signer(3);
    for (let k = 0; k < 5000; k++) {
      const u = {
        phase: k % 2 === 0 ? Phase.PREPARE : Phase.COMMIT,
        view: BigInt(k % 40),
        height: 1n + BigInt(k % 30),
        blockHash: new Uint8Array(32).fill(k % 251),
        validator: 3,
      };
      r.handle({
        type: 'message',
        message: { kind: 'vote', msg: { ...u, signature: s3.sign(voteMessage(h.params.chainId, u)) } },
      });
      const vc = { newView: BigInt(k), stableHeight: 0n, prepared: [], validator: 3 };
      r.handle({
        type: 'message',
        message: { kind: 'viewChange', msg: { ...vc, signature: s3.sign(viewChangeMessage(h.params.chainId, vc)) } },
      });
    }
    const st = r.status();
    assert.ok(st.bufferedMessages <= 64, `buffered ${st.bufferedMessages}`);
    assert.equal(st.view, 0n, 'one validator alone moves nobody to another view');
    assert.ok(st.guardRecords <= 4);
  });

  test('a misconfigured replica is refused with a typed error', () => {
    const h = simHarness(4, 1);
    const keys = new SimKeys(1, 4);
    const deps = {
      signer: keys.signer(7),
      verifier: keys,
      hashBlock: () => new Uint8Array(32),
      inspect: () => ({ parentCert: null, evidence: [] }),
    };
    assert.throws(
      () => new Replica(h.params, deps, h.genesis),
      (e) => isLeagError(e, 'CONSENSUS_BAD_SIGNER'),
    );
    assert.throws(
      () => new Replica({ ...h.params, f: 2 }, { ...deps, signer: keys.signer(0) }, h.genesis),
      (e) => isLeagError(e, 'CONSENSUS_BAD_PARAMS'),
    );
    assert.throws(
      () => new Replica(h.params, { ...deps, signer: keys.signer(0) }, new Uint8Array(3)),
      (e) => isLeagError(e, 'CONSENSUS_BAD_GENESIS'),
    );
  });

  test('garbage and out-of-range messages never throw and are never answered', () => {
    const h = simHarness(4, 1);
    h.start();
    const bytes = fc.uint8Array({ minLength: 0, maxLength: 40 });
    const big = fc.bigInt({ min: -5n, max: 1n << 70n });
    const vote = fc.record({
      phase: fc.integer({ min: -1, max: 9 }),
      view: big,
      height: big,
      blockHash: bytes,
      validator: fc.integer({ min: -3, max: 10 }),
      signature: bytes,
    });
    const msg = fc.oneof(
      vote.map((v) => ({ kind: 'vote', msg: v }) as ConsensusMessage<SimBlock>),
      fc
        .record({ height: big, stateDigest: bytes, validator: fc.integer({ min: -3, max: 10 }), signature: bytes })
        .map((c) => ({ kind: 'checkpoint', msg: c }) as ConsensusMessage<SimBlock>),
      fc
        .record({ newView: big, stableHeight: big, validator: fc.integer({ min: -3, max: 10 }), signature: bytes })
        .map((v) => ({ kind: 'viewChange', msg: { ...v, prepared: [] } }) as ConsensusMessage<SimBlock>),
      fc
        .record({ view: big, validator: fc.integer({ min: -3, max: 10 }), signature: bytes })
        .map(
          (v) => ({ kind: 'newView', msg: { ...v, viewChanges: [], prePrepares: [] } }) as ConsensusMessage<SimBlock>,
        ),
    );
    fc.assert(
      fc.property(msg, (m) => {
        const actions = h.nodes[1]!.replica.handle({ type: 'message', message: m as ConsensusMessage<SimBlock> });
        assert.equal(
          actions.filter((a) => a.type === 'broadcast' || a.type === 'send' || a.type === 'commit').length,
          0,
        );
      }),
      { numRuns: process.env.LEAG_TEST_LONG === '1' ? 20_000 : 1000 },
    );
  });
});

describe('signing messages', () => {
  test('votes and checkpoints are signed exactly as core signs schema messages', async () => {
    const { DOMAINS, messageSigningBytes } = await import('@leag/core');
    const { checkpointMessage, voteMessage } = await import('../src/encoding.js');
    const v = { phase: Phase.COMMIT, view: 3n, height: 1n << 40n, blockHash: new Uint8Array(32).fill(5), validator: 2 };
    assert.deepEqual(
      voteMessage('chain-x', v),
      messageSigningBytes('Vote', { ...v, signature: new Uint8Array(0) }, DOMAINS.CONSENSUS, 'chain-x'),
    );
    const c = { height: 100n, stateDigest: new Uint8Array(32).fill(9), validator: 1 };
    assert.deepEqual(
      checkpointMessage('chain-y', c),
      messageSigningBytes('Checkpoint', { ...c, signature: new Uint8Array(0) }, DOMAINS.CONSENSUS, 'chain-y'),
    );
    assert.notDeepEqual(voteMessage('chain-x', v), voteMessage('chain-z', v));
  });
});
