/**
 * The signature cache: one verification per tx, verdicts forgotten once the tx is committed, and a
 * size bound (oldest verdict out first) for what is never committed. Before, every verdict stayed
 * until 200 000 had piled up: a node under load held one per order it ever saw.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type SignedTx, txId } from '@leag/core';
import { SigCache, sigCacheCapacity } from '../../src/trading/sig-cache.js';
import { buyOrder, sellOrder, World } from '../ledger/world.js';

const w = new World(4);
const orders: SignedTx[] = Array.from({ length: 6 }, (_, i) =>
  sellOrder(w.evs[i % 4] as never, { window: 1n, nonce: BigInt(i + 1) }),
);

describe('signature cache', () => {
  test('verifies a tx once; other witnesses for the same tx id are verified again', () => {
    const c = new SigCache(10);
    const o = orders[0] as SignedTx;
    assert.ok(c.verify(o));
    assert.ok(c.verify(o));
    assert.deepEqual([c.misses, c.hits, c.size], [1, 1, 1]);
    const forged: SignedTx = { ...o, witnesses: [{ ...o.witnesses[0]!, signature: new Uint8Array(64).fill(1) }] };
    assert.equal(c.verify(forged), false);
    assert.equal(c.misses, 2);
    assert.ok(c.verify(o), 'the good verdict is kept');
    assert.equal(c.hits, 2);
  });

  test('a witness repeating an earlier one of its tx (a buy order: coin and payload of one key) costs no second ECDSA check', () => {
    const c = new SigCache(10);
    const buy = buyOrder(
      w.evs[0] as never,
      { prev: w.genesisCoin(0), value: 1000n * 1_000_000n },
      { window: 1n, nonce: 1n },
    );
    assert.equal(buy.witnesses.length, 2);
    assert.deepEqual(buy.witnesses[0], buy.witnesses[1], 'deterministic signatures: the same witness twice');
    assert.ok(c.verify(buy));
    assert.equal(c.ecdsa, 1);
    // two distinct witnesses are both checked: a bad second one is found
    const other = sellOrder(w.evs[1] as never, { window: 1n, nonce: 1n }).witnesses[0]!;
    const mixed: SignedTx = { ...buy, witnesses: [buy.witnesses[0]!, other] };
    assert.equal(c.verify(mixed), false);
    assert.equal(c.ecdsa, 3);
    // a bad signature repeated is still bad
    const bad = { ...buy.witnesses[0]!, signature: new Uint8Array(64).fill(1) };
    assert.equal(c.verify({ ...buy, witnesses: [bad, bad] }), false);
    assert.equal(c.ecdsa, 4);
  });

  test('committed txs are forgotten: the cache holds only what may still enter a block', () => {
    const c = new SigCache(100);
    for (const o of orders) c.verify(o);
    assert.equal(c.size, 6);
    c.forget(orders.slice(0, 4).map((o) => txId(o.tx)));
    assert.equal(c.size, 2);
    c.verify(orders[0] as SignedTx);
    assert.equal(c.misses, 7, 'a forgotten verdict is computed again, never assumed');
  });

  test('the size bound evicts the oldest verdict first', () => {
    const c = new SigCache(3);
    for (const o of orders) c.verify(o);
    assert.equal(c.size, 3);
    const misses = c.misses;
    c.verify(orders[5] as SignedTx);
    c.verify(orders[3] as SignedTx);
    assert.equal(c.misses, misses, 'the newest three are kept');
    c.verify(orders[0] as SignedTx);
    assert.equal(c.misses, misses + 1, 'the oldest was evicted');
    assert.equal(c.size, 3);
  });

  test('the node sizes it to its mempool and check queue', () => {
    assert.equal(sigCacheCapacity(20_000, 8192), 28_192);
  });
});
