/**
 * The window index holds O(1) per window: a closed window's orders and settlement are read back
 * from the stored blocks, only the last RECENT_CLEARINGS clearings stay whole in memory, and what
 * it answers equals what the blocks carried (it used to keep every order and settlement forever).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Block, toHex, txId } from '@leag/core';
import { RECENT_CLEARINGS, WindowIndex } from '../../src/trading/windows.js';
import { commitBlock, grant, sellOrder, timeIn, World } from '../ledger/world.js';

describe('window index', () => {
  test('closed windows are read back from the stored blocks; only recent clearings stay in memory', async () => {
    const w = new World(4);
    const s = w.genesisState();
    const blocks = new Map<bigint, Block>();
    const loads: bigint[] = [];
    const index = new WindowIndex(async (h) => {
      loads.push(h);
      return blocks.get(h);
    });
    const add = (r: ReturnType<typeof commitBlock>) => {
      blocks.set(r.block.header.height, r.block);
      return index.onBlock(r.block, r.hash);
    };
    add(
      commitBlock(
        w,
        s,
        [
          grant(
            w,
            w.evs.map((e) => e.addr),
          ),
        ],
        timeIn(1n, 100n),
      ),
    );
    const windows = BigInt(RECENT_CLEARINGS + 4);
    const ids = new Map<bigint, string[]>();
    let closedInMemory = 0;
    for (let win = 1n; win <= windows; win++) {
      // the window's orders come in two blocks
      for (const [k, at] of [
        [0, 1_000n],
        [2, 30_000n],
      ] as const) {
        const txs = [0, 1].map((i) => sellOrder(w.evs[k + i] as never, { window: win, nonce: 1n }));
        add(commitBlock(w, s, txs, timeIn(win, at)));
        ids.set(win, [...(ids.get(win) ?? []), ...txs.map((t) => toHex(txId(t.tx)))]);
      }
      const c = add(commitBlock(w, s, [], timeIn(win + 1n, 10n)));
      assert.equal(c.length, 1);
      assert.equal(c[0]?.window, win);
      closedInMemory = index.heldClearings;
    }
    assert.equal(closedInMemory, RECENT_CLEARINGS, 'older clearings are not kept whole');
    // the first window: its clearing and its orders come back from the blocks
    loads.length = 0;
    const r1 = await index.result(1n);
    assert.equal(r1?.window, 1n);
    assert.equal(r1?.settlement.unmatchedSellers.length, 0, 'the settlement record: unmatched lists implied');
    assert.equal(r1?.settlement.sellersAdmitted, 4);
    assert.ok(loads.length === 1, 'one block read for an old clearing');
    const o1 = await index.ordersOf(1n);
    assert.deepEqual(
      o1.map((o) => toHex(o.id)),
      [...(ids.get(1n) ?? [])].sort(),
    );
    assert.ok(o1.every((o) => o.side === 'sell' && o.stx.tx.sellOrder?.window === 1n));
    assert.equal(loads.length, 1 + 2, 'only the blocks carrying the window’s orders are read');
    // a recent window answers from memory; an unknown one is undefined / empty
    loads.length = 0;
    assert.equal((await index.result(windows))?.window, windows);
    assert.equal(loads.length, 0);
    assert.equal(await index.result(windows + 1n), undefined);
    assert.deepEqual(await index.ordersOf(windows + 1n), []);
  });

  test("a clearing takes its settlement hash from the ledger's result for the block, else hashes it", () => {
    const w = new World(4);
    const s = w.genesisState();
    commitBlock(
      w,
      s,
      [
        grant(
          w,
          w.evs.map((e) => e.addr),
        ),
      ],
      timeIn(1n, 100n),
    );
    const txs = [0, 1, 2].map((i) => sellOrder(w.evs[i] as never, { window: 1n, nonce: 1n }));
    commitBlock(w, s, txs, timeIn(1n, 1_000n));
    const r = commitBlock(w, s, [], timeIn(2n, 10n));
    assert.equal(r.closes.length, 1);
    const noop = async () => undefined;
    const hashed = new WindowIndex(noop).onBlock(r.block, r.hash)[0];
    const known = new WindowIndex(noop).onBlock(r.block, r.hash, r.closes)[0];
    assert.ok(hashed !== undefined && known !== undefined);
    assert.equal(known.settlementHash, hashed.settlementHash);
    assert.equal(known.settlementHash, toHex(r.closes[0]?.hash as Uint8Array));
    // a result for another tx is not taken
    const other = new WindowIndex(noop).onBlock(r.block, r.hash, [
      { txId: new Uint8Array(32), hash: new Uint8Array(32) },
    ])[0];
    assert.equal(other?.settlementHash, hashed.settlementHash);
  });
});
