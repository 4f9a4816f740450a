/** Block header and body rules, each with its error code. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Block, isLeagError, LeagError, type Tx, txId } from '@leag/core';
import { applyBlock, buildBlock, chainContext, Ledger } from '../../src/ledger/index.js';
import { Bucket, MemoryDb } from '../../src/storage/index.js';
import { commitBlock, grant, parentCert, timeIn, transfer, World, withTxs } from './world.js';

const w = new World();
const s = w.genesisState();
commitBlock(w, s, [grant(w, [w.evs[0]?.addr as Uint8Array])], timeIn(1n, 100n));
const T = timeIn(1n, 5_000n);
const good = buildBlock(
  s,
  {
    timestampMs: T,
    proposer: 1,
    txs: [
      transfer(w.evs[0] as never, [{ prev: w.genesisCoin(0), value: 1000_000_000n }], w.evs[1]?.addr as Uint8Array, 5n),
    ],
    parentCert: parentCert(s),
  },
  w.ctx,
).block;
const hdr = (f: Partial<Block['header']>): Block => ({ ...good, header: { ...good.header, ...f } });
const rejects = (b: Block, code: string, opts = {}, ctx = w.ctx) =>
  assert.throws(
    () => applyBlock(s, b, ctx, opts),
    (e) =>
      isLeagError(e, code) ||
      assert.fail(`expected ${code}, got ${(e as { code?: string }).code}: ${(e as Error).message}`),
  );

describe('block header rules', () => {
  test('the honest block is valid', () => {
    applyBlock(s, good, w.ctx, { nowMs: T });
  });
  test('version', () => rejects(hdr({ version: 2 }), 'BLOCK_BAD_VERSION'));
  test('chain id', () => rejects(hdr({ chainId: 'x' }), 'BLOCK_WRONG_CHAIN'));
  test('height', () => rejects(hdr({ height: 5n }), 'BLOCK_BAD_HEIGHT'));
  test('parent hash', () => rejects(hdr({ parentHash: new Uint8Array(32) }), 'BLOCK_BAD_PARENT'));
  test('timestamp not after the parent', () =>
    rejects(hdr({ timestampMs: s.head.timestampMs }), 'BLOCK_TIMESTAMP_NOT_INCREASING'));
  test('timestamp in the future', () => rejects(good, 'BLOCK_TIMESTAMP_FUTURE', { nowMs: T - 31_000n }));
  test('proposer', () => rejects(hdr({ proposer: 9 }), 'BLOCK_BAD_PROPOSER'));
  test('tx root', () => rejects(hdr({ txRoot: new Uint8Array(32) }), 'BLOCK_BAD_TX_ROOT'));
  test('state root', () => rejects(hdr({ stateRoot: new Uint8Array(32) }), 'BLOCK_BAD_STATE_ROOT'));
  test('settlement hash', () => rejects(hdr({ settlementHash: new Uint8Array(32) }), 'BLOCK_BAD_SETTLEMENT_HASH'));
  test('parent certificate missing or for another block', () => {
    rejects({ ...good, parentCert: undefined } as Block, 'BLOCK_BAD_PARENT_CERT');
    rejects(
      { ...good, parentCert: { view: 0n, height: 0n, blockHash: s.head.hash, commits: [] } },
      'BLOCK_BAD_PARENT_CERT',
    );
  });
  test('the header commits to the parent certificate the block carries', () => {
    // Same header, another certificate for the same parent (another view's votes): the hash no longer matches.
    const cert = good.parentCert!;
    rejects({ ...good, parentCert: { ...cert, view: cert.view + 1n } }, 'BLOCK_BAD_PARENT_CERT');
    rejects(hdr({ parentCertHash: new Uint8Array(32) }), 'BLOCK_BAD_PARENT_CERT');
  });
  test('the parent certificate check of consensus is called and its error kept', () => {
    rejects(good, 'CONSENSUS_BAD_CERT', {
      verifyParentCert: () => {
        throw new LeagError('CONSENSUS_BAD_CERT', 'weight too low');
      },
    });
  });
  test('too many txs and too many bytes', () => {
    rejects(good, 'BLOCK_TOO_MANY_TXS', {}, chainContext(w.genesis, { maxBlockTxs: 0 }));
    rejects(good, 'BLOCK_TOO_LARGE', {}, chainContext(w.genesis, { maxBlockBytes: 100 }));
  });
  test('a byzantine block with an extra valid-looking but unbalanced body fails on the root', () => {
    rejects(withTxs(good, []), 'BLOCK_BAD_STATE_ROOT');
  });
});

test('genesis with invalid market parameters is refused', () => {
  assert.throws(
    () => chainContext({ ...w.genesis, marketParams: { ...w.genesis.marketParams, gridBuyPrice: '0.6000001' } }),
    (e) => isLeagError(e, 'GENESIS_BAD_PARAMS'),
  );
  assert.throws(
    () => chainContext({ ...w.genesis, marketParams: { ...w.genesis.marketParams, rho: '1.5' } }),
    (e) => isLeagError(e, 'GENESIS_BAD_PARAMS'),
  );
});

describe('ledger store', () => {
  test('getTx and txLocation find every committed tx across more blocks than stay decoded', async () => {
    const wo = new World(12);
    const l = await Ledger.open(new MemoryDb(), wo.ctx);
    const ids: { id: Uint8Array; height: bigint; position: number }[] = [];
    // 12 blocks of one grant each (more than the ledger keeps decoded), then reads in a shuffled order
    for (let i = 0; i < 12; i++) {
      const r = l.propose({
        timestampMs: timeIn(1n, 100n + BigInt(i)),
        proposer: 0,
        txs: [grant(wo, [wo.evs[i]?.addr as Uint8Array])],
        ...(i === 0 ? {} : { parentCert: parentCert(l.state) }),
      });
      await l.commit(r);
      ids.push({ id: r.txIds[0] as Uint8Array, height: r.head.height, position: 0 });
    }
    const order = [0, 11, 3, 3, 7, 0, 10, 1, 9, 2, 8, 4, 6, 5, 11, 0];
    for (const k of order) {
      const e = ids[k] as (typeof ids)[number];
      assert.deepEqual(await l.txLocation(e.id), { height: e.height, position: e.position });
      const t = await l.getTx(e.id);
      assert.equal(t?.height, e.height);
      assert.deepEqual(txId(t?.tx.tx as Tx), e.id);
    }
    assert.equal(await l.txLocation(new Uint8Array(32)), undefined);
    assert.equal(await l.getTx(new Uint8Array(32)), undefined);
    await l.close();
  });

  test('reopen keeps head and root; a corrupted state entry or another genesis is detected', async () => {
    const db = new MemoryDb();
    const l = await Ledger.open(db, w.ctx);
    const r = l.propose({
      timestampMs: timeIn(1n, 100n),
      proposer: 0,
      txs: [grant(w, [w.evs[0]?.addr as Uint8Array])],
    });
    await l.commit(r);
    const head = l.head;
    // Queries the daemon uses: coins of an address, a tx by id, typed state reads.
    assert.equal(l.coinsOf(w.evs[0]?.addr as Uint8Array).length, 1);
    const found = await l.getTx(r.txIds[0] as Uint8Array);
    assert.equal(found?.height, 1n);
    assert.equal(found?.tx.tx.kind, r.block.txs[0]?.tx.kind);
    assert.ok(l.view().addressGrant(w.evs[0]?.addr as Uint8Array) !== undefined);
    await l.close();
    const l2 = await Ledger.open(db.reopen(), w.ctx);
    assert.deepEqual(l2.head, head);
    await l2.close();
    await assert.rejects(Ledger.open(db.reopen(), chainContext({ ...w.genesis, genesisTimeMs: 5n })), (e) =>
      isLeagError(e, 'STORE_WRONG_GENESIS'),
    );
    // Flip one byte of one state entry: the root no longer matches the head.
    let target: [Uint8Array, Uint8Array] | undefined;
    for await (const e of db
      .reopen()
      .entries({ gte: Uint8Array.of(Bucket.state), lt: Uint8Array.of(Bucket.state + 1) }))
      target = e;
    const [k, v] = target as [Uint8Array, Uint8Array];
    const bad = v.slice();
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 1;
    db.rawPut(k, bad);
    await assert.rejects(Ledger.open(db, w.ctx), (e) => isLeagError(e, 'STORE_STATE_MISMATCH'));
    // A deleted state entry too.
    db.rawPut(k, v);
    await db.batch([{ type: 'del', key: k }]);
    await assert.rejects(Ledger.open(db, w.ctx), (e) => isLeagError(e, 'STORE_STATE_MISMATCH'));
  });
});
