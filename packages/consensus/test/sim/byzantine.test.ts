import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EpochSchedule } from '../../src/epochs.js';
import { baseProfile, type FaultProfile, inspectSimBlock, runProfile, type SimNode } from '../../src/sim/index.js';

/** Credits right after the first committed block that carries evidence against `accused`. */
function creditsAfterEvidence(node: SimNode, accused: number): readonly number[] {
  const s = new EpochSchedule(node.world.params);
  for (const c of node.disk.chain) {
    s.applyBlock(c.height, inspectSimBlock(c.block));
    if (c.block.evidence.some((e) => e.a.validator === accused)) return s.currentCredits();
  }
  assert.fail(`no evidence against ${accused} on node ${node.id}'s chain`);
}

function profile(n: number, patch: Partial<FaultProfile>, seed = 11): FaultProfile {
  return { ...baseProfile(seed, n), targetHeight: 16, ...patch };
}

function expectOk(r: ReturnType<typeof runProfile>): void {
  assert.ok(r.ok, `${r.violations.join('; ')}\n  replay: ${r.replay}`);
}

describe('byzantine validators (fault matrix T1)', () => {
  test('a silent primary is replaced and its credit falls', () => {
    const r = runProfile(profile(4, { byzantine: { 0: 'silent' } }));
    expectOk(r);
    const honest = r.world.nodes[1]!.replica;
    const st = honest.status();
    assert.ok(st.height >= 16n);
    assert.ok(st.view >= 1n, 'a view change happened');
    assert.ok(st.credits[0]! < 50, `credit of the silent primary fell: ${st.credits[0]}`);
    for (const v of [1, 2, 3]) assert.ok(st.credits[v]! > 50, `credit of honest ${v} rose: ${st.credits[v]}`);
    for (const c of r.world.nodes[1]!.disk.chain)
      assert.notEqual(c.block.proposer, 0, 'the silent node proposed nothing');
    // In the latest epoch the silent node is last in the leader order.
    const e = honest.epochAt(st.height)!;
    assert.equal(e.order.at(-1), 0);
  });

  test('a primary that stays faulty falls under the threshold and loses leadership', () => {
    const r = runProfile(profile(4, { byzantine: { 1: 'invalid' }, targetHeight: 40 }, 3));
    expectOk(r);
    const st = r.world.nodes[0]!.replica.status();
    const others = [0, 2, 3].map((v) => st.credits[v]!);
    assert.ok(st.credits[1]! < Math.min(...others), `credit of the invalid proposer ${st.credits[1]} vs ${others}`);
    for (const c of r.world.nodes[0]!.disk.chain) assert.equal(c.block.invalid, false, 'no invalid block committed');
  });

  test('an equivocating primary: no fork, evidence on chain, credit drops to zero, it loses leadership', () => {
    const r = runProfile(profile(4, { byzantine: { 0: 'equivocate' } }));
    expectOk(r);
    const node = r.world.nodes[2]!;
    const st = node.replica.status();
    assert.equal(creditsAfterEvidence(node, 0)[0], 0);
    assert.ok(st.credits[0]! < 50);
    // It is replaced: once the zeroed credit takes effect it is no longer in the leader order.
    assert.equal(node.replica.epochAt(st.height)!.order.includes(0), false);
    assert.notEqual(node.disk.chain.at(-1)!.block.proposer, 0);
  });

  test('a double-voting replica: evidence committed and its credit drops to zero', () => {
    const r = runProfile(profile(5, { byzantine: { 3: 'doubleVote' } }));
    expectOk(r);
    const st = r.world.nodes[0]!.replica.status();
    assert.equal(creditsAfterEvidence(r.world.nodes[0]!, 3)[3], 0);
    assert.ok(st.credits[3]! < 50);
    // The equivocator loses leadership and weight in the next epochs.
    const e = r.world.nodes[0]!.replica.epochAt(st.height + 1n)!;
    assert.equal(e.order.includes(3), false);
    assert.equal(e.quorum.weights[3], 1);
  });

  test('a view-change storm: honest nodes move only on weight >= F + 1, memory stays bounded', () => {
    const r = runProfile(profile(7, { byzantine: { 2: 'storm', 5: 'storm' }, targetHeight: 20 }));
    expectOk(r);
    for (const n of r.world.honestNodes()) {
      const st = n.replica.status();
      assert.ok(st.view <= 3n, `node ${n.id} in view ${st.view}`);
      assert.ok(st.bufferedMessages <= 7 * 64);
    }
  });

  test('replays of old and foreign-chain messages are ignored', () => {
    const r = runProfile(profile(4, { byzantine: { 3: 'replay' }, targetHeight: 20 }));
    expectOk(r);
    const st = r.world.nodes[0]!.replica.status();
    assert.equal(st.view, 0n, 'no view change was caused by replays');
  });

  test('every byzantine kind at f = 2 among 7, with loss, delay and duplication', () => {
    for (const [a, b] of [
      ['equivocate', 'doubleVote'],
      ['silent', 'invalid'],
      ['storm', 'replay'],
    ] as const) {
      const r = runProfile(
        profile(7, { byzantine: { 0: a, 4: b }, drop: 0.03, dropUntil: 1500, duplicate: 0.05, delayMax: 25 }),
      );
      expectOk(r);
    }
  });
});
