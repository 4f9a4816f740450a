/**
 * The invariant checker of testing.md, over every node's chain read through the HTTP API:
 *  1 no fork: one block hash per height on all checked nodes;
 *  2 every block links to its parent and carries a commit certificate of weight >= Q (signatures
 *    and weights checked with consensus's own verifier and the credit schedule replayed from the chain);
 *  3 state roots equal on all nodes and equal to a replay from genesis (the node's ledger code over
 *    an in-memory store, fed the blocks as read from the API);
 *  4 every node reaches the head within a bound;
 *  5 every acknowledged tx is in the chain exactly once, or still held in a node's mempool (reported
 *    as pending: acknowledged means durably accepted, and it is committed when a holder proposes);
 *  6 no output spent twice, no tx id twice;
 *  7 money conserved (per tx, and UTXO total = minted + grid issued), no negative value, every
 *    escrow of a settled window spent;
 * 12 resident memory of every node process under a bound.
 * It returns every violation found (an empty list is a pass), never stopping at the first.
 */
import { readFileSync } from 'node:fs';
import { commitCertificateError, EpochSchedule } from '@leag/consensus';
import { type CommitCertificate, LeagError, TxKind, toHex } from '@leag/core';
import { readGenesisFile } from '../../packages/node/src/config/genesis-file.js';
import { consensusParams, verifyContext } from '../../packages/node/src/driver/setup.js';
import { blockHashOf, chainContext, Ledger, txIdOf } from '../../packages/node/src/ledger/index.js';
import { MemoryDb } from '../../packages/node/src/storage/memory-db.js';
import { api, waitFor } from './api.js';
import { type FetchedBlock, fetchBlock, fetchSummaries, patientGet } from './chain-fetch.js';

export interface CheckedNode {
  index: number;
  apiUrl: string;
  pid?: number | undefined;
}

export interface CheckOptions {
  nodes: CheckedNode[];
  genesisFile: string;
  /** Tx ids (hex) the API acknowledged: each must be in the chain exactly once. */
  acknowledged?: Iterable<string>;
  /** How long every node gets to reach the highest head seen (invariant 4). */
  catchUpMs?: number;
  /** Resident memory bound per node process, bytes (invariant 12; default 1.5 GiB). */
  maxRssBytes?: number;
}

export interface CheckReport {
  height: bigint;
  violations: string[];
  txs: number;
  /** Acknowledged txs not in the chain yet but still held (status accepted) by a checked node. */
  pending: string[];
}

/** True when some node still holds the tx in its mempool (GET /v1/txs/:id says accepted). */
async function inSomeMempool(nodes: CheckedNode[], id: string): Promise<boolean> {
  for (const n of nodes) {
    const r = await api<{ status?: string }>(n.apiUrl, 'getTx', { params: { id } }).catch(() => undefined);
    if (r?.status === 200 && r.body.status === 'accepted') return true;
  }
  return false;
}

/** Resident memory of a process, bytes (Linux /proc), or undefined. */
export const rssOf = (pid: number): number | undefined => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? undefined : Number(m[1]) * 1024;
  } catch {
    return undefined;
  }
};

export async function checkChains(o: CheckOptions): Promise<CheckReport> {
  const v: string[] = [];
  const genesis = readGenesisFile(o.genesisFile);
  const ctx = chainContext(genesis);
  const heights = await Promise.all(
    o.nodes.map(async (n) => BigInt((await patientGet<{ height: string }>(n.apiUrl, 'getStatus')).height)),
  );
  // 4: everyone reaches the highest head seen
  const target = heights.reduce((a, b) => (b > a ? b : a), 0n);
  for (const n of o.nodes) {
    await waitFor(
      `node ${n.index} at height ${target}`,
      async () =>
        BigInt((await patientGet<{ height: string }>(n.apiUrl, 'getStatus')).height) >= target ? true : undefined,
      o.catchUpMs ?? 60_000,
    ).catch((e: Error) => v.push(`inv4: ${e.message}`));
  }
  // 1 and 3 (agreement): hashes and state roots per height on every node
  const sums = await Promise.all(o.nodes.map((n) => fetchSummaries(n.apiUrl, target)));
  for (let h = 1n; h <= target; h++) {
    const seen = new Set(sums.map((s) => s.get(h)?.hash ?? 'missing'));
    const roots = new Set(sums.map((s) => s.get(h)?.stateRoot ?? 'missing'));
    if (seen.size !== 1)
      v.push(
        `inv1: fork at height ${h}: ${sums.map((s, i) => `node${o.nodes[i]?.index}=${s.get(h)?.hash ?? 'missing'}`).join(' ')}`,
      );
    else if (roots.size !== 1) v.push(`inv3: state roots differ at height ${h}`);
  }
  // 2, 3 (replay), 5, 6, 7 over the first node's chain
  const ref = o.nodes[0];
  if (ref === undefined) throw new LeagError('TESTNET_CHECK', 'no node to check');
  const params = consensusParams(genesis, { viewTimeoutMs: 1000, syncRetryMs: 1000 });
  const vctx = verifyContext(genesis);
  const schedule = new EpochSchedule(params);
  const ledger = await Ledger.open(new MemoryDb(), ctx);
  const certErr = (h: bigint, hash: string, c: CommitCertificate | undefined): string | null => {
    if (c === undefined) return 'no certificate';
    if (c.height !== h || toHex(c.blockHash) !== hash) return `certificate is for ${c.height}/${toHex(c.blockHash)}`;
    const q = schedule.at(h)?.quorum;
    return q === undefined ? 'no quorum known' : commitCertificateError(vctx, q, c);
  };
  const txCount = new Map<string, number>();
  const utxo = new Map<string, { value: bigint; escrowWindow: bigint }>();
  const settled = new Set<bigint>();
  let issued = 0n;
  // whole blocks from the reference node, 8 requests at a time
  const blocks: FetchedBlock[] = new Array(Number(target) + 1);
  let nextH = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (nextH <= Number(target)) {
        const h = nextH++;
        blocks[h] = await fetchBlock(ref.apiUrl, BigInt(h));
      }
    }),
  );
  let prev = (blocks[0] as FetchedBlock).hash;
  for (let h = 1n; h <= target; h++) {
    const b = blocks[Number(h)] as FetchedBlock;
    const next = blocks[Number(h) + 1];
    const hdr = b.block.header;
    if (toHex(blockHashOf(hdr)) !== b.hash) v.push(`inv2: block ${h} does not hash to ${b.hash}`);
    if (toHex(hdr.parentHash) !== prev) v.push(`inv2: block ${h} links to ${toHex(hdr.parentHash)}, parent is ${prev}`);
    // the certificate of h: served with it, or carried by h+1 (the head's may not exist yet)
    const cert = b.cert ?? next?.block.parentCert;
    if (next !== undefined || cert !== undefined) {
      const err = certErr(h, b.hash, cert);
      if (err !== null) v.push(`inv2: block ${h} certificate: ${err}`);
    }
    try {
      const r = await ledger.applyAndCommit(b.block, {
        verifyParentCert: (c) => {
          const err = certErr(c.height, toHex(c.blockHash), c);
          if (err !== null) throw new LeagError('TESTNET_CHECK', err);
        },
      });
      if (toHex(r.hash) !== b.hash) v.push(`inv3: replayed block ${h} hashes to ${toHex(r.hash)}`);
      const root = sums[0]?.get(h)?.stateRoot;
      if (root !== undefined && toHex(r.stateRoot) !== root)
        v.push(`inv3: replayed state root at ${h} differs from the node's`);
    } catch (e) {
      v.push(`inv3: replay of block ${h} failed: ${(e as Error).message}`);
      break;
    }
    schedule.applyBlock(h, { parentCert: b.block.parentCert ?? null, evidence: [] });
    for (const stx of b.block.txs) {
      const tx = stx.tx;
      const id = toHex(txIdOf(tx));
      txCount.set(id, (txCount.get(id) ?? 0) + 1);
      let ins = 0n;
      for (const i of tx.inputs) {
        const key = `${toHex(i.prev?.txId ?? new Uint8Array())}:${i.prev?.index}`;
        const c = utxo.get(key);
        if (c === undefined) v.push(`inv6: tx ${id} at ${h} spends ${key}, which is spent or unknown`);
        else ins += c.value;
        utxo.delete(key);
      }
      let outs = 0n;
      tx.outputs.forEach((x, i) => {
        if (x.value < 0n) v.push(`inv7: tx ${id} output ${i} is negative`);
        outs += x.value;
        utxo.set(`${id}:${i}`, { value: x.value, escrowWindow: x.escrowWindow });
      });
      const issuing =
        tx.kind === TxKind.TX_KIND_MINT ||
        tx.kind === TxKind.TX_KIND_SETTLEMENT ||
        tx.kind === TxKind.TX_KIND_GRID_TRADE;
      if (issuing && outs < ins) v.push(`inv7: tx ${id} at ${h} destroys ${ins - outs} µ`);
      if (!issuing && outs !== ins)
        v.push(`inv7: tx ${id} at ${h} (kind ${tx.kind}) has inputs ${ins} µ ≠ outputs ${outs} µ`);
      issued += outs - ins;
      if (tx.settlement?.settlement !== undefined) settled.add(tx.settlement.settlement.window);
    }
    prev = b.hash;
  }
  // 5, 6: tx ids
  for (const [id, n] of txCount) if (n > 1) v.push(`inv6: tx ${id} is in the chain ${n} times`);
  const pending: string[] = [];
  for (const id of o.acknowledged ?? []) {
    const n = txCount.get(id) ?? 0;
    if (n === 0 && (await inSomeMempool(o.nodes, id))) pending.push(id);
    else if (n !== 1) v.push(`inv5: acknowledged tx ${id} is in the chain ${n} times and in no node's mempool`);
  }
  // 7: totals and escrows
  let total = 0n;
  for (const [key, c] of utxo) {
    total += c.value;
    if (c.escrowWindow !== 0n && settled.has(c.escrowWindow))
      v.push(`inv7: escrow ${key} of settled window ${c.escrowWindow} is unspent`);
  }
  const supply = ledger.view().supply();
  if (total !== issued) v.push(`inv7: unspent total ${total} µ ≠ issued ${issued} µ`);
  if (total !== supply.minted + supply.gridIssued)
    v.push(`inv7: unspent total ${total} µ ≠ supply minted ${supply.minted} + grid ${supply.gridIssued} µ`);
  await ledger.close();
  // 12: memory
  const bound = o.maxRssBytes ?? 1.5 * 2 ** 30;
  for (const n of o.nodes) {
    const rss = n.pid === undefined ? undefined : rssOf(n.pid);
    if (rss !== undefined && rss > bound) v.push(`inv12: node ${n.index} resident memory ${rss} B > ${bound} B`);
  }
  return { height: target, violations: v, txs: txCount.size, pending };
}
