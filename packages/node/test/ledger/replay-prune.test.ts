/**
 * Order replay guards live as long as their window (docs/ledger.md, "Order replay guards"): the
 * order entry (keyed by window, address, nonce) of every order of a window is gone from the
 * state, and from the store, once the window's clearing block is committed, so the state stays flat
 * under a steady flow of orders; a pruned order is still refused (the window rule); txs without a
 * window keep their guard; every node, and a reopened store, ends with the same state and root.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError, type SignedTx, TxKind } from '@leag/core';
import { applyBlock, Ledger, LedgerState, Table, txIdOf, validateTx } from '../../src/ledger/index.js';
import { MemoryDb } from '../../src/storage/index.js';
import {
  buyOrder,
  coinOf,
  commitBlock,
  grant,
  grantedWorld,
  gridSell,
  type Key,
  sellOrder,
  timeIn,
  World,
  withTxs,
} from './world.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const entriesOf = (s: Iterable<[Uint8Array, Uint8Array]>) =>
  new Map([...s].map(([k, v]) => [hex(k), hex(v)] as [string, string]));
const count = (s: LedgerState, t: Table) => s.tableSize(t);
const rejects = (code: string, f: () => unknown) =>
  assert.throws(f, (e) => isLeagError(e, code) || assert.fail(`expected ${code}, got ${(e as Error).message}`));

/** A granted world with a buyer coin per EV; returns the state after the grant block. */
function granted(): { w: World; s: LedgerState; evs: Key[] } {
  const { w, s } = grantedWorld(6);
  return { w, s, evs: w.evs };
}

describe('order replay guards are pruned when their window closes', () => {
  test('a closed window leaves no order, order-nonce or seen entry; the state stays flat window after window', () => {
    const { w, s, evs } = granted();
    const baseSeen = count(s, Table.seen); // the grant's own guard
    let sizeAfterClose: number | undefined;
    let coin = { prev: w.genesisCoin(0), value: 1000n * 1_000_000n };
    for (let win = 1n; win <= 5n; win++) {
      const orders: SignedTx[] = evs
        .slice(1)
        .map((e, i) => sellOrder(e, { window: win, nonce: 7n, sMaxWh: 4_000n + BigInt(i) }));
      const buy = buyOrder(evs[0] as Key, coin, { window: win, nonce: 7n, dMinWh: 1_000n, dMaxWh: 2_000n });
      orders.push(buy);
      const r = commitBlock(w, s, orders, timeIn(win, 2_000n));
      assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected.map((x) => x.error.message)));
      assert.equal(count(s, Table.order), 6, 'one entry per order: the order under its (window, address, nonce)');
      assert.equal(count(s, Table.seen), baseSeen, 'sell orders leave no seen entry');
      assert.equal(count(s, Table.nonce), 0, 'orders do not use the grid trades’ nonce table');
      const c = commitBlock(w, s, [], timeIn(win + 1n, 10n));
      assert.equal(c.closes.length, 1);
      assert.equal(count(s, Table.order), 0);
      assert.equal(count(s, Table.seen), baseSeen, 'the settlement leaves no seen entry either');
      // the buyer's change coin funds the next window's buy order (its refund is a new coin too)
      coin = coinOf(buy, 1);
      // everything but the coins (settlements pay sellers and refund the buyer: new coins) stays put
      const size = [...s.allEntries()].filter(([k]) => k[0] !== Table.utxo).length;
      if (sizeAfterClose !== undefined) assert.equal(size, sizeAfterClose, `state size after window ${win} closed`);
      sizeAfterClose = size;
    }
  });

  test('a replayed order is refused before and after its window closes, by the API and in a block', () => {
    const { w, s, evs } = granted();
    const [a, b] = evs as [Key, Key];
    const sell = sellOrder(a, { window: 1n, nonce: 1n });
    const buy = buyOrder(b, { prev: w.genesisCoin(1), value: 1000n * 1_000_000n }, { window: 1n, nonce: 1n });
    commitBlock(w, s, [sell, buy], timeIn(1n, 2_000n));
    const at = (t: bigint) => (stx: SignedTx) => validateTx(s, stx, w.ctx, { timestampMs: t });
    // window open: the order entry guards the sell order, the window's nonce entry a new order
    rejects('TX_REPLAYED', () => at(timeIn(1n, 3_000n))(sell));
    rejects('ORDER_REPLAYED_NONCE', () => at(timeIn(1n, 3_000n))(sellOrder(a, { window: 1n, nonce: 1n, sMaxWh: 9n })));
    commitBlock(w, s, [], timeIn(2n, 10n)); // closes window 1: its guards are pruned
    assert.equal(count(s, Table.order), 0);
    rejects('ORDER_CLOSED_WINDOW', () => at(timeIn(2n, 2_000n))(sell));
    rejects('TX_MISSING_INPUT', () => at(timeIn(2n, 2_000n))(buy)); // its coin is spent
    // a caller validating at a time before the close (a lagging clock) is refused as well
    rejects('ORDER_CLOSED_WINDOW', () => at(timeIn(1n, 59_000n))(sell));
    // a byzantine block replaying the pruned order fails with the same code
    const copy = LedgerState.fromEntries(s.allEntries());
    copy.head = { ...s.head };
    const blk = withTxs(commitBlock(w, copy, [], timeIn(2n, 3_000n)).block, [sell]);
    rejects('ORDER_CLOSED_WINDOW', () => applyBlock(s, blk, w.ctx));
    // the nonce is free again in a later window: a new order, signed for that window, is accepted
    const again = sellOrder(a, { window: 2n, nonce: 1n });
    assert.deepEqual(at(timeIn(2n, 2_000n))(again), txIdOf(again.tx));
  });

  test('grid trades name no window and keep their guards for good', () => {
    const { w, s, evs } = granted();
    const a = evs[0] as Key;
    const g = gridSell(a, 1_000n, 3n);
    commitBlock(w, s, [g, sellOrder(a, { window: 1n, nonce: 3n })], timeIn(1n, 2_000n));
    for (let win = 2n; win <= 4n; win++) commitBlock(w, s, [], timeIn(win, 10n));
    const at = (stx: SignedTx) => validateTx(s, stx, w.ctx, { timestampMs: timeIn(4n, 2_000n) });
    rejects('TX_REPLAYED', () => at(g));
    rejects('ORDER_REPLAYED_NONCE', () => at(gridSell(a, 2_000n, 3n)));
    assert.equal(count(s, Table.nonce), 1);
  });
});

describe('pruning is deterministic and durable', () => {
  /** Blocks over three windows with orders, closes and a grid sale. */
  function chain(): { w: World; blocks: ReturnType<typeof commitBlock>[]; s: LedgerState } {
    const w = new World(6);
    const s = w.genesisState();
    const blocks = [
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
    ];
    for (let win = 1n; win <= 3n; win++) {
      const txs = w.evs.map((e, i) => sellOrder(e, { window: win, nonce: 1n, sMaxWh: 1_000n + BigInt(i) }));
      if (win === 2n) txs.push(gridSell(w.evs[0] as Key, 500n, 99n));
      blocks.push(commitBlock(w, s, txs, timeIn(win, 5_000n), Number(win) % 4));
      blocks.push(commitBlock(w, s, [], timeIn(win + 1n, 10n), (Number(win) + 1) % 4));
    }
    return { w, blocks, s };
  }

  test('a second node applying the same blocks gets the same state and root at every height', () => {
    const { w, blocks, s } = chain();
    const other = w.genesisState();
    for (const b of blocks) {
      const r = applyBlock(other, b.block, w.ctx);
      other.commit(r.writes, r.acc, r.head);
      assert.deepEqual(r.stateRoot, b.stateRoot);
    }
    assert.deepEqual(entriesOf(other.allEntries()), entriesOf(s.allEntries()));
    assert.deepEqual(LedgerState.fromEntries(s.allEntries()).root(), s.root(), 'incremental root = from scratch');
    assert.equal(count(s, Table.order), 0);
    assert.equal(count(s, Table.seen), 2, 'the grant and the grid sale keep their guards, the orders none');
  });

  test('the store holds no pruned entry after commit, and reopening it gives the same state', async () => {
    const { w, blocks, s } = chain();
    const db = new MemoryDb();
    const l = await Ledger.open(db, w.ctx);
    for (const b of blocks) await l.applyAndCommit(b.block);
    await l.flushPruning(); // closed windows' entries leave the store after the clearing block
    const stored: [Uint8Array, Uint8Array][] = [];
    for await (const e of l.store.stateEntries()) stored.push(e);
    const tables = new Set(stored.map(([k]) => k[0]));
    assert.ok(!tables.has(Table.order), 'no order entry stored');
    assert.equal(stored.filter(([k]) => k[0] === Table.seen).length, 2, 'the grant and the grid sale only');
    assert.deepEqual(entriesOf(stored), entriesOf(s.allEntries()));
    const head = l.head;
    await l.close();
    const l2 = await Ledger.open(db.reopen(), w.ctx);
    assert.deepEqual(l2.head, head);
    assert.deepEqual(entriesOf(l2.state.allEntries()), entriesOf(s.allEntries()));
    await l2.close();
  });

  test('entries a crash left in the store for a closed window are ignored at open and deleted', async () => {
    const { w, blocks, s } = chain();
    const db = new MemoryDb();
    const l = await Ledger.open(db, w.ctx);
    // everything up to the window's clearing block, with the window's orders still stored
    const closing = blocks.findIndex((b) => b.block.txs.some((t) => t.tx.kind === TxKind.TX_KIND_SETTLEMENT));
    assert.ok(closing > 0, 'the chain has a clearing block');
    for (const b of blocks.slice(0, closing)) await l.applyAndCommit(b.block);
    const open: [Uint8Array, Uint8Array][] = [];
    for await (const e of l.store.stateEntries()) if (e[0][0] === Table.order) open.push(e);
    assert.ok(open.length > 0, 'the open window has order entries');
    for (const b of blocks.slice(closing)) await l.applyAndCommit(b.block);
    await l.flushPruning();
    // a crash between the clearing block's commit and the background deletion: put them back
    await db.batch(open.map(([k, v]) => ({ type: 'put' as const, key: l.store.state.dbKey(k), value: v })));
    const head = l.head;
    await l.close();
    const l2 = await Ledger.open(db.reopen(), w.ctx);
    assert.deepEqual(l2.head, head, 'the root matches without them');
    assert.deepEqual(entriesOf(l2.state.allEntries()), entriesOf(s.allEntries()));
    await l2.flushPruning();
    const left: Uint8Array[] = [];
    for await (const [k] of l2.store.stateEntries()) if (k[0] === Table.order) left.push(k);
    assert.equal(left.length, 0, 'deleted again at open');
    await l2.close();
  });
});
