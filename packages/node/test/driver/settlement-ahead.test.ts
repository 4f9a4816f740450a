/**
 * Settlements computed ahead on a cluster of real drivers, each node with its settlement worker
 * (settle/settlements.ts): a window with a lag is computed by every node's worker after its end;
 * the block at end + lag carries it with the orders waiting (no longer alone), the margin goes to
 * the proposer of the block that ended the window, the proposal travels without the settlement
 * (every node puts it back), and every node agrees on every block.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Block, codecs, type SignedTx, TxKind, toHex, txId } from '@leag/core';
import { pino } from 'pino';
import { genesisBlock, windowEnd, windowOf } from '../../src/ledger/index.js';
import { Settlements } from '../../src/settle/settlements.js';
import { buyOrder, grant, sellOrder, UNIT } from '../ledger/world.js';
import { Cluster } from './cluster.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('every node computes the window ahead; the settling block carries it with waiting orders', {
  timeout: 90_000,
}, async () => {
  const WINDOW = 3_000n;
  const LAG = 1_000n;
  const start = BigInt(Date.now()) - 100n;
  const workers: Settlements[] = [];
  const c = new Cluster({
    epochBlocks: 50n,
    blockIntervalMs: 200,
    busyBlockIntervalMs: 10,
    viewTimeoutMs: 2000,
    windows: { genesisTimeMs: start, windowMs: WINDOW },
    settlementLagMs: LAG,
    modules: () => {
      const s = new Settlements(pino({ level: 'silent' }));
      workers.push(s);
      return { settlements: s };
    },
  });
  const world = c.world;
  const addAll = async (stx: SignedTx) => {
    for (const n of c.nodes) await n.mempool.add(stx, Date.now());
  };
  await c.start();
  try {
    const [buyer, seller] = world.evs as [(typeof world.evs)[0], (typeof world.evs)[0]];
    await addAll(grant(world, [buyer.addr, seller.addr]));
    await c.waitForHeight(2n, 20_000);
    const windowAt = (t: number) => windowOf(c.ctx, BigInt(t));
    let w = windowAt(Date.now());
    if (Number(windowEnd(c.ctx, w)) - Date.now() < 1_500) w += 1n;
    while (windowAt(Date.now()) < w) await sleep(20);
    // the cluster's genesis (its own windows) holds the World's initial coins
    const coin = { txId: genesisBlock(c.ctx).block.header.parentHash, index: 0 };
    await addAll(buyOrder(buyer, { prev: coin, value: 1000n * UNIT }, { window: w, nonce: 1n }));
    await addAll(sellOrder(seller, { window: w, nonce: 1n }));
    // from the window's end until past end + lag, an order for the next window every 30 ms
    const end = Number(windowEnd(c.ctx, w));
    while (Date.now() < end) await sleep(5);
    let nonce = 2n;
    const streamed: string[] = [];
    while (Date.now() < end + Number(LAG) + 600) {
      const stx = sellOrder(seller, { window: w + 1n, nonce: nonce++ });
      streamed.push(toHex(txId(stx.tx)));
      await addAll(stx);
      await sleep(30);
    }
    await c.waitForHeight(c.nodes[0]!.ledger.head.height + 2n, 20_000);
    const ledger = c.nodes[0]!.ledger;
    const blocks: Block[] = [];
    for (let h = 1n; h <= ledger.head.height; h++)
      blocks.push(codecs.Block.decode((await ledger.store.getBlock(h)) as Uint8Array));
    const settling = blocks.find((b) => b.txs[0]?.tx.settlement?.settlement?.window === w);
    assert.ok(settling !== undefined, `a block settled window ${w}`);
    assert.ok(settling.header.timestampMs >= BigInt(end) + LAG, 'not before end + lag');
    const ending = blocks.find((b) => b.header.timestampMs >= BigInt(end)) as Block;
    assert.ok(ending.header.height < settling.header.height, 'the window ended in an earlier block');
    assert.equal(settling.txs[0]?.tx.kind, TxKind.TX_KIND_SETTLEMENT);
    const margin = settling.txs[0]?.tx.outputs.at(-1);
    assert.equal(settling.txs[0]?.tx.settlement?.settlement?.pairs.length, 1, 'the buyer and the seller trade');
    assert.equal(
      toHex(margin?.address ?? new Uint8Array()),
      toHex(c.ctx.validatorKeys.get(ending.header.proposer)?.address ?? new Uint8Array()),
      'the margin goes to the proposer of the ending block',
    );
    assert.ok(
      settling.txs.slice(1).some((t) => streamed.includes(toHex(txId(t.tx)))),
      'the settling block also carries orders that were waiting',
    );
    for (const s of workers) assert.equal(s.computed, 1, 'each node computed the window ahead');
    const sent = c.proposalTxKinds.get(settling.header.height);
    assert.ok(sent !== undefined && sent.length === settling.txs.length - 1, 'the proposal left the settlement out');
    assert.ok(!sent.includes(TxKind.TX_KIND_SETTLEMENT));
    const heads = c.nodes.map((n) => toHex(n.ledger.head.hash));
    await c.waitForHeight(ledger.head.height, 10_000);
    assert.deepEqual(c.conflicts, []);
    assert.ok(heads.length === 4);
  } finally {
    await c.stop();
    for (const s of workers) await s.close();
  }
});
