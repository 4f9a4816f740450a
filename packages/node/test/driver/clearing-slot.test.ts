/**
 * The clearing slot (driver/clearing-slot.ts): the block that closes a window with orders carries
 * its clearing alone, and the view timer of that slot has time for the work. Here: how many orders
 * the next block clears, as the driver asks it, before a window ends, after, and once closed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Block, codecs, type SignedTx, TxKind, toHex, txId } from '@leag/core';
import { CLEARING_MS_PER_ORDER, clearingAllowanceMs, ordersToClear } from '../../src/driver/clearing-slot.js';
import { Ledger, windowEnd, windowOf } from '../../src/ledger/index.js';
import { MemoryDb } from '../../src/storage/index.js';
import { buyOrder, grant, sellOrder, T0, timeIn, UNIT, WINDOW_MS, World } from '../ledger/world.js';
import { Cluster } from './cluster.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function propose(ledger: Ledger, txs: SignedTx[], timestampMs: bigint, proposer = 0) {
  const head = ledger.head;
  const r = ledger.propose({
    timestampMs,
    proposer,
    txs,
    verifySignatures: false,
    parentCert: head.height === 0n ? undefined : { view: 0n, height: head.height, blockHash: head.hash, commits: [] },
  });
  assert.deepEqual(
    r.rejected.map((x) => x.error.message),
    [],
  );
  await ledger.commit(r);
  return r;
}

test('orders to clear: none while the window is open, its orders once it ended, none once closed', async () => {
  const w = new World(6);
  const ledger = await Ledger.open(new MemoryDb(), w.ctx);
  await propose(
    ledger,
    [
      grant(
        w,
        w.evs.map((e) => e.addr),
      ),
    ],
    timeIn(1n, 100n),
  );
  const orders = [
    ...w.evs.slice(0, 4).map((e) => sellOrder(e, { window: 1n, nonce: 1n })),
    buyOrder(w.evs[5]!, { prev: w.genesisCoin(5), value: 1000n * UNIT }, { window: 1n, nonce: 1n }),
  ];
  await propose(ledger, orders, timeIn(1n, 2_000n));
  assert.equal(ordersToClear(ledger, Number(timeIn(1n, 59_000n))), 0, 'window 1 is still open');
  assert.equal(ordersToClear(ledger, Number(T0 + WINDOW_MS)), 5, 'at its end');
  assert.equal(ordersToClear(ledger, Number(timeIn(3n, 10n))), 5, 'window 2 had none');
  assert.equal(clearingAllowanceMs(ledger, Number(timeIn(2n, 10n))), Math.round(5 * CLEARING_MS_PER_ORDER));
  const closing = await propose(ledger, [], timeIn(2n, 100n), 1);
  assert.equal(closing.closes.length, 1, 'the block closed window 1');
  assert.equal(ordersToClear(ledger, Number(timeIn(3n, 10n))), 0);
  assert.equal(clearingAllowanceMs(ledger, Number(timeIn(3n, 10n))), 0);
  await ledger.close();
});

test('on a cluster, the block that clears a window carries the clearing alone; waiting orders go in the next block', {
  timeout: 90_000,
}, async () => {
  const WINDOW = 3_000n;
  const start = BigInt(Date.now()) - 100n;
  const c = new Cluster({
    epochBlocks: 50n,
    blockIntervalMs: 200,
    busyBlockIntervalMs: 10,
    viewTimeoutMs: 2000,
    windows: { genesisTimeMs: start, windowMs: WINDOW },
  });
  const world = c.world;
  const addAll = async (stx: SignedTx) => {
    for (const n of c.nodes) await n.mempool.add(stx, Date.now());
  };
  await c.start();
  try {
    await addAll(
      grant(
        world,
        world.evs.map((e) => e.addr),
      ),
    );
    await c.waitForHeight(2n, 20_000);
    // orders for a window with at least a second left
    const windowAt = (t: number) => windowOf(c.ctx, BigInt(t));
    let w = windowAt(Date.now());
    if (Number(windowEnd(c.ctx, w)) - Date.now() < 1_500) w += 1n;
    while (windowAt(Date.now()) < w) await sleep(20);
    let nonce = 1n;
    for (const ev of world.evs) await addAll(sellOrder(ev, { window: w, nonce: nonce++ }));
    // from the window's end on, an order for the next window every 30 ms: one waits at every proposal
    const end = Number(windowEnd(c.ctx, w));
    while (Date.now() < end) await sleep(5);
    const streamed: string[] = [];
    while (Date.now() < end + 1_000) {
      const stx = sellOrder(world.evs[0]!, { window: w + 1n, nonce: nonce++ });
      streamed.push(toHex(txId(stx.tx)));
      await addAll(stx);
      await sleep(30);
    }
    await c.waitForHeight(c.nodes[0]!.ledger.head.height + 2n, 20_000);
    const ledger = c.nodes[0]!.ledger;
    let clearing: Block | undefined;
    let after: Block | undefined;
    for (let h = ledger.head.height; h >= 1n; h--) {
      const b = codecs.Block.decode((await ledger.store.getBlock(h)) as Uint8Array);
      if (b.txs[0]?.tx.kind === TxKind.TX_KIND_SETTLEMENT && b.txs[0].tx.settlement?.settlement?.window === w) {
        clearing = b;
        break;
      }
      after = b;
    }
    assert.ok(clearing !== undefined, `a block cleared window ${w}`);
    assert.equal(clearing.txs.length, 1, 'the clearing block carries the settlement alone');
    const next = after?.txs.map((t) => toHex(txId(t.tx))) ?? [];
    assert.ok(
      next.some((id) => streamed.includes(id)),
      'the next block carries orders that were waiting',
    );
    assert.deepEqual(c.conflicts, []);
  } finally {
    await c.stop();
  }
});
