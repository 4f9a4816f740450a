/**
 * Ledger.commit merges a block into memory while the store writes it (docs/ledger.md, Storage):
 * during the write the block's entries are in the tables but head and root are the parent's;
 * after it both move; a failed write rejects the commit and leaves the store at the parent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual } from '@leag/core';
import { Ledger } from '../../src/ledger/index.js';
import { type DbController, type DbOp, MemoryDb } from '../../src/storage/index.js';
import { RandomChain } from './random-chain.js';
import { World } from './world.js';

/** A MemoryDb whose next batch waits until released, then lands or fails. */
class GatedDb extends MemoryDb implements DbController {
  private held: { started: () => void; outcome: Promise<boolean> } | null = null;

  holdNext(): { started: Promise<void>; release: (fail?: boolean) => void } {
    let started = (): void => {};
    let release: (fail: boolean) => void = () => {};
    const s = new Promise<void>((r) => {
      started = r;
    });
    const outcome = new Promise<boolean>((r) => {
      release = r;
    });
    this.held = { started, outcome };
    return { started: s, release: (fail = false) => release(fail) };
  }

  override async batch(ops: DbOp[]): Promise<void> {
    const h = this.held;
    if (h === null) return super.batch(ops);
    this.held = null;
    h.started();
    if (await h.outcome) throw new Error('simulated disk failure');
    return super.batch(ops);
  }
}

test('the block is in memory while it is written; head and root move when the write lands, not on a failed one', async () => {
  const w = new World(6);
  const chain = new RandomChain(w, w.genesisState(), 77);
  chain.start();
  for (let i = 0; i < 4; i++) chain.step();
  const db = new GatedDb();
  const ledger = await Ledger.open(db, w.ctx);
  const [b1, b2, b3] = chain.blocks;
  if (b1 === undefined || b2 === undefined || b3 === undefined) throw new Error('the chain has fewer than 3 blocks');
  await ledger.applyAndCommit(b1);

  // a write held open: the merge has happened, the head has not moved
  const r2 = ledger.validate(b2);
  const parent = ledger.head;
  const hold = db.holdNext();
  const committing = ledger.commit(r2);
  await hold.started;
  const changed = r2.writes.filter((x) => x.value !== null);
  assert.ok(changed.length > 0, 'block 2 writes entries');
  for (const x of changed) assert.deepEqual(ledger.state.get(x.key), x.value, 'merged during the write');
  assert.equal(ledger.head.height, parent.height, 'the head waits for the write');
  assert.ok(bytesEqual(ledger.head.stateRoot, parent.stateRoot), 'so does the root');
  hold.release();
  await committing;
  assert.equal(ledger.head.height, r2.head.height);
  assert.ok(bytesEqual(ledger.head.stateRoot, r2.stateRoot));

  // a failed write: the commit rejects, the store keeps the parent, a reopen reads the store
  const r3 = ledger.validate(b3);
  const failing = db.holdNext();
  const lost = ledger.commit(r3);
  await failing.started;
  failing.release(true);
  await assert.rejects(lost, /simulated disk failure/);
  assert.equal(ledger.head.height, r2.head.height, 'the head did not move');
  assert.equal(ledger.store.head()?.height, r2.head.height, 'the store holds the parent');
  await ledger.close();
  const again = await Ledger.open(db.reopen(), w.ctx);
  assert.equal(again.head.height, r2.head.height);
  assert.ok(bytesEqual(again.head.stateRoot, r2.stateRoot));
  await again.applyAndCommit(b3);
  const ref = await Ledger.open(new MemoryDb(), w.ctx);
  for (const b of [b1, b2, b3]) await ref.applyAndCommit(b);
  assert.ok(bytesEqual(again.head.stateRoot, ref.head.stateRoot), 'the same root as a ledger that never failed');
  await ref.close();
  await again.close();
});
