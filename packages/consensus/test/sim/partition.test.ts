import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseProfile, Checker, type FaultProfile, World } from '../../src/sim/index.js';

function world(p: FaultProfile): { w: World; checker: Checker } {
  const checker = new Checker();
  const w = new World(p, checker);
  checker.attach(w);
  w.start();
  return { w, checker };
}

describe('partitions', () => {
  test('a minority partition commits nothing new while the majority keeps committing', () => {
    const p = { ...baseProfile(41, 7), partitions: [{ start: 300, end: 1500, groups: [0, 0, 0, 0, 0, 1, 1] }] };
    const { w, checker } = world(p);
    w.run(400);
    const minorityAt = [5, 6].map((i) => w.nodes[i]!.height);
    const majorityAt = w.nodes[0]!.height;
    w.run(1450);
    assert.ok(w.nodes[0]!.height > majorityAt + 20n, `majority ${majorityAt} -> ${w.nodes[0]!.height}`);
    // The minority may finish the block that was in flight when the link was cut, nothing more.
    for (const [k, i] of [5, 6].entries()) assert.ok(w.nodes[i]!.height <= minorityAt[k]! + 1n, `minority node ${i}`);
    const atHeal = w.nodes[0]!.height;
    w.run(3500);
    for (const n of w.nodes)
      assert.ok(n.height > atHeal, `node ${n.id} caught up after the heal: ${n.height} <= ${atHeal}`);
    assert.deepEqual(checker.violations, []);
  });

  test('a split with no quorum on either side halts without a fork and resumes after the heal', () => {
    const p = { ...baseProfile(42, 4), partitions: [{ start: 300, end: 1500, groups: [0, 0, 1, 1] }] };
    const { w, checker } = world(p);
    w.run(400);
    let max = 0n;
    for (const n of w.nodes) if (n.height > max) max = n.height;
    w.run(1450);
    for (const n of w.nodes) assert.ok(n.height <= max + 1n, `node ${n.id} committed during the split`);
    w.run(6000);
    for (const n of w.nodes) assert.ok(n.height > max + 10n, `node ${n.id} resumed: ${n.height}`);
    assert.deepEqual(checker.violations, []);
  });
});
