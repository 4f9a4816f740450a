/**
 * The trading path's parts with real ledgers and signatures on in-memory stores: the tx batch
 * codec, the group-committed journal, mempool claims and proposal order, the commit pace, gossip
 * batching and re-sending, and the intake (batch outcomes, committed retries, window backlog,
 * back-pressure).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codecs, isLeagError, type SignedTx, toHex, txId } from '@leag/core';
import pino from 'pino';
import { chainContext, Ledger } from '../../src/ledger/index.js';
import { decodeTxBatch, encodeTxBatch, MAX_BATCH_TXS } from '../../src/net/tx-batch-codec.js';
import type { DbOp } from '../../src/storage/db.js';
import { MemoryDb } from '../../src/storage/memory-db.js';
import { TxGossip } from '../../src/trading/gossip.js';
import { MAX_API_WAITING, MAX_CHECK_QUEUE, TxIntake } from '../../src/trading/intake.js';
import { MempoolJournal } from '../../src/trading/journal.js';
import { Mempool } from '../../src/trading/mempool.js';
import { CommitPace } from '../../src/trading/pace.js';
import { SigCache } from '../../src/trading/sig-cache.js';
import { grant, sellOrder, timeIn, transfer, World } from '../ledger/world.js';

const log = pino({ level: 'silent' });

/** A MemoryDb that counts synced batches and can hold writes until released. */
class SlowDb extends MemoryDb {
  synced = 0;
  batches: DbOp[][] = [];
  gate: Promise<void> | null = null;
  override async batch(ops: DbOp[], opts?: { sync?: boolean }): Promise<void> {
    if (this.gate !== null) await this.gate;
    this.batches.push(ops);
    if (opts?.sync === true) this.synced++;
    return super.batch(ops);
  }
}

describe('tx batch codec', () => {
  test('round-trips and refuses bad layouts with clear codes', () => {
    const txs = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([9])];
    assert.deepEqual(
      decodeTxBatch(encodeTxBatch(txs), 10).map((t) => [...t]),
      txs.map((t) => [...t]),
    );
    const bad = (b: Uint8Array, max = 10) =>
      assert.throws(
        () => decodeTxBatch(b, max),
        (e) => isLeagError(e, 'NET_BAD_TX_BATCH'),
      );
    bad(new Uint8Array([0]));
    bad(new Uint8Array([0, 0]));
    bad(encodeTxBatch(txs).subarray(0, 8));
    bad(new Uint8Array([...encodeTxBatch(txs), 0]));
    bad(encodeTxBatch([new Uint8Array(11)]));
    assert.throws(
      () => encodeTxBatch(Array.from({ length: MAX_BATCH_TXS + 1 }, () => new Uint8Array(1))),
      (e) => isLeagError(e, 'NET_BAD_TX_BATCH'),
    );
  });
});

describe('mempool journal', () => {
  test('concurrent puts share one synced batch; deletes never overtake puts', async () => {
    const w = new World(3);
    const db = new SlowDb();
    const j = new MempoolJournal(db);
    const stxs = [0, 1, 2].map((i) => sellOrder(w.evs[i] as never, { window: 1n, nonce: 1n }));
    let release!: () => void;
    db.gate = new Promise((r) => {
      release = r;
    });
    const first = j.put(txId(stxs[0]!.tx), stxs[0]!);
    const rest = [j.put(txId(stxs[1]!.tx), stxs[1]!), j.put(txId(stxs[2]!.tx), stxs[2]!)];
    const del = j.remove([txId(stxs[1]!.tx)]);
    db.gate = null;
    release();
    await Promise.all([first, ...rest, del]);
    assert.equal(db.synced, 2, 'the first put alone, then the two queued puts in one synced batch');
    assert.equal(db.batches[1]?.length, 3, 'second batch: two puts and the delete, in order');
    const { txs } = await j.load();
    assert.deepEqual(txs.map((t) => toHex(txId(t.tx))).sort(), [0, 2].map((i) => toHex(txId(stxs[i]!.tx))).sort());
  });

  test('a failed write rejects every put of its batch and the mempool keeps none of them', async () => {
    const w = new World(2);
    const db = new MemoryDb();
    const pool = new Mempool(10, new MempoolJournal(db));
    await db.close();
    await assert.rejects(pool.add(sellOrder(w.evs[0] as never, { window: 1n, nonce: 1n }), 0));
    assert.equal(pool.size, 0);
  });

  test("only the node's own txs are journaled; removing a peer's tx leaves the journal alone", async () => {
    const w = new World(3);
    const db = new SlowDb();
    const j = new MempoolJournal(db);
    const pool = new Mempool(10, j);
    const [own, peer, restored] = [0, 1, 2].map((i) => sellOrder(w.evs[i] as never, { window: 1n, nonce: 1n }));
    const entry = (stx: SignedTx) => ({ id: txId(stx.tx), stx });
    await pool.addMany([entry(own!)], 0, true);
    await pool.addMany([entry(peer!)], 0, false);
    await j.put(txId(restored!.tx), restored!);
    pool.restore(restored!, 0);
    assert.equal(pool.size, 3);
    assert.equal(db.synced, 2, 'one synced write for the own tx, one for the journal put; none for the peer tx');
    assert.deepEqual(
      (await j.load()).txs.map((t) => toHex(txId(t.tx))).sort(),
      [own!, restored!].map((t) => toHex(txId(t.tx))).sort(),
    );
    const before = db.batches.length;
    await pool.remove([txId(peer!.tx)]);
    assert.equal(db.batches.length, before, 'no journal write for a tx that was never journaled');
    await pool.remove([txId(own!.tx), txId(restored!.tx)]);
    assert.equal((await j.load()).txs.length, 0);
    assert.equal(pool.size, 0);
  });
});

describe('mempool', () => {
  test('claims: a second tx spending the same nonce or input is refused; freed after removal', async () => {
    const w = new World(2);
    const pool = new Mempool(10, new MempoolJournal(new MemoryDb()));
    const a = sellOrder(w.evs[0] as never, { window: 1n, nonce: 5n });
    const b = sellOrder(w.evs[0] as never, { window: 1n, nonce: 5n, price: 800_000n });
    await pool.add(a, 0);
    await assert.rejects(pool.add(b, 0), (e) => isLeagError(e, 'TX_MEMPOOL_CONFLICT'));
    const coin = [{ prev: w.genesisCoin(1), value: 1000n * 1_000_000n }];
    const t1 = transfer(w.evs[1] as never, coin, w.evs[0]!.addr, 5n);
    const t2 = transfer(w.evs[1] as never, coin, w.evs[1]!.addr, 6n);
    await pool.add(t1, 0);
    await assert.rejects(pool.add(t2, 0), (e) => isLeagError(e, 'TX_MEMPOOL_CONFLICT'));
    await pool.remove([txId(a.tx)]);
    await pool.add(b, 0);
    assert.equal(pool.size, 2);
  });

  test('full is refused per tx; proposals take the earliest window first, then arrival', async () => {
    const w = new World(4);
    const pool = new Mempool(3, new MempoolJournal(new MemoryDb()));
    const late = sellOrder(w.evs[0] as never, { window: 3n, nonce: 1n });
    const early = sellOrder(w.evs[1] as never, { window: 2n, nonce: 1n });
    const g = grant(w, [w.evs[2]!.addr]);
    const extra = sellOrder(w.evs[3] as never, { window: 2n, nonce: 1n });
    const rs = await pool.addMany(
      [late, g, early, extra].map((stx) => ({ id: txId(stx.tx), stx })),
      0,
    );
    assert.ok('added' in rs[0]! && 'added' in rs[1]! && 'added' in rs[2]!);
    assert.ok('error' in rs[3]! && rs[3].error.code === 'MEMPOOL_FULL');
    assert.deepEqual(
      pool.take(10).map((s) => toHex(txId(s.tx))),
      [early, late, g].map((s) => toHex(txId(s.tx))),
    );
    assert.deepEqual(pool.take(1).length, 1);
    assert.deepEqual(pool.staleOrders(3n).map(toHex), [toHex(txId(early.tx))]);
  });

  test('resend picks txs not sent lately', async () => {
    const w = new World(2);
    const pool = new Mempool(10, new MempoolJournal(new MemoryDb()));
    await pool.addMany([{ id: txId(grant(w, [w.evs[0]!.addr]).tx), stx: grant(w, [w.evs[0]!.addr]) }], 1000, true);
    assert.equal(pool.toResend(5000, 10_000).length, 0);
    assert.equal(pool.toResend(11_000, 10_000).length, 1);
  });
});

describe('commit pace', () => {
  test('learns block time and cost per tx of loaded blocks; one stall does not dominate', () => {
    const p = new CommitPace(1000, 3);
    assert.equal(p.expectedCommitMs(1000), 5000, 'no loaded block seen: two block times and the prior cost per tx');
    p.onCommit(0, 0);
    for (let t = 1; t <= 30; t++) p.onCommit(t * 2000, 200); // 200 txs per 2 s: 10 ms per tx
    assert.deepEqual(p.snapshot(), { blockMs: 2000, msPerTx: 10 });
    assert.equal(p.expectedCommitMs(1000), 14_000);
    p.onCommit(80_000, 200); // a 20 s stall
    assert.deepEqual(p.snapshot(), { blockMs: 2000, msPerTx: 10 }, 'the median ignores one stall');
    for (let t = 1; t <= 15; t++) p.onCommit(80_000 + t * 1000, 400); // faster now: 2.5 ms per tx
    assert.deepEqual(p.snapshot(), { blockMs: 1000, msPerTx: 2.5 }, 'and follows a lasting change');
  });
});

describe('gossip', () => {
  test('accepted txs leave in batches; resend splits by count and bytes', async () => {
    const sent: { n: number; to?: number }[] = [];
    const g = new TxGossip(
      { flushMs: 5, maxBatchBytes: 100 },
      { send: (b, to) => sent.push({ n: decodeTxBatch(b, 100).length, ...(to === undefined ? {} : { to }) }) },
    );
    for (let i = 0; i < 5; i++) g.add(new Uint8Array(10));
    assert.equal(sent.length, 0, 'held for the flush interval');
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(sent, [{ n: 5 }]);
    for (let i = 0; i < 12; i++) g.add(new Uint8Array(10));
    assert.deepEqual(sent.slice(1), [{ n: 10 }], 'a batch is flushed when the next tx would pass the byte limit');
    g.stop();
    assert.deepEqual(sent.slice(2), [{ n: 2 }]);
    sent.length = 0;
    g.resend(
      Array.from({ length: 25 }, () => new Uint8Array(10)),
      2,
    );
    assert.deepEqual(sent, [
      { n: 10, to: 2 },
      { n: 10, to: 2 },
      { n: 5, to: 2 },
    ]);
  });
});

async function intakeWorld(evs = 4) {
  const w = new World(evs);
  const ledger = await Ledger.open(new MemoryDb(), w.ctx);
  const r = ledger.propose({
    timestampMs: timeIn(1n, 100n),
    proposer: 0,
    txs: [
      grant(
        w,
        w.evs.map((e) => e.addr),
      ),
    ],
  });
  await ledger.commit(r);
  const mempool = new Mempool(100, new MempoolJournal(new MemoryDb()));
  const gossiped: Uint8Array[] = [];
  let now = Number(timeIn(1n, 1000n));
  const pace = new CommitPace(1000);
  const sigs = new SigCache();
  const intake = new TxIntake(
    { ctx: w.ctx, closingGuardMs: 1500 },
    {
      ledger,
      mempool,
      sigs,
      clock: () => now,
      gossip: (b) => gossiped.push(b),
      log,
      pace,
    },
  );
  return { w, ledger, mempool, intake, gossiped, pace, sigs, setNow: (t: number) => (now = t) };
}

describe('intake', () => {
  test('the signature verdict of a tx refused after its check is not kept (only pending txs fill the cache)', async () => {
    const { w, intake, sigs } = await intakeWorld();
    const good = sellOrder(w.evs[0] as never, { window: 1n, nonce: 1n });
    const wrongWindow = sellOrder(w.evs[1] as never, { window: 2n, nonce: 1n });
    const rs = await intake.submitMany([good, wrongWindow], 'api');
    assert.equal((rs[0] as { status: string }).status, 'accepted');
    assert.equal((rs[1] as { error: { code: string } }).error.code, 'ORDER_FUTURE_WINDOW');
    assert.equal(sigs.misses, 2, 'both were verified');
    assert.equal(sigs.size, 1, 'only the accepted one keeps its verdict');
  });

  test('a batch: each tx its own outcome; accepted ones journaled and gossiped once', async () => {
    const { w, intake, mempool, gossiped } = await intakeWorld();
    const good = sellOrder(w.evs[0] as never, { window: 1n, nonce: 1n });
    const forged: SignedTx = { ...good, witnesses: [{ ...good.witnesses[0]!, signature: new Uint8Array(64).fill(1) }] };
    const wrongWindow = sellOrder(w.evs[1] as never, { window: 2n, nonce: 1n });
    const conflict = sellOrder(w.evs[0] as never, { window: 1n, nonce: 1n, price: 800_000n });
    const [f] = await intake.submitMany([forged], 'api');
    assert.equal((f as { error: { code: string } }).error.code, 'TX_BAD_SIGNATURE');
    // same tx id as `good` (ids cover the tx, not its witnesses): once good is in, it is that tx
    const rs = await intake.submitMany([good, forged, wrongWindow, good, conflict], 'api');
    assert.equal((rs[0] as { status: string }).status, 'accepted');
    assert.equal((rs[1] as { status: string }).status, 'accepted');
    assert.equal((rs[2] as { error: { code: string } }).error.code, 'ORDER_FUTURE_WINDOW');
    assert.equal((rs[3] as { status: string }).status, 'accepted', 'a duplicate in the batch is the same tx');
    assert.equal((rs[4] as { error: { code: string } }).error.code, 'TX_MEMPOOL_CONFLICT');
    assert.equal(mempool.size, 1);
    assert.equal(gossiped.length, 1);
    assert.deepEqual(gossiped[0], codecs.SignedTx.encode(good));
    const again = await intake.submitMany([good], 'peer');
    assert.equal((again[0] as { status: string }).status, 'accepted');
    assert.equal(gossiped.length, 1, 'peer txs and known txs are not gossiped again');
  });

  test('a committed tx submitted again answers committed with its height', async () => {
    const { w, intake, ledger, mempool, sigs } = await intakeWorld();
    const o = sellOrder(w.evs[0] as never, { window: 1n, nonce: 1n });
    await intake.submit(o, 'api');
    const r = ledger.propose({ timestampMs: timeIn(1n, 2000n), proposer: 0, txs: mempool.take(10) });
    await ledger.commit(r);
    await mempool.remove(r.txIds);
    sigs.forget(r.txIds);
    const checked = sigs.misses;
    const res = await intake.submit(o, 'api');
    assert.equal(res.status, 'committed');
    assert.equal(res.height, 2n);
    // a peer's late gossip of it: answered from the recent commits, without a second ECDSA check
    const late = await intake.submit(o, 'peer');
    assert.equal(late.status, 'committed');
    assert.equal(sigs.misses, checked, 'no signature verified again');
    assert.equal(ledger.recentTxHeight(txId(o.tx)), 2n);
  });

  test("a window's order cap counts committed, pending and batch orders ahead (no acknowledged order past it)", async () => {
    const { w, ledger, mempool, sigs } = await intakeWorld(6);
    const capped = new TxIntake(
      { ctx: chainContext(w.genesis, { maxWindowOrders: 4 }), closingGuardMs: 1500 },
      { ledger, mempool, sigs, clock: () => Number(timeIn(1n, 1000n)), gossip: () => undefined, log },
    );
    const orders = w.evs.map((e) => sellOrder(e as never, { window: 1n, nonce: 1n }));
    await capped.submit(orders[0]!, 'api');
    const r = ledger.propose({ timestampMs: timeIn(1n, 2000n), proposer: 0, txs: mempool.take(10) });
    await ledger.commit(r);
    await mempool.remove(r.txIds);
    assert.equal(ledger.windowOrderCount(1n), 1);
    await capped.submit(orders[1]!, 'peer');
    const rs = await capped.submitMany(orders.slice(2), 'api');
    assert.deepEqual(
      rs.map((x) => ('error' in x ? x.error.code : x.status)),
      ['accepted', 'accepted', 'ORDER_WINDOW_FULL', 'ORDER_WINDOW_FULL'],
      '1 committed + 1 pending + 2 accepted in the batch = the cap of 4',
    );
  });

  test('an order for a closed window is refused before its signature check, and is not resent', async () => {
    const { w, intake, mempool, sigs, setNow } = await intakeWorld();
    const o = sellOrder(w.evs[0] as never, { window: 1n, nonce: 1n });
    await intake.submit(o, 'api');
    setNow(Number(timeIn(2n, 500n)));
    const checked = sigs.misses;
    const late = sellOrder(w.evs[1] as never, { window: 1n, nonce: 1n });
    const [r] = await intake.submitMany([late], 'peer');
    assert.equal((r as { error: { code: string } }).error.code, 'ORDER_CLOSED_WINDOW');
    assert.equal(sigs.misses, checked, 'no ECDSA for an order whose window has passed');
    assert.equal(mempool.toResend(Number(timeIn(2n, 500n)), 0, 2n).length, 0, 'the stale pending order is not resent');
    assert.equal(mempool.toResend(Number(timeIn(2n, 500n)), 0, 1n).length, 1);
  });

  test('an order is refused when the queue ahead would not commit before its window closes', async () => {
    const { w, intake, pace, setNow } = await intakeWorld(6);
    const end = Number(timeIn(2n, 0n));
    setNow(end - 12_000);
    // the chain was measured at 2 s per block of 100 txs: 20 ms per tx
    for (let t = 0; t <= 20; t++) pace.onCommit(t * 2000, 100);
    for (let i = 0; i < 4; i++) await intake.submit(sellOrder(w.evs[i] as never, { window: 1n, nonce: 1n }), 'api');
    // 4 pending own orders, counted n = 4 times (the other validators may hold as many): 16 · 20 ms
    // + 2 blocks · 2 s = 4.3 s, × 2 margin = 8.6 s, plus the 1.5 s guard: fits in 12 s
    await intake.submit(sellOrder(w.evs[4] as never, { window: 1n, nonce: 1n }), 'api');
    setNow(end - 5000);
    await assert.rejects(intake.submit(sellOrder(w.evs[5] as never, { window: 1n, nonce: 1n }), 'api'), (e) => {
      assert.ok(isLeagError(e, 'ORDER_WINDOW_CLOSING'));
      assert.match(e.message, /pending txs need about \d+ ms/);
      return true;
    });
  });

  test('a tx committed while its batch is still being checked is answered committed, not kept pending', async () => {
    const { w, intake, ledger, mempool } = await intakeWorld();
    // a peer's gossip batch, checked a slice per event-loop turn; the block holding its first tx
    // commits (from another primary's mempool) after that tx is checked and before the batch ends
    const batch = Array.from({ length: 80 }, (_, k) =>
      sellOrder(w.evs[k % 4] as never, { window: 1n, nonce: BigInt(1 + Math.floor(k / 4)) }),
    );
    const first = batch[0] as SignedTx;
    const pending = intake.submitMany(batch, 'peer');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const r = ledger.propose({ timestampMs: timeIn(1n, 2000n), proposer: 0, txs: [first] });
    await ledger.commit(r);
    await mempool.remove(r.txIds); // what the node does on commit: the tx is not pending here yet
    const rs = await pending;
    assert.equal((rs[0] as { status: string }).status, 'committed');
    assert.equal(mempool.has(txId(first.tx)), false, 'a committed tx must not stay pending');
    assert.equal(mempool.size, batch.length - 1);
    assert.ok(rs.slice(1).every((x) => (x as { status?: string }).status === 'accepted'));
  });

  test('back-pressure: API txs are refused INTAKE_BUSY while many wait for checks; peer gossip still queues', async () => {
    const { w, intake } = await intakeWorld();
    const o = sellOrder(w.evs[0] as never, { window: 1n, nonce: 1n });
    const first = intake.submitMany(
      Array.from({ length: MAX_API_WAITING }, () => o),
      'peer',
    );
    assert.equal(intake.overloaded(), true);
    const api = await intake.submitMany([sellOrder(w.evs[1] as never, { window: 1n, nonce: 1n })], 'api');
    assert.equal((api[0] as { error: { code: string } }).error.code, 'INTAKE_BUSY');
    const peer = intake.submitMany([sellOrder(w.evs[2] as never, { window: 1n, nonce: 1n })], 'peer');
    const tooMuch = await intake.submitMany(
      Array.from({ length: MAX_CHECK_QUEUE }, () => o),
      'peer',
    );
    assert.equal((tooMuch[0] as { error: { code: string } }).error.code, 'INTAKE_BUSY');
    assert.ok((await first).every((r) => 'status' in r));
    assert.equal(((await peer)[0] as { status: string }).status, 'accepted');
    assert.equal(intake.overloaded(), false);
    const after = await intake.submitMany([sellOrder(w.evs[1] as never, { window: 1n, nonce: 1n })], 'api');
    assert.equal((after[0] as { status: string }).status, 'accepted');
  });
});
