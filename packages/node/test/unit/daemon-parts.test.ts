import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { codecs, isLeagError, isSealed, LeagError, Phase } from '@leag/core';
import { statusOfCode, toHttpError } from '../../src/api/errors.js';
import { loadConfig } from '../../src/config/config.js';
import { decodeRecord, encodeRecord } from '../../src/driver/record-codec.js';
import { decodeSyncItem, decodeSyncRequest, encodeSyncItem, encodeSyncRequest } from '../../src/net/sync-codec.js';
import { commitBlock, grantedWorld, sellOrder, timeIn } from '../ledger/world.js';

/** A temp dir for a config file, removed when the tests end. */
const dirs: string[] = [];
const configDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'leagd-cfg-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('leagd parts', () => {
  test('config: file < env < flags, paths relative to the file, bad values refused', () => {
    const dir = configDir();
    const f = join(dir, 'config.json');
    writeFileSync(f, JSON.stringify({ nodeIndex: 2, dataDir: 'd', api: { port: 1000 } }));
    const c = loadConfig({ file: f, env: { LEAG_API_PORT: '2000' }, flags: { 'log.level': 'debug' } });
    assert.equal(c.nodeIndex, 2);
    assert.equal(c.dataDir, join(dir, 'd'));
    assert.equal(c.api.port, 2000);
    assert.equal(c.log.level, 'debug');
    assert.throws(
      () => loadConfig({ file: f, env: { LEAG_API_PORT: 'x' } }),
      (e) => isLeagError(e, 'CONFIG_BAD_VALUE'),
    );
    writeFileSync(f, JSON.stringify({ nope: 1 }));
    assert.throws(
      () => loadConfig({ file: f }),
      (e) => isLeagError(e, 'CONFIG_UNKNOWN_KEY'),
    );
  });

  test('config: runtime.heapGrowingPercent defaults to 50, env sets it, 0..1000 allowed', () => {
    const dir = configDir();
    const f = join(dir, 'config.json');
    writeFileSync(f, JSON.stringify({ nodeIndex: 0 }));
    assert.equal(loadConfig({ file: f }).runtime.heapGrowingPercent, 50);
    assert.equal(loadConfig({ file: f, env: { LEAG_HEAP_GROWING_PERCENT: '0' } }).runtime.heapGrowingPercent, 0);
    for (const bad of ['1001', '-5', 'x'])
      assert.throws(
        () => loadConfig({ file: f, env: { LEAG_HEAP_GROWING_PERCENT: bad } }),
        (e) => isLeagError(e, 'CONFIG_BAD_VALUE') && /heapGrowingPercent/.test((e as Error).message),
      );
  });

  test('config: runtime.settlementWorkerNice defaults to 10, env and file set it, 0..19 allowed', () => {
    const dir = configDir();
    const f = join(dir, 'config.json');
    writeFileSync(f, JSON.stringify({ nodeIndex: 0 }));
    assert.equal(loadConfig({ file: f }).runtime.settlementWorkerNice, 10);
    assert.equal(loadConfig({ file: f, env: { LEAG_SETTLEMENT_WORKER_NICE: '19' } }).runtime.settlementWorkerNice, 19);
    writeFileSync(f, JSON.stringify({ nodeIndex: 0, runtime: { settlementWorkerNice: 0 } }));
    assert.equal(loadConfig({ file: f }).runtime.settlementWorkerNice, 0);
    for (const bad of ['20', '-1', '2.5', 'low'])
      assert.throws(
        () => loadConfig({ file: f, env: { LEAG_SETTLEMENT_WORKER_NICE: bad } }),
        (e) => isLeagError(e, 'CONFIG_BAD_VALUE') && /settlementWorkerNice/.test((e as Error).message),
      );
  });

  test('WAL records round-trip with bigints and bytes', () => {
    const r = { phase: Phase.COMMIT, view: 3n, height: 2n ** 40n, digest: new Uint8Array([1, 2, 255]) };
    assert.deepEqual(decodeRecord(encodeRecord(r)), r);
    assert.throws(
      () => decodeRecord(new Uint8Array([1, 2])),
      (e) => isLeagError(e, 'STORE_CORRUPT'),
    );
  });

  test('WAL records keep a prepared proof block in protobuf form; old JSON records still read', () => {
    const { w, s } = grantedWorld(3);
    const txs = w.evs.map((ev, i) => sellOrder(ev, { window: 1n, nonce: BigInt(i) }));
    const block = commitBlock(w, s, txs, timeIn(1n, 200n)).block;
    const vote = {
      phase: Phase.PREPARE,
      view: 0n,
      height: 2n,
      blockHash: new Uint8Array(32).fill(7),
      validator: 1,
      signature: new Uint8Array(64).fill(9),
    };
    const r = {
      phase: Phase.COMMIT,
      view: 0n,
      height: 2n,
      digest: new Uint8Array(32).fill(7),
      proof: { view: 0n, height: 2n, blockHash: new Uint8Array(32).fill(7), block, prepares: [vote] },
    };
    const bytes = encodeRecord(r);
    assert.equal(bytes[0], 0x01);
    const back = decodeRecord(bytes);
    assert.deepEqual(back, structuredClone(r));
    const backBlock = back.proof?.block as typeof block;
    assert.ok(isSealed(backBlock.txs[0] as object), 'the block decodes like any block: its txs sealed');
    assert.deepEqual(codecs.Block.encode(backBlock), codecs.Block.encode(block));
    // a record written before this form: plain tagged JSON, the block as nested objects
    const legacy = new TextEncoder().encode(
      JSON.stringify(r, (_k, v: unknown) =>
        typeof v === 'bigint'
          ? { $n: v.toString() }
          : v instanceof Uint8Array
            ? { $b: Buffer.from(v).toString('hex') }
            : v,
      ),
    );
    assert.deepEqual(
      codecs.Block.encode(decodeRecord(legacy).proof?.block as typeof block),
      codecs.Block.encode(block),
    );
    // corrupt or oversized records are STORE_CORRUPT, never a crash
    const corrupt = (b: Uint8Array, max?: number) =>
      assert.throws(
        () => decodeRecord(b, max),
        (e) => isLeagError(e, 'STORE_CORRUPT'),
      );
    corrupt(bytes.subarray(0, 40));
    corrupt(Uint8Array.of(0x02, 0, 0, 0, 0));
    corrupt(bytes, 100);
    const noBlocks = new Uint8Array([
      0x01,
      0,
      0,
      0,
      0,
      ...new TextEncoder().encode('{"proof":{"block":{"$block":0}}}'),
    ]);
    corrupt(noBlocks);
    const flipped = bytes.slice();
    flipped[10] = (flipped[10] as number) ^ 0xff;
    corrupt(flipped);
  });

  test('sync codec round-trips and refuses bad input', () => {
    assert.deepEqual(decodeSyncRequest(encodeSyncRequest(7n, 32)), { fromHeight: 7n, max: 32 });
    assert.throws(
      () => decodeSyncRequest(new Uint8Array(3)),
      (e) => isLeagError(e, 'NET_BAD_SYNC_REQUEST'),
    );
    const it = decodeSyncItem(encodeSyncItem({ block: new Uint8Array([1, 2]), cert: new Uint8Array([3]) }));
    assert.deepEqual([...it.block, ...it.cert], [1, 2, 3]);
    assert.throws(
      () => decodeSyncItem(new Uint8Array([0, 0, 0, 9])),
      (e) => isLeagError(e, 'NET_BAD_SYNC_ITEM'),
    );
  });

  test('errors map to HTTP status codes', () => {
    assert.equal(statusOfCode('JSON_TYPE'), 400);
    assert.equal(statusOfCode('TX_BAD_SIGNATURE'), 422);
    assert.equal(statusOfCode('API_NOT_FOUND'), 404);
    const full = toHttpError(new LeagError('MEMPOOL_FULL', 'full'));
    assert.equal(full.status, 503);
    assert.equal(full.retryAfterS, 1);
    assert.equal(toHttpError(new Error('x')).status, 500);
  });
});
