/**
 * System test with real leagd processes on 127.0.0.1: validator 2 runs the test mode `equivocate`
 * (once, it signs two PREPAREs for different blocks at one height). The honest nodes turn the two
 * votes into evidence, spread it, and a block carries it exactly once; every node lists it at
 * GET /v1/evidence and drops the accused's credit to the minimum; the chain keeps committing;
 * resubmitted and forged evidence gets a clear answer and no node stops.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EvidenceListResponse, TxResponse } from '@leag/core';
import { call, Testnet, waitFor } from '../harness/index.js';

const ACCUSED = 2;
const T = { timeout: 120_000 };

type TxJson = {
  tx: { kind: string; evidence?: { evidence: { a: Record<string, unknown>; b: Record<string, unknown> } } };
};

describe('equivocation evidence on chain (4 real processes, one equivocating)', { timeout: 300_000 }, () => {
  let tn: Testnet;
  let entry: EvidenceListResponse['evidence'][number];

  before(async () => {
    tn = await Testnet.start({
      nodes: 4,
      windowMs: 5000,
      blockIntervalMs: 300,
      viewTimeoutMs: 1500,
      env: { [ACCUSED]: { LEAG_TEST_BYZANTINE: 'equivocate', LEAG_TEST_MODES_ALLOWED: '1' } },
    });
  });

  after(async () => {
    await tn?.stop();
  });

  const evidenceOf = async (i: number) =>
    (await call<EvidenceListResponse>(tn.node(i).apiUrl, 'listEvidence')).body.evidence;

  test('every node lists the same single piece of evidence against the equivocator', T, async () => {
    const lists = await waitFor(
      'evidence on every node',
      async () => {
        const all = await Promise.all(tn.nodes.map((n) => evidenceOf(n.index)));
        return all.every((l) => l.length > 0) ? all : undefined;
      },
      90_000,
    );
    for (const l of lists) {
      assert.equal(l.length, 1, JSON.stringify(l));
      assert.deepEqual(l[0], lists[0]?.[0]);
    }
    entry = lists[0]?.[0] as typeof entry;
    assert.equal(entry.validator, ACCUSED);
    assert.equal(entry.name, `node${ACCUSED}`);
    assert.equal(entry.phase, 'PREPARE');
    assert.ok(BigInt(entry.height) >= 3n);
    assert.notEqual(entry.blockHashes[0], entry.blockHashes[1]);
    const only = await call<EvidenceListResponse>(tn.node(0).apiUrl, 'listEvidence', { query: '?validator=1' });
    assert.deepEqual(only.body.evidence, []);
    const bad = await call(tn.node(0).apiUrl, 'listEvidence', { query: '?validator=x' });
    assert.equal(bad.status, 400);
  });

  test('the chain keeps committing and carries the evidence exactly once', T, async () => {
    assert.ok(entry !== undefined, 'needs the evidence of the first test');
    const included = BigInt(entry.includedAt);
    await tn.waitForHeight(included + 5n, 60_000);
    const head = await tn.node(0).height();
    let count = 0;
    for (let h = 1n; h <= head; h++) {
      const b = await call<{ block: { txs: TxJson[] } }>(tn.node(0).apiUrl, 'getBlock', { params: { height: `${h}` } });
      count += b.body.block.txs.filter((t) => t.tx.kind === 'TX_KIND_EVIDENCE').length;
    }
    assert.equal(count, 1);
  });

  test('every node drops the accused credit to the minimum and counts up from there', T, async () => {
    for (const n of tn.nodes) {
      const s = await n.status();
      const since = BigInt(s.height) - BigInt(entry.includedAt) + 1n;
      const credit = s.validators[ACCUSED]?.credit ?? -1;
      // min is 0 in the testnet genesis; since then at most +1 (commit) +2 (proposal) per block
      assert.ok(credit >= 0 && BigInt(credit) <= 3n * since, `node ${n.index}: credit ${credit} after ${since} blocks`);
      for (const v of s.validators)
        if (v.index !== ACCUSED) assert.ok(v.credit > credit, `node ${n.index}: ${JSON.stringify(s.validators)}`);
    }
  });

  test('resubmitted, reordered and forged evidence gets a clear answer; every node keeps running', T, async () => {
    const api = tn.node(1).apiUrl;
    const tx = (await call<TxResponse>(api, 'getTx', { params: { id: entry.txId } })).body.tx as unknown as TxJson;
    const again = await call<{ status: string }>(api, 'submitTx', { body: { tx } });
    assert.equal(again.status, 202);
    assert.equal(again.body.status, 'committed');
    const ev = tx.tx.evidence?.evidence as { a: Record<string, unknown>; b: Record<string, unknown> };
    const swapped = { ...tx, tx: { ...tx.tx, evidence: { evidence: { a: ev.b, b: ev.a } } } };
    const dup = await call<{ error: { code: string } }>(api, 'submitTx', { body: { tx: swapped } });
    assert.equal(dup.status, 422);
    assert.equal(dup.body.error.code, 'TX_EVIDENCE_DUPLICATE');
    const forgedB = { ...ev.b, height: String(BigInt(entry.height) + 1000n) };
    const forgedA = { ...ev.a, height: forgedB.height };
    const forged = { ...tx, tx: { ...tx.tx, evidence: { evidence: { a: forgedA, b: forgedB } } } };
    const bad = await call<{ error: { code: string } }>(api, 'submitTx', { body: { tx: forged } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'TX_EVIDENCE_BAD_SIGNATURE');
    const h = await tn.node(0).height();
    await tn.waitForHeight(h + 3n, 60_000);
    for (const n of tn.nodes) assert.ok(n.running, `node ${n.index} is running`);
    assert.equal((await evidenceOf(3)).length, 1);
  });
});
