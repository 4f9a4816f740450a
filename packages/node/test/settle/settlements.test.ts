/**
 * A node's settlements computed ahead (settle/settlements.ts) on a real Ledger: a window that
 * ended gets a job in the worker; its result builds the same settling block as the ledger alone;
 * it is forgotten once the window is settled; a node opened between the end and the settlement
 * posts the job again; a worker that dies leaves the block to compute the settlement itself.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { type SignedTx, toHex } from '@leag/core';
import { pino } from 'pino';
import { codecs } from '../../src/ledger/codec.js';
import { Ledger, Table } from '../../src/ledger/index.js';
import { Settlements } from '../../src/settle/settlements.js';
import { MemoryDb } from '../../src/storage/index.js';
import { buyOrder, grant, type Key, sellOrder, timeIn, UNIT, World } from '../ledger/world.js';

const LAG = 10_000n;
const silent = pino({ level: 'silent' });

async function commit(ledger: Ledger, txs: SignedTx[], timestampMs: bigint, proposer = 0, s?: Settlements) {
  const head = ledger.head;
  const r = ledger.propose({
    timestampMs,
    proposer,
    txs,
    verifySignatures: false,
    parentCert: head.height === 0n ? undefined : { view: 0n, height: head.height, blockHash: head.hash, commits: [] },
    ...(s === undefined ? {} : { settlementsAhead: s }),
  });
  assert.deepEqual(
    r.rejected.map((x) => x.error.message),
    [],
  );
  await ledger.commit(r);
  s?.onCommit(ledger);
  return r;
}

/** The settling block at `at` as a node without a worker builds it (the ledger computes the settlement). */
function settledInBlock(ledger: Ledger, at: bigint) {
  return ledger.propose({
    timestampMs: at,
    proposer: 0,
    txs: [],
    verifySignatures: false,
    parentCert: { view: 0n, height: ledger.head.height, blockHash: ledger.head.hash, commits: [] },
  });
}

/** A ledger whose window 1 (six orders) was ended by proposer 2's block. */
async function endedLedger(db = new MemoryDb()) {
  const w = new World(6, 1000n * UNIT, { settlementLagMs: LAG });
  const ledger = await Ledger.open(db, w.ctx);
  await commit(
    ledger,
    [
      grant(
        w,
        w.evs.map((e) => e.addr),
      ),
    ],
    timeIn(1n, 100n),
  );
  const orders = w.evs.map((ev: Key, i) =>
    i % 2 === 0
      ? buyOrder(ev, { prev: w.genesisCoin(i), value: 1000n * UNIT }, { window: 1n, nonce: 1n, priceMax: 900_000n })
      : sellOrder(ev, { window: 1n, nonce: 1n, price: 700_000n + BigInt(i) * 10_000n, priceMin: 650_000n }),
  );
  await commit(ledger, orders, timeIn(1n, 2_000n));
  await commit(ledger, [], timeIn(2n, 10n), 2);
  return { w, ledger, db };
}

describe('settlements computed ahead on a node', () => {
  test('posted at the end, used by the settling block (the same block), forgotten once settled', async () => {
    const { w, ledger } = await endedLedger();
    const s = new Settlements(silent);
    try {
      const at = timeIn(2n, LAG);
      assert.equal(s.covers(ledger, at), false);
      s.onCommit(ledger);
      await s.ready(ledger, at);
      assert.equal(s.computed, 1);
      assert.equal(s.covers(ledger, at), true);
      const margin = w.ctx.validatorKeys.get(2)?.address as Uint8Array;
      assert.ok(s.get(1n, margin) !== undefined);
      assert.equal(s.get(1n, w.ctx.validatorKeys.get(0)?.address as Uint8Array), undefined, 'another recipient');
      const plain = settledInBlock(ledger, at);
      const r = await commit(ledger, [], at, 0, s);
      assert.ok(r.closes[0]?.ahead !== undefined, 'built from the worker result');
      assert.equal(toHex(r.hash), toHex(plain.hash));
      assert.equal(s.get(1n, margin), undefined, 'forgotten once settled');
    } finally {
      await s.close();
      await ledger.close();
    }
  });

  test('a job prepared and a result taken one entry per event-loop turn: the same block, its writes prepared in order', async () => {
    const { ledger } = await endedLedger();
    const s = new Settlements(silent, { receiveStep: 1, jobStep: 1 });
    try {
      const at = timeIn(2n, LAG);
      s.onCommit(ledger);
      s.onCommit(ledger); // again while the job is being prepared: not posted twice
      await s.ready(ledger, at);
      assert.equal(s.computed, 1);
      const plain = settledInBlock(ledger, at);
      const r = await commit(ledger, [], at, 0, s);
      const a = r.closes[0]?.ahead;
      assert.ok(a?.prepared !== undefined, 'prepared when it arrived');
      assert.deepEqual(a.prepared.sorted, [...a.prepared.sorted].sort());
      assert.equal(a.prepared.entries.size, a.spent.length + a.created.length);
      assert.equal(toHex(r.hash), toHex(plain.hash));
    } finally {
      await s.close();
      await ledger.close();
    }
  });

  test('a job that cannot be prepared (an escrow missing) fails: not posted, the block computes the settlement', async () => {
    const { ledger } = await endedLedger();
    // an escrow of window 1 taken out of the state behind the ledger's back (what no block does)
    const escrow = [...ledger.state.tableEntries(Table.utxo)].find(
      ([, v]) => codecs.TxOutput.decode(v).escrowWindow === 1n,
    );
    assert.ok(escrow !== undefined, 'window 1 holds escrows');
    ledger.state.merge([{ key: escrow[0], value: null }], []);
    const s = new Settlements(silent, { jobStep: 1 });
    try {
      const at = timeIn(2n, LAG);
      s.onCommit(ledger);
      await s.ready(ledger, at);
      assert.equal(s.computed, 0);
      assert.equal(s.covers(ledger, at), false, 'no result: the settling block computes it itself');
      assert.equal(s.workerRunning, false, 'nothing was posted');
      s.onCommit(ledger);
      await s.ready(ledger, at);
      assert.equal(s.computed, 0, 'a failed window is not posted again');
    } finally {
      await s.close();
      await ledger.close();
    }
  });

  test('a node opened between the end and the settlement posts the job again', async () => {
    const first = await endedLedger();
    // a second node process on the same store (the first one is gone; MemoryDb has no reopen)
    const ledger = await Ledger.open(first.db, first.w.ctx);
    const s = new Settlements(silent);
    try {
      assert.equal(s.workerRunning, false);
      s.start(); // as a node does when it opens: the worker is ready before the first job
      assert.equal(s.workerRunning, true);
      s.onCommit(ledger);
      await s.ready(ledger, timeIn(2n, LAG));
      assert.equal(s.computed, 1);
    } finally {
      await s.close();
      await ledger.close();
    }
  });

  test('a worker that dies: the settling block computes the settlement itself, the same block', async () => {
    const { ledger } = await endedLedger();
    const s = new Settlements(silent, { workerUrl: new URL('./dying-worker.mjs', import.meta.url) });
    try {
      const at = timeIn(2n, LAG);
      s.onCommit(ledger);
      await s.ready(ledger, at); // resolves when the worker exits, not after waitMs
      assert.equal(s.computed, 0);
      assert.equal(s.covers(ledger, at), false);
      s.onCommit(ledger); // not posted again
      const r = await commit(ledger, [], at, 0, s);
      assert.equal(r.closes.length, 1);
      assert.equal(r.closes[0]?.ahead, undefined);
    } finally {
      await s.close();
      await ledger.close();
    }
  });

  test('the worker thread runs at the nice value it is given (Linux)', {
    skip: !existsSync('/proc/self/task'),
  }, async () => {
    // field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value (after the ')' of its name)
    const niceOf = (tid: string) =>
      Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
    const threadsAt = (n: number) => readdirSync('/proc/self/task').filter((t) => niceOf(t) === n);
    assert.deepEqual(threadsAt(13), [], 'no thread at nice 13 before');
    const s = new Settlements(silent, { nice: 13 });
    try {
      s.start();
      const deadline = Date.now() + 30_000;
      while (threadsAt(13).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(threadsAt(13).length, 1, 'the worker thread, and only it, at nice 13');
      assert.notEqual(niceOf(String(process.pid)), 13, 'the main thread keeps its priority');
    } finally {
      await s.close();
    }
  });

  test('closed: start does not spawn a worker', async () => {
    const s = new Settlements(silent);
    await s.close();
    s.start();
    assert.equal(s.workerRunning, false);
  });

  test('a late job: the wait is bounded by waitMs', async () => {
    const { ledger } = await endedLedger();
    const s = new Settlements(silent, { waitMs: 0 });
    try {
      s.onCommit(ledger);
      await s.ready(ledger, timeIn(2n, LAG)); // returns at once, the job still running
      assert.equal(s.covers(ledger, timeIn(2n, LAG)), s.computed === 1);
    } finally {
      await s.close();
      await ledger.close();
    }
  });
});
