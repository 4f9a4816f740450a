/**
 * The consensus WAL is truncated as blocks commit (driver/wal-prune.ts): it stays a few records
 * long over many blocks, and nodes crashed between any two driver actions restart from the
 * truncated WAL, rejoin, and never sign two different digests for one (phase, view, height).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Phase } from '@leag/core';
import { obsoleteWalEntries, type WalMeta } from '../../src/driver/wal-prune.js';
import { Cluster } from './cluster.js';

const D = new Uint8Array(32);
const meta = (seq: number, phase: Phase, view: bigint, height: bigint): WalMeta => ({
  seq: BigInt(seq),
  phase,
  view,
  height,
  digest: D,
});

describe('consensus WAL truncation', () => {
  test('obsolete: votes below the committed height and view changes below view - 1, never the top view', () => {
    const entries = [
      meta(0, Phase.VIEW_CHANGE, 1n, 0n),
      meta(1, Phase.PREPARE, 1n, 5n),
      meta(2, Phase.COMMIT, 1n, 5n),
      meta(3, Phase.CHECKPOINT, 0n, 5n),
      meta(4, Phase.PREPARE, 1n, 6n),
      meta(5, Phase.COMMIT, 1n, 6n),
      meta(6, Phase.PREPARE, 1n, 7n),
    ];
    // committed 6, view 1: height 5 goes; height 6 and 7 stay; the view change of the top view stays
    assert.deepEqual(obsoleteWalEntries(entries, 6n, 1n), [1n, 2n, 3n]);
    // in view 5 (entered through a NEW-VIEW, nothing signed there yet) view 1 is still the top view
    // signed: its view change and newest record stay, so a restart resumes in view 1, not 0
    assert.deepEqual(obsoleteWalEntries(entries, 8n, 5n), [1n, 2n, 3n, 4n, 5n]);
    const later = [...entries, meta(7, Phase.VIEW_CHANGE, 6n, 0n), meta(8, Phase.NEW_VIEW, 6n, 0n)];
    assert.deepEqual(obsoleteWalEntries(later, 8n, 6n), [0n, 1n, 2n, 3n, 4n, 5n, 6n]);
    assert.deepEqual(obsoleteWalEntries([], 8n, 6n), []);
  });

  test('stays bounded over many blocks; crashed nodes restart from it and never equivocate', {
    timeout: 120_000,
  }, async () => {
    const c = new Cluster({ epochBlocks: 5n, blockIntervalMs: 5, viewTimeoutMs: 400 });
    await c.start();
    try {
      await c.waitForHeight(40n, 40_000);
      assert.ok(c.maxWal <= 12, `a WAL grew to ${c.maxWal} records over 40 blocks`);
      // crashes at arbitrary moments (between any two driver actions), a backup and then the primary
      for (const [victim, afterMs] of [
        [3, 7],
        [0, 13],
        [2, 1],
        [0, 29],
      ] as const) {
        const h = c.nodes[0]?.ledger.head.height ?? 0n;
        await new Promise((r) => setTimeout(r, afterMs));
        await c.crash(victim);
        const walBefore = await c.nodes[victim]?.wal.count();
        await c.waitForHeight(h + 5n, 40_000);
        const n = await c.restart(victim);
        const s = n.driver.status();
        assert.equal(s?.height, n.ledger.head.height, 'the replica restores the stored chain');
        assert.ok((walBefore ?? 0) <= 12, `WAL of ${walBefore} records at the crash`);
        await c.waitForHeight(c.nodes[(victim + 1) % 4]!.ledger.head.height + 5n, 40_000, c.nodes);
      }
      const top = c.nodes[0]?.ledger.head.height ?? 0n;
      assert.ok(top >= 60n, `only ${top} blocks`);
      assert.ok(c.maxWal <= 12, `a WAL grew to ${c.maxWal} records`);
      for (let h = 1n; h <= top - 2n; h += 7n) {
        const hashes = new Set(
          await Promise.all(
            c.nodes.map(async (n) => Buffer.from((await n.ledger.store.getBlock(h)) ?? []).toString('hex')),
          ),
        );
        assert.equal(hashes.size, 1, `nodes disagree on block ${h}`);
      }
      assert.deepEqual(c.conflicts, [], 'a node signed two different digests for one key');
    } finally {
      await c.stop();
    }
  });
});
