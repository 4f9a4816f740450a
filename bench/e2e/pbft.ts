/**
 * Credit-weighted vs plain PBFT on real leagd processes (issue 11, point 3). For each validator
 * count and quorum rule (genesis consensus.weighted, `leagd init --plain-pbft`), a fresh testnet
 * carries a steady order load; the nodes' /metrics are read before and after each phase:
 *  - messages per block: consensus messages received by all nodes (decoded, every type) over the
 *    blocks node 0 committed in the phase;
 *  - commit latency: per block, from the primary sending its proposal to the block's durable
 *    commit on the primary (histogram leag_consensus_commit_latency_seconds{role="proposer"},
 *    median and p90 over the phase's blocks, linear inside a bucket), and the same on the backups
 *    (from receiving the proposal).
 * Phase "none": every validator honest and prompt. Phase "slow": the two highest-index validators
 * are restarted one at a time with LEAG_TEST_SLOW_VOTES_MS (their PREPARE and COMMIT votes leave
 * that much later; testing/slow-votes.ts). Every validator starts with the same genesis credit
 * (genesis has no per-validator credit) and weights change only at epoch boundaries (100 blocks,
 * the tables of the first two epochs are the genesis one), so during the run the weights are the
 * genesis ones, where ties go to the lower index: the slow validators are exactly the lowest
 * ranked ones, as a slow validator's credit would also make them (its commits miss certificates).
 * The testnets use f = 1, where weighting can shrink a quorum (n > 3f + 1); at n = 4 (f = 1) and
 * n = 7 with f = 2 the weights are all 1 and the rules are identical (not run: nothing to compare).
 */
import { loadavg } from 'node:os';
import type { StatusResponse } from '@leag/core';
import { call } from '../../packages/node/test/harness/index.js';
import { runStep } from './load.js';
import { BenchNet } from './net.js';
import { delta, histogramQuantile, type Scrape, scrape, sumScrapes, total } from './prom.js';
import { log, round } from './stats.js';
import { CommitTracker } from './tracker.js';

export interface PbftOptions {
  sizes: number[];
  /** Seconds of order load per phase. */
  phaseS: number;
  /** Offered orders per second. */
  rate: number;
  slowVotesMs: number;
  blockIntervalMs: number;
  batch: number;
}

export interface PbftPhase {
  slow: 'none' | 'two';
  slowNodes: number[];
  blocks: number;
  messagesPerBlock: number;
  /** Received messages per block by type (pre_prepare, prepare, commit, checkpoint, view_change, ...). */
  byType: Record<string, number>;
  /** Sent messages per block (one per peer a message was queued to). */
  sentPerBlock: number;
  viewChangeMessages: number;
  commitLatencyMs: { p50: number; p90: number; mean: number; blocks: number };
  backupCommitLatencyMs: { p50: number; p90: number };
  orders: { offeredPerSec: number; achievedPerSec: number; committed: number; acked: number; p50Ms: number };
  /** The machine's 1-minute load average at the phase's start and end (it is shared: read the latencies with it). */
  loadAvg: [number, number];
}

export interface PbftRow {
  nodes: number;
  f: number;
  mode: 'plain' | 'weighted';
  weights: number[];
  quorum: number;
  /** Fewest validators whose weights reach the quorum (the lightest quorum). */
  smallestQuorumNodes: number;
  phases: PbftPhase[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LAT = 'leag_consensus_commit_latency_seconds';

async function scrapeAll(net: BenchNet): Promise<Scrape[]> {
  return Promise.all(net.tn.nodes.map((n) => scrape(n.apiUrl)));
}

function phaseFigures(
  before: Scrape[],
  after: Scrape[],
  node0Blocks: number,
): Omit<PbftPhase, 'slow' | 'slowNodes' | 'orders' | 'loadAvg'> {
  const d = sumScrapes(after.map((a, i) => delta(before[i] as Scrape, a)));
  const blocks = Math.max(1, node0Blocks);
  const byType: Record<string, number> = {};
  for (const t of ['pre_prepare', 'header', 'prepare', 'commit', 'checkpoint', 'view_change', 'new_view']) {
    const x = total(d, 'leag_consensus_messages_total', { direction: 'in', type: t });
    if (x > 0) byType[t] = round(x / blocks, 2);
  }
  const ms = (q: number, role: string) => round(1000 * histogramQuantile(d, LAT, q, { role }), 1);
  const count = total(d, `${LAT}_count`, { role: 'proposer' });
  return {
    blocks: node0Blocks,
    messagesPerBlock: round(total(d, 'leag_consensus_messages_total', { direction: 'in' }) / blocks, 2),
    byType,
    sentPerBlock: round(total(d, 'leag_consensus_messages_total', { direction: 'out' }) / blocks, 2),
    viewChangeMessages: total(d, 'leag_consensus_messages_total', { direction: 'in', type: 'view_change' }),
    commitLatencyMs: {
      p50: ms(0.5, 'proposer'),
      p90: ms(0.9, 'proposer'),
      mean: round((1000 * total(d, `${LAT}_sum`, { role: 'proposer' })) / Math.max(1, count), 1),
      blocks: count,
    },
    backupCommitLatencyMs: { p50: ms(0.5, 'replica'), p90: ms(0.9, 'replica') },
  };
}

/** Restarts node i with the slow-votes test mode and waits until it has caught up with node 0. */
async function makeSlow(net: BenchNet, i: number, ms: number): Promise<void> {
  const node = net.tn.node(i);
  await node.stop('SIGTERM');
  node.start({ LEAG_TEST_MODES_ALLOWED: '1', LEAG_TEST_SLOW_VOTES_MS: String(ms) });
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await node.height()) >= (await net.height(0))) return;
    } catch {
      // API not up yet
    }
    if (Date.now() > until) throw new RangeError(`bench: node ${i} did not catch up within 60 s after its restart`);
    await sleep(200);
  }
}

function smallestQuorum(weights: number[], quorum: number): number {
  const sorted = [...weights].sort((a, b) => b - a);
  let sum = 0;
  for (let k = 0; k < sorted.length; k++) {
    sum += sorted[k] as number;
    if (sum >= quorum) return k + 1;
  }
  return sorted.length;
}

async function runPhase(
  net: BenchNet,
  tracker: CommitTracker,
  evs: Awaited<ReturnType<BenchNet['makeEvs']>>,
  o: PbftOptions,
  slowNodes: number[],
): Promise<PbftPhase> {
  const load0 = loadavg()[0] as number;
  const before = await scrapeAll(net);
  const step = await runStep(net, tracker, evs, {
    rate: o.rate,
    durationS: o.phaseS,
    warmS: 2,
    drainS: 10,
    batch: o.batch,
  });
  const after = await scrapeAll(net);
  const b0 = total(delta(before[0] as Scrape, after[0] as Scrape), 'leag_blocks_committed_total');
  return {
    slow: slowNodes.length === 0 ? 'none' : 'two',
    slowNodes,
    ...phaseFigures(before, after, b0),
    orders: {
      offeredPerSec: o.rate,
      achievedPerSec: step.achievedPerSec,
      committed: step.committed,
      acked: step.acked,
      p50Ms: step.latencyMs.p50,
    },
    loadAvg: [round(load0, 1), round(loadavg()[0] as number, 1)],
  };
}

export async function comparePbft(o: PbftOptions): Promise<{ options: PbftOptions; rows: PbftRow[]; seconds: number }> {
  const t0 = Date.now();
  const rows: PbftRow[] = [];
  for (const n of o.sizes) {
    for (const mode of ['plain', 'weighted'] as const) {
      log(`pbft: ${n} validators, f = 1, ${mode} quorums`);
      const net = await BenchNet.start(n, {
        plainPbft: mode === 'plain',
        faultTolerance: 1,
        blockIntervalMs: o.blockIntervalMs,
        startTimeoutMs: 180_000,
      });
      try {
        const evs = await net.makeEvs(4);
        const tracker = new CommitTracker(net);
        await tracker.start();
        const s = (await call<StatusResponse>(net.apiUrl(0), 'getStatus')).body;
        if (s.consensus.quorumRule !== mode)
          throw new RangeError(`bench: node 0 reports ${s.consensus.quorumRule} quorums, not ${mode}`);
        const weights = s.validators.map((v) => v.weight);
        const row: PbftRow = {
          nodes: n,
          f: s.consensus.faultTolerance,
          mode,
          weights,
          quorum: s.consensus.quorum,
          smallestQuorumNodes: smallestQuorum(weights, s.consensus.quorum),
          phases: [],
        };
        log(
          `pbft: weights ${weights.join(',')}, quorum ${row.quorum} (${row.smallestQuorumNodes} validators at least)`,
        );
        row.phases.push(await runPhase(net, tracker, evs, o, []));
        const slow = [n - 2, n - 1];
        for (const i of slow) {
          log(`pbft: restarting node ${i} with its votes held ${o.slowVotesMs} ms`);
          await makeSlow(net, i, o.slowVotesMs);
        }
        row.phases.push(await runPhase(net, tracker, evs, o, slow));
        tracker.stop();
        for (const p of row.phases)
          log(
            `pbft: ${n} ${mode} slow=${p.slow}: ${p.messagesPerBlock} msgs/block over ${p.blocks} blocks, commit p50 ${p.commitLatencyMs.p50} ms, p90 ${p.commitLatencyMs.p90} ms (load ${p.loadAvg.join(' → ')})`,
          );
        rows.push(row);
      } finally {
        await net.stop();
      }
    }
  }
  return { options: o, rows, seconds: round((Date.now() - t0) / 1000) };
}
