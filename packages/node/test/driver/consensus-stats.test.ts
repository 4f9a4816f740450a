/**
 * The driver's consensus metrics and the slow-votes test mode on a real in-process cluster (real
 * Replica, Ledger, WAL, signatures): messages are counted by type both ways, every committed block
 * reports its commit latency once per node, and two validators whose votes are held 150 ms make
 * every plain-PBFT commit of 4 nodes wait at least that long (a quorum of 3 needs one of them).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConsensusObserver, MessageType } from '../../src/driver/consensus-stats.js';
import { slowVoteDelay } from '../../src/testing/index.js';
import { Cluster } from './cluster.js';

interface Seen {
  in: Map<MessageType, number>;
  out: Map<MessageType, number>;
  latency: { role: string; ms: number }[];
}

function recorder(): { seen: Seen; observer: ConsensusObserver } {
  const seen: Seen = { in: new Map(), out: new Map(), latency: [] };
  return {
    seen,
    observer: {
      message: (dir, type, count) => seen[dir].set(type, (seen[dir].get(type) ?? 0) + count),
      commitLatency: (role, ms) => seen.latency.push({ role, ms }),
    },
  };
}

const DELAY_MS = 150;

test('plain PBFT, 2 of 4 validators slow: messages counted by type, each commit waits for a slow vote', {
  timeout: 60_000,
}, async () => {
  const rec = [0, 1, 2, 3].map(recorder);
  const c = new Cluster({
    epochBlocks: 50n,
    blockIntervalMs: 20,
    viewTimeoutMs: 5000,
    plainPbft: true,
    modules: (i) => ({
      observer: (rec[i] as ReturnType<typeof recorder>).observer,
      ...(i >= 2 ? { sendDelayMs: slowVoteDelay(DELAY_MS) } : {}),
    }),
  });
  await c.start();
  try {
    await c.waitForHeight(6n, 30_000, c.nodes);
    assert.deepEqual(c.nodes[0]?.driver.status()?.weights, [1, 1, 1, 1], 'plain PBFT: all weights 1');
    const p = (rec[0] as ReturnType<typeof recorder>).seen;
    // node 0 is the primary of view 0: it proposes, the others prepare and commit
    assert.ok((p.out.get('pre_prepare') ?? 0) >= 3 * 5, 'each proposal goes to the 3 peers');
    assert.ok((p.in.get('prepare') ?? 0) >= 3 * 5 && (p.in.get('commit') ?? 0) >= 2 * 5);
    assert.equal(p.in.get('pre_prepare') ?? 0, 0, 'the primary receives no proposal');
    const r = (rec[1] as ReturnType<typeof recorder>).seen;
    assert.ok((r.in.get('pre_prepare') ?? 0) >= 5);
    const own = p.latency.filter((x) => x.role === 'proposer');
    assert.ok(own.length >= 5, `the primary timed its blocks (${own.length})`);
    assert.equal(p.latency.length, own.length, 'node 0 proposed every block');
    for (const x of own) assert.ok(x.ms >= DELAY_MS - 5, `a commit waited for a slow vote: ${x.ms} ms`);
    assert.ok(
      r.latency.every((x) => x.role === 'replica'),
      'a backup reports its latencies as replica',
    );
    assert.deepEqual(c.conflicts, []);
  } finally {
    await c.stop();
  }
});

test('without slow validators the same cluster commits well under the slow delay', { timeout: 60_000 }, async () => {
  const rec = recorder();
  const c = new Cluster({
    epochBlocks: 50n,
    blockIntervalMs: 20,
    viewTimeoutMs: 5000,
    plainPbft: true,
    modules: (i) => (i === 0 ? { observer: rec.observer } : {}),
  });
  await c.start();
  try {
    await c.waitForHeight(6n, 30_000, c.nodes);
    const sorted = rec.seen.latency.map((x) => x.ms).sort((a, b) => a - b);
    assert.ok(sorted.length >= 5);
    assert.ok((sorted[Math.floor(sorted.length / 2)] as number) < DELAY_MS, `median ${sorted.join(',')}`);
  } finally {
    await c.stop();
  }
});
