/**
 * A window holds at most `maxWindowOrders` orders (ORDER_WINDOW_FULL), so its clearing block always
 * fits the block and codec limits; and a peer's proposal is decoded with the block decoder's
 * counts, so a clearing block whose settlement has thousands of outputs reaches every peer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toWire } from '@leag/consensus';
import { type Block, codecs, isLeagError, type SignedTx, toHex, txId } from '@leag/core';
import { decodeConsensusMessage } from '../../src/driver/driver.js';
import { buildBlock, chainContext, validateTx } from '../../src/ledger/index.js';
import { commitBlock, grantedWorld, out, parentCert, sellOrder, timeIn, World } from './world.js';

describe('window order cap', () => {
  test('the order past the cap is refused in a block and at admission; the next window takes orders again', () => {
    const { w, s } = grantedWorld(6);
    const ctx = chainContext(w.genesis, { maxWindowOrders: 3 });
    const orders = w.evs.slice(0, 5).map((e) => sellOrder(e, { window: 1n, nonce: 1n }));
    const r = buildBlock(
      s,
      { timestampMs: timeIn(1n, 2_000n), proposer: 0, txs: orders, parentCert: parentCert(s) },
      ctx,
    );
    assert.equal(r.block.txs.length, 3, 'three orders fit');
    assert.deepEqual(
      r.rejected.map((x) => x.error.code),
      ['ORDER_WINDOW_FULL', 'ORDER_WINDOW_FULL'],
    );
    assert.match(r.rejected[0]!.error.message, /window 1 holds its maximum of 3 orders; submit for window 2/);
    s.commit(r.writes, r.acc, r.head);
    assert.throws(
      () => validateTx(s, orders[3] as SignedTx, ctx, { timestampMs: timeIn(1n, 3_000n) }),
      (e) => isLeagError(e, 'ORDER_WINDOW_FULL'),
    );
    const next = sellOrder(w.evs[3]!, { window: 2n, nonce: 1n });
    const r2 = buildBlock(
      s,
      { timestampMs: timeIn(2n, 500n), proposer: 1, txs: [next], parentCert: parentCert(s) },
      ctx,
    );
    assert.equal(r2.rejected.length, 0, 'the clearing block closes window 1; window 2 is empty');
  });
});

/** A height-2 proposal of `block` on the wire (hash and signature left zero: only decoding is tested). */
const proposalBytes = (block: Block): Uint8Array =>
  codecs.ConsensusMessage.encode(
    toWire({
      kind: 'prePrepare',
      msg: { view: 0n, height: 2n, blockHash: new Uint8Array(32), block, validator: 0, signature: new Uint8Array(64) },
    }),
  );

describe('proposal decoding', () => {
  test("a proposal whose block holds a settlement-sized tx (thousands of outputs) decodes with the block decoder's counts", () => {
    const w = new World(2);
    const s = w.genesisState();
    const r = commitBlock(w, s, [], timeIn(1n, 100n));
    const big: SignedTx = {
      tx: { ...r.block.txs[0]?.tx, ...sellOrder(w.evs[0]!, { window: 1n, nonce: 1n }).tx, outputs: [] },
      witnesses: [],
    };
    big.tx.outputs = Array.from({ length: 3_000 }, (_, i) => out(w.evs[i % 2]!.addr, BigInt(i + 1)));
    const bytes = proposalBytes({ ...r.block, txs: [big] });
    assert.throws(
      () => codecs.ConsensusMessage.decode(bytes, { maxBytes: bytes.length }),
      /outputs: more than 1024 elements/,
    );
    const m = decodeConsensusMessage(bytes);
    assert.equal(m?.kind, 'prePrepare');
    assert.equal((m?.kind === 'prePrepare' ? m.msg.block.txs[0]?.tx.outputs.length : 0) ?? 0, 3_000);
  });

  test("a proposal's txs that the mempool holds (same bytes) are the mempool's objects; the others are decoded", () => {
    const w = new World(3);
    const orders = w.evs.map((e) => sellOrder(e, { window: 1n, nonce: 1n }));
    // the mempool's copies: decoded from gossip (sealed with their bytes)
    const pool = new Map(
      orders.slice(0, 2).map((o) => [toHex(txId(o.tx)), codecs.SignedTx.decode(codecs.SignedTx.encode(o))]),
    );
    const s = w.genesisState();
    const r = commitBlock(w, s, [], timeIn(1n, 100n));
    const bytes = proposalBytes({ ...r.block, txs: orders });
    const m = decodeConsensusMessage(bytes, (id) => pool.get(toHex(id)));
    assert.equal(m?.kind, 'prePrepare');
    const txs = m?.kind === 'prePrepare' ? m.msg.block.txs : [];
    assert.equal(txs[0], pool.get(toHex(txId(orders[0]!.tx))));
    assert.equal(txs[1], pool.get(toHex(txId(orders[1]!.tx))));
    assert.ok(!pool.has(toHex(txId(txs[2]!.tx))));
    assert.deepStrictEqual(decodeConsensusMessage(bytes), m, 'the same message as without the mempool');
  });
});
