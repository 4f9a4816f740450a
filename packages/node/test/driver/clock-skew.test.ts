/**
 * A node whose clock is 30 s ahead (the design's drift bound) leads for a while, so the chain's
 * block time runs 30 s ahead of the honest clocks; then it crashes and an honest node leads. The
 * honest primary must not wait for its clock to reach the parent's time (it used to: no block for
 * 30 s, view change after view change). Back up, the skewed node's vote is needed (one honest
 * backup crashed) and it still validates and votes for honest blocks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cluster } from './cluster.js';

test('a clock 30 s ahead: honest primaries follow its blocks without stalling, its votes still count', {
  timeout: 120_000,
}, async () => {
  const c = new Cluster({ epochBlocks: 50n, blockIntervalMs: 50, viewTimeoutMs: 2000, clockOffsetMs: { 0: 30_000 } });
  await c.start();
  try {
    await c.waitForHeight(5n, 20_000);
    assert.equal(c.nodes[1]?.driver.status()?.leader, 0, 'node 0 (skewed) leads view 0');
    const ts = c.nodes[1]?.ledger.head.timestampMs ?? 0n;
    assert.ok(Number(ts) > Date.now() + 25_000, 'its blocks carry its clock');
    await c.crash(0);
    // an honest primary takes over after one view change (2 view timeouts) and keeps the interval
    const h = c.nodes[1]?.ledger.head.height ?? 0n;
    await c.waitForHeight(h + 5n, 20_000);
    await c.restart(0);
    await c.waitForHeight((c.nodes[1]?.ledger.head.height ?? 0n) + 2n, 10_000, c.nodes);
    // without node 3 every commit needs the skewed node's votes
    await c.crash(3);
    const h2 = c.nodes[1]?.ledger.head.height ?? 0n;
    await c.waitForHeight(h2 + 5n, 10_000);
    assert.deepEqual(c.conflicts, []);
  } finally {
    await c.stop();
  }
});
