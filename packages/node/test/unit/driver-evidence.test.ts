/**
 * The consensus driver with real in-memory parts (ledger, WAL, mempool, signature cache, the pure
 * Replica, real timers) on a one-validator chain: evidence a peer gossips is verified, offered to
 * the node's spreading hook, put into the next block by the driver's proposal, read back by
 * inspect so the accused's credit drops to the minimum, and never included twice; bad and
 * duplicate evidence is dropped without stopping the chain.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { voteMessage } from '@leag/consensus';
import { type Block, codecs, type Evidence, type Genesis, Phase, sign, type Vote } from '@leag/core';
import { pino } from 'pino';
import { ConsensusDriver } from '../../src/driver/driver.js';
import { blockEvidence, evidenceOnChain, evidenceTx, txEvidence } from '../../src/driver/evidence.js';
import { consensusParams } from '../../src/driver/setup.js';
import { type BlockResult, chainContext, Ledger } from '../../src/ledger/index.js';
import { ConsensusWal, MemoryDb } from '../../src/storage/index.js';
import { MempoolJournal } from '../../src/trading/journal.js';
import { Mempool } from '../../src/trading/mempool.js';
import { SigCache } from '../../src/trading/sig-cache.js';
import { key, World } from '../ledger/world.js';

const base = new World(1).genesis;
const v0 = key('validator-0');
const other = key('someone-else');
const genesis: Genesis = {
  ...base,
  genesisTimeMs: BigInt(Date.now() - 1000),
  windowMs: 3_600_000n,
  validators: [{ index: 0, pubkey: v0.pub, name: 'v0', multiaddr: '' }],
  faultToleranceF: 0,
};
const ctx = chainContext(genesis);

const vote = (sk: Uint8Array, hashByte: number, height: bigint): Vote => {
  const u = { phase: Phase.COMMIT, view: 0n, height, blockHash: new Uint8Array(32).fill(hashByte), validator: 0 };
  return { ...u, signature: sign(sk, voteMessage(ctx.chainId, u)) };
};

describe('consensus driver: evidence from gossip to the chain', { timeout: 60_000 }, () => {
  const committed: { r: BlockResult; credit: number }[] = [];
  const offered: Evidence[] = [];
  let fatal: unknown = null;
  let driver: ConsensusDriver;
  let ledger: Ledger;

  after(async () => {
    await driver?.stop();
  });

  const waitUntil = async (what: string, ok: () => boolean, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  test('gossiped evidence lands in exactly one block, zeroes the credit, and the chain goes on', async () => {
    ledger = await Ledger.open(new MemoryDb(), ctx);
    driver = new ConsensusDriver(
      {
        me: 0,
        params: consensusParams(genesis, { viewTimeoutMs: 2000, syncRetryMs: 1000 }),
        ctx,
        secretKey: v0.sk,
        blockIntervalMs: 30,
        busyBlockIntervalMs: 30,
        maxBlockTxs: 100,
      },
      {
        ledger,
        wal: new ConsensusWal(new MemoryDb()),
        mempool: new Mempool(100, new MempoolJournal(new MemoryDb())),
        sigs: new SigCache(),
        clock: Date.now,
        log: pino({ level: 'silent' }),
        net: { broadcast() {}, send() {}, fetchBlocks: async () => [], connected: () => [] },
        onCommitted: async (r) => {
          committed.push({ r, credit: driver.status()?.credits[0] ?? -1 });
        },
        onEvidence: (e) => offered.push(e),
        onFatal: (e) => {
          fatal = e;
        },
      },
    );
    await driver.start();
    await waitUntil('height 2', () => ledger.head.height >= 2n);

    // bad evidence: a forged vote, two equal votes: the replica drops both, nothing is offered
    driver.onPeerEvidence({ a: vote(v0.sk, 1, 1n), b: vote(other.sk, 2, 1n) });
    driver.onPeerEvidence({ a: vote(v0.sk, 1, 1n), b: vote(v0.sk, 1, 1n) });
    const good: Evidence = { a: vote(v0.sk, 1, 1n), b: vote(v0.sk, 2, 1n) };
    // an EvidenceTx with an empty payload decodes to default (zero, unsigned) votes
    const hollow = evidenceTx(ctx.chainId, good);
    const bytes = codecs.SignedTx.encode({ ...hollow, tx: { ...hollow.tx, evidence: { evidence: {} as Evidence } } });
    driver.onPeerEvidence(txEvidence(codecs.SignedTx.decode(bytes)) as Evidence);
    driver.onPeerEvidence(good);
    await waitUntil('the evidence on chain', () => evidenceOnChain(ledger, good));
    assert.ok(offered.length >= 1, 'the replica offered the evidence for spreading');
    assert.ok(
      offered.every((e) => isDeepStrictEqual(e, good)),
      'only the good evidence was kept',
    );
    const carrying = committed.filter((c) => blockEvidence(c.r.block as Block).length > 0);
    assert.equal(carrying.length, 1);
    const at = carrying[0] as (typeof committed)[number];
    assert.equal(at.credit, Number(genesis.creditParams.min), 'credit zeroed by the block that carries it');

    // duplicates (same pair, swapped pair, a third hash for the same key) are dropped: on chain already
    const h = ledger.head.height;
    driver.onPeerEvidence(good);
    driver.onPeerEvidence({ a: good.b, b: good.a });
    driver.onPeerEvidence({ a: vote(v0.sk, 3, 1n), b: vote(v0.sk, 4, 1n) });
    await waitUntil('three more blocks', () => ledger.head.height >= h + 3n);
    const all = committed.flatMap((c) => blockEvidence(c.r.block as Block));
    assert.equal(all.length, 1, 'the evidence is on chain exactly once');
    assert.equal(fatal, null);
    const last = committed.at(-1) as (typeof committed)[number];
    assert.ok(last.credit > at.credit, 'credit grows again from the minimum by the normal rule');
  });
});
