import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import fc from 'fast-check';
import type { StateWrite } from '../../src/storage/chain-store.js';
import { decodeWrites, encodeWrites } from '../../src/storage/deferred-writes.js';
import {
  Bucket,
  ChainStore,
  type ChainStoreOptions,
  concatBytes,
  MemoryDb,
  seal,
  u64be,
} from '../../src/storage/index.js';
import { h32, openDbOf, tempDirs } from './fixtures.js';

const tmp = tempDirs('leag-deferred-');
const key = (n: number) => Uint8Array.of(1, n >> 8, n & 0xff);
const put = (n: number, v: number): StateWrite => ({ key: key(n), value: Uint8Array.of(v, v) });
const del = (n: number): StateWrite => ({ key: key(n), value: null });
const bundle = (height: bigint, stateWrites: StateWrite[]) => ({
  height,
  hash: h32(Number(height) + 1),
  blockBytes: Uint8Array.of(1, 2, 3, Number(height)),
  txIds: [h32(100 + Number(height))],
  stateWrites,
  stateRoot: h32(200 + Number(height)),
});

async function stateOf(s: ChainStore): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  for await (const [k, v] of s.stateEntries()) m.set(Buffer.from(k).toString('hex'), Buffer.from(v).toString('hex'));
  return m;
}

/** A copy of a MemoryDb's contents now: what a crash at this moment leaves on disk. */
async function crashImage(db: MemoryDb): Promise<MemoryDb> {
  const copy = new MemoryDb();
  for await (const [k, v] of db.entries({})) await copy.batch([{ type: 'put', key: k, value: v }]);
  return copy;
}

const small: ChainStoreOptions = { deferWritesOver: 10, spreadBatch: 3 };

describe('deferred state writes: the record format', () => {
  test('round-trips any writes, in order', () => {
    const w = fc
      .tuple(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.option(fc.uint8Array({ maxLength: 100 }), { nil: null }),
      )
      .map(([key, value]): StateWrite => ({ key, value }));
    fc.assert(
      fc.property(fc.array(w, { maxLength: 50 }), (writes) => {
        assert.deepEqual(decodeWrites(encodeWrites(writes)), writes);
      }),
    );
  });

  test('a truncated or malformed record is STORE_CORRUPT, never a read past its end', () => {
    const rec = encodeWrites([put(1, 7), del(2), put(3, 9)]);
    for (let n = 1; n < rec.length; n++) {
      const cut = rec.subarray(0, n);
      try {
        const got = decodeWrites(cut);
        // a cut at a write's end is a shorter valid record: its writes are a prefix of the whole
        assert.deepEqual(got, decodeWrites(rec).slice(0, got.length));
      } catch (e) {
        assert.ok(isLeagError(e, 'STORE_CORRUPT'), `cut at ${n}: ${(e as Error).message}`);
      }
    }
    const bad = rec.slice();
    bad[0] = 7;
    assert.throws(() => decodeWrites(bad), /kind 7 is neither 0 \(delete\) nor 1 \(put\)/);
    assert.throws(() => decodeWrites(Uint8Array.of(0, 0, 0, 0, 0)), /an empty key/);
  });
});

for (const kind of ['memory', 'level'] as const) {
  describe(`deferred state writes on ${kind}`, () => {
    const open = (path: string, mem: MemoryDb) => openDbOf(kind, path, mem);

    test('a block with many writes commits them as one record, spread into the state afterwards', async () => {
      const path = tmp();
      const mem = new MemoryDb();
      let s = await ChainStore.open(await open(path, mem), small);
      await s.commitBlock(bundle(0n, [put(1, 1)]));
      assert.deepEqual(s.deferredHeights, [], 'a few writes go straight into the state');
      const many = Array.from({ length: 25 }, (_, i) => put(100 + i, i));
      await s.commitBlock(bundle(1n, [...many, del(1)]));
      assert.deepEqual(s.deferredHeights, [1n]);
      // a small block behind a record waits behind it too (its delete must not be overtaken)
      await s.commitBlock(bundle(2n, [del(100), put(2, 2)]));
      await s.flushDeferred();
      assert.deepEqual(s.deferredHeights, []);
      const want = new Map<string, string>();
      for (const w of [...many.slice(1), put(2, 2)])
        want.set(Buffer.from(w.key).toString('hex'), Buffer.from(w.value as Uint8Array).toString('hex'));
      assert.deepEqual(await stateOf(s), want);
      await s.close();
      s = await ChainStore.open(await open(path, mem), small);
      assert.deepEqual(await stateOf(s), want, 'the same state after a reopen');
      assert.equal(s.head()?.height, 2n);
      await s.close();
    });
  });
}

describe('deferred state writes across a crash', () => {
  test('a crash at any point of the spreading reopens to the full state, later deletes kept', async () => {
    // every moment between batches of the spread: the image of the store a crash would leave
    for (let stopAfter = 0; stopAfter < 12; stopAfter++) {
      const mem = new MemoryDb();
      const s = await ChainStore.open(mem, small);
      await s.commitBlock(bundle(0n, [put(1, 1), put(2, 2)]));
      const many = Array.from({ length: 20 }, (_, i) => put(100 + i, i));
      await s.commitBlock(bundle(1n, [...many, del(1)]));
      await s.commitBlock(bundle(2n, [del(105), put(105 + 1000, 5), put(2, 9)]));
      for (let i = 0; i < stopAfter; i++) await new Promise<void>((r) => setImmediate(r));
      const image = await crashImage(mem);
      await s.close();
      const whole = await ChainStore.open(mem.reopen(), small);
      const want = await stateOf(whole);
      await whole.close();
      assert.equal(want.has(Buffer.from(key(105)).toString('hex')), false);
      assert.equal(want.has(Buffer.from(key(1)).toString('hex')), false);
      assert.equal(want.get(Buffer.from(key(2)).toString('hex')), '0909');
      const after = await ChainStore.open(image, small);
      assert.deepEqual(await stateOf(after), want, `crash after ${stopAfter} turns`);
      assert.deepEqual(after.deferredHeights, [], 'leftovers are spread at open');
      await after.close();
    }
  });

  test('a record above the head is a torn store', async () => {
    const mem = new MemoryDb();
    const s = await ChainStore.open(mem, small);
    await s.commitBlock(bundle(0n, [put(1, 1)]));
    await s.close();
    // a record for height 5 beside a head at 0 (no commit writes that)
    const k = concatBytes(Uint8Array.of(Bucket.deferredWrites), u64be(5n));
    mem.rawPut(k, seal(k, encodeWrites([put(3, 3)])));
    await assert.rejects(ChainStore.open(mem.reopen(), small), (e) => isLeagError(e, 'STORE_TORN'));
  });
});
