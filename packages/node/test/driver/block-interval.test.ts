/**
 * Two block intervals (docs/decisions.md, "Two block intervals"): with nothing to propose a primary
 * waits blockIntervalMs after its parent (empty blocks keep block time moving), with txs waiting
 * only busyBlockIntervalMs. Checked on block timestamps (the primary's clock when it proposed),
 * on a real in-process cluster: empty blocks are never closer than the block interval, and the
 * block that carries a tx follows its parent well before the block interval.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Block, codecs, txId } from '@leag/core';
import { grant } from '../ledger/world.js';
import { Cluster } from './cluster.js';

const IDLE_MS = 1500;

async function blockAt(c: Cluster, h: bigint): Promise<Block> {
  const bytes = await c.nodes[0]?.ledger.store.getBlock(h);
  assert.ok(bytes !== undefined, `block ${h} stored`);
  return codecs.Block.decode(bytes);
}

test('empty blocks come every blockIntervalMs, a tx is proposed after busyBlockIntervalMs', {
  timeout: 60_000,
}, async () => {
  const c = new Cluster({ epochBlocks: 50n, blockIntervalMs: IDLE_MS, busyBlockIntervalMs: 10, viewTimeoutMs: 8000 });
  await c.start();
  try {
    await c.waitForHeight(3n, 20_000);
    for (let h = 2n; h <= 3n; h++) {
      const gap = (await blockAt(c, h)).header.timestampMs - (await blockAt(c, h - 1n)).header.timestampMs;
      assert.ok(gap >= BigInt(IDLE_MS), `empty block ${h} came ${gap} ms after its parent (at least ${IDLE_MS})`);
    }
    const stx = grant(c.world, [c.world.evs[0]?.addr as Uint8Array]);
    const id = txId(stx.tx);
    // right after a commit, so an idle primary would have almost the whole interval left to wait
    const h0 = c.nodes[0]?.ledger.head.height ?? 0n;
    await c.waitForHeight(h0 + 1n, 20_000);
    for (const n of c.nodes) await n.mempool.add(stx, Date.now());
    let at: { height: bigint } | undefined;
    const end = Date.now() + 20_000;
    while ((at = await c.nodes[0]?.ledger.txLocation(id)) === undefined) {
      assert.ok(Date.now() < end, 'the tx was committed');
      await new Promise((r) => setTimeout(r, 20));
    }
    const b = await blockAt(c, at.height);
    const parent = await blockAt(c, at.height - 1n);
    const gap = b.header.timestampMs - parent.header.timestampMs;
    assert.ok(gap < BigInt(IDLE_MS / 2), `the tx's block came ${gap} ms after its parent (less than ${IDLE_MS / 2})`);
    assert.deepEqual(c.conflicts, []);
  } finally {
    await c.stop();
  }
});
