import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import {
  AccountsRepository,
  Bucket,
  ChainStore,
  ConsensusWal,
  concatBytes,
  MemoryDb,
  seal,
  u64be,
} from '../../src/storage/index.js';
import { h32, openDbOf, tempDirs } from './fixtures.js';

const tmp = tempDirs('leag-store-');
function bundle(height: bigint, extra: Partial<Parameters<ChainStore['commitBlock']>[0]> = {}) {
  return {
    height,
    hash: h32(Number(height) + 1),
    blockBytes: new Uint8Array([1, 2, 3, Number(height)]),
    txIds: [h32(100 + Number(height))],
    stateWrites: [{ key: Uint8Array.of(1, Number(height)), value: Uint8Array.of(9) }],
    stateRoot: h32(200 + Number(height)),
    ...extra,
  };
}

for (const kind of ['memory', 'level'] as const) {
  describe(`ChainStore on ${kind}`, () => {
    const openDb = (path: string, mem: MemoryDb) => openDbOf(kind, path, mem);

    test('commits blocks atomically and reopens to the same head', async () => {
      const path = tmp();
      const mem = new MemoryDb();
      let s = await ChainStore.open(await openDb(path, mem));
      assert.equal(s.head(), null);
      for (let h = 0n; h < 5n; h++) await s.commitBlock(bundle(h));
      await s.close();
      s = await ChainStore.open(await openDb(path, mem));
      assert.equal(s.head()?.height, 4n);
      assert.deepEqual(s.head()?.stateRoot, h32(204));
      assert.deepEqual(await s.getBlock(2n), new Uint8Array([1, 2, 3, 2]));
      assert.deepEqual(await s.getBlockByHash(h32(4)), new Uint8Array([1, 2, 3, 3]));
      assert.deepEqual(await s.getTxLocation(h32(103)), { height: 3n, position: 0 });
      const st: number[] = [];
      for await (const [k] of s.stateEntries()) st.push(k[1] as number);
      assert.deepEqual(st, [0, 1, 2, 3, 4]);
      assert.equal(await s.verifyAllBlocks(), 5);
      await s.close();
    });

    test('a batch is all or nothing: puts and deletes land together, a bad op writes none', async () => {
      const db = await openDb(tmp(), new MemoryDb());
      const k = (n: number) => Uint8Array.of(0x70, n);
      await db.batch([
        { type: 'put', key: k(1), value: Uint8Array.of(1) },
        { type: 'put', key: k(2), value: Uint8Array.of(2) },
      ]);
      await db.batch(
        [
          { type: 'del', key: k(1) },
          { type: 'put', key: k(3), value: Uint8Array.of(3) },
        ],
        { sync: true },
      );
      assert.equal(await db.get(k(1)), undefined);
      assert.deepEqual(await db.get(k(3)), Uint8Array.of(3));
      const bad = [
        { type: 'put', key: k(4), value: Uint8Array.of(4) },
        { type: 'put', key: k(5), value: null as unknown as Uint8Array },
      ] as const;
      await assert.rejects(db.batch([...bad]));
      assert.equal(await db.get(k(4)), undefined, 'the valid op before the bad one was not written');
      assert.deepEqual(await db.get(k(2)), Uint8Array.of(2));
      await db.close();
    });

    test('rejects a commit at the wrong height', async () => {
      const s = await ChainStore.open(await openDb(tmp(), new MemoryDb()));
      await assert.rejects(s.commitBlock(bundle(1n)), (e) => isLeagError(e, 'STORE_HEIGHT'));
      await s.close();
    });

    test('a fail point before the batch leaves nothing written', async () => {
      const path = tmp();
      const mem = new MemoryDb();
      let s = await ChainStore.open(await openDb(path, mem), {
        failPoint: (stage, h) => {
          if (stage === 'before-batch' && h === 2n) throw new Error('crash');
        },
      });
      await s.commitBlock(bundle(0n));
      await s.commitBlock(bundle(1n));
      await assert.rejects(s.commitBlock(bundle(2n)));
      assert.equal(s.head()?.height, 1n);
      await s.close();
      s = await ChainStore.open(await openDb(path, mem));
      assert.equal(s.head()?.height, 1n);
      assert.equal(await s.getBlock(2n), undefined);
      assert.equal(await s.getTxLocation(h32(102)), undefined);
      await s.close();
    });
  });
}

describe('corruption and torn stores', () => {
  test('a corrupted block record is detected on read', async () => {
    const mem = new MemoryDb();
    const s = await ChainStore.open(mem);
    await s.commitBlock(bundle(0n));
    const key = concatBytes(Uint8Array.of(Bucket.blockByHeight), u64be(0n));
    const raw = (await mem.get(key)) as Uint8Array;
    raw[0] = (raw[0] as number) ^ 0xff;
    mem.rawPut(key, raw);
    await assert.rejects(s.getBlock(0n), (e) => isLeagError(e, 'STORE_CORRUPT'));
  });

  test('a corrupted head record fails open', async () => {
    const mem = new MemoryDb();
    const s = await ChainStore.open(mem);
    await s.commitBlock(bundle(0n));
    await s.close();
    const key = concatBytes(Uint8Array.of(Bucket.meta), new TextEncoder().encode('head'));
    const raw = (await mem.reopen().get(key)) as Uint8Array;
    raw[3] = (raw[3] as number) ^ 1;
    mem.rawPut(key, raw);
    await assert.rejects(ChainStore.open(mem), (e) => isLeagError(e, 'STORE_CORRUPT'));
  });

  test('a block beyond the head (torn) fails open', async () => {
    const mem = new MemoryDb();
    const s = await ChainStore.open(mem);
    await s.commitBlock(bundle(0n));
    const key = concatBytes(Uint8Array.of(Bucket.blockByHeight), u64be(1n));
    mem.rawPut(key, seal(key, Uint8Array.of(7)));
    await assert.rejects(ChainStore.open(mem.reopen()), (e) => isLeagError(e, 'STORE_TORN'));
  });

  test('a head whose block is missing fails open', async () => {
    const mem = new MemoryDb();
    const s = await ChainStore.open(mem);
    await s.commitBlock(bundle(0n));
    await s.commitBlock(bundle(1n));
    await mem.batch([{ type: 'del', key: concatBytes(Uint8Array.of(Bucket.blockByHeight), u64be(1n)) }]);
    await assert.rejects(ChainStore.open(mem), (e) => isLeagError(e, 'STORE_TORN'));
  });
});

describe('consensus WAL', () => {
  test('entries round-trip, a torn tail is dropped, mid-log corruption is an error', async () => {
    const mem = new MemoryDb();
    const wal = new ConsensusWal(mem);
    for (let i = 1n; i <= 3n; i++) await wal.append(i, Uint8Array.of(Number(i)));
    let r = await wal.readAll();
    assert.deepEqual(
      r.entries.map(([s]) => s),
      [1n, 2n, 3n],
    );
    const key3 = concatBytes(Uint8Array.of(Bucket.consensusWal), u64be(3n));
    mem.rawPut(key3, Uint8Array.of(3, 0, 0));
    r = await wal.readAll();
    assert.equal(r.droppedTornTail, true);
    assert.deepEqual(
      r.entries.map(([s]) => s),
      [1n, 2n],
    );
    const key1 = concatBytes(Uint8Array.of(Bucket.consensusWal), u64be(1n));
    mem.rawPut(key1, Uint8Array.of(1, 2, 3, 4, 5));
    await assert.rejects(wal.readAll(), (e) => isLeagError(e, 'STORE_CORRUPT'));
    assert.equal(await wal.truncateBelow(2n), 1);
    await wal.setLastSigned(Uint8Array.of(42));
    assert.deepEqual(await wal.getLastSigned(), Uint8Array.of(42));
  });
});

describe('accounts repository', () => {
  test('saves identity → addresses and the reverse map', async () => {
    const repo = new AccountsRepository(new MemoryDb());
    const rec = {
      identity: new Uint8Array(33).fill(2),
      name: 'ev-1',
      certHash: h32(5),
      addresses: [new Uint8Array(20).fill(1), new Uint8Array(20).fill(2)],
      registeredAtMs: 12n,
    };
    await repo.save(rec);
    assert.deepEqual(await repo.get(rec.identity), rec);
    assert.deepEqual(await repo.identityOf(new Uint8Array(20).fill(2)), rec.identity);
    assert.equal(await repo.identityOf(new Uint8Array(20).fill(3)), undefined);
  });
});
