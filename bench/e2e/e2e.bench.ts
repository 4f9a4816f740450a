/**
 * End-to-end benchmark of real leagd processes on 127.0.0.1 (issue 11): the machine's signature
 * limit; rising load to saturation on 4 and 7 nodes (orders/s committed, order-to-finality p50/p99);
 * sustained load at 80 % of the 4-node saturation for --memory-s seconds (RSS start/end, p99);
 * restart-to-caught-up time against lag; a CPU profile of one node under load; credit-weighted vs
 * plain PBFT on 5 and 7 nodes, with and without two slow validators (pbft.ts).
 * Flags (or env): --quick (LEAG_BENCH_QUICK=1) for a smoke run of about 3 minutes; --memory-s N
 * (LEAG_BENCH_MEMORY_S, default 300); --nodes 4,7; --batch N orders per request (default 50: a fleet
 * gateway's POST /v1/orders/batch; 1 sends one POST /v1/orders per order); --only pbft runs the PBFT
 * comparison alone (LEAG_BENCH_ONLY=pbft). Progress on stderr; one JSON line on stdout.
 */
import '@leag/core/polyfills';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runStep } from './load.js';
import { sustained } from './memory.js';
import { BenchNet, killAllNets } from './net.js';
import { ORDER_MIX } from './orders.js';
import { comparePbft } from './pbft.js';
import { profileNode, topFunctions } from './profile.js';
import { restartRows } from './restart.js';
import { measureSigLimit } from './sig-limit.js';
import { log, round } from './stats.js';
import { sweep } from './sweep.js';
import { CommitTracker } from './tracker.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: process.env.LEAG_BENCH_QUICK === '1' },
    'memory-s': { type: 'string', default: process.env.LEAG_BENCH_MEMORY_S },
    nodes: { type: 'string', default: '4,7' },
    batch: { type: 'string', default: process.env.LEAG_BENCH_BATCH ?? '50' },
    only: { type: 'string', default: process.env.LEAG_BENCH_ONLY },
  },
});
const QUICK = flags.quick === true;
const MEMORY_S = Number(flags['memory-s'] ?? (QUICK ? 30 : 300));
const NODES = (flags.nodes ?? '4,7').split(',').map(Number);
if (!Number.isInteger(MEMORY_S) || MEMORY_S < 10)
  throw new RangeError(`--memory-s must be an integer ≥ 10, found ${flags['memory-s']}`);
const BATCH = Number(flags.batch);
if (!Number.isInteger(BATCH) || BATCH < 1 || BATCH > 500)
  throw new RangeError(`--batch must be an integer in 1..500, found ${flags.batch}`);
if (NODES.some((n) => !Number.isInteger(n) || n < 4))
  throw new RangeError(`--nodes must list node counts ≥ 4, found ${flags.nodes}`);
if (flags.only !== undefined && flags.only !== 'pbft')
  throw new RangeError(`--only must be "pbft" (the PBFT comparison alone), found ${flags.only}`);
/** Credit-weighted vs plain PBFT (pbft.ts): 5 and 7 validators, f = 1, two slow ones in the second phase. */
const PBFT = {
  sizes: [5, 7],
  phaseS: QUICK ? 8 : 20,
  rate: 50,
  slowVotesMs: 100,
  blockIntervalMs: 500,
  batch: BATCH,
};

const RATES = QUICK
  ? [40, 80]
  : [50, 100, 200, 300, 400, 500, 650, 800, 1000, 1150, 1300, 1450, 1600, 1800, 2000, 2300, 2600];
const STEP_S = QUICK ? 6 : 12;
const WARM_S = QUICK ? 2 : 3;
const MAX_P99_MS = 10_000;

process.once('exit', killAllNets);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log(`${sig}: stopping every node`);
    killAllNets();
    process.exit(130);
  });
}

const started = Date.now();
const out: Record<string, unknown> = { bench: 'e2e', quick: QUICK, ordersPerRequest: BATCH, machine: {} };

if (flags.only === 'pbft') {
  out.only = 'pbft';
  out.pbft = await comparePbft(PBFT);
  out.seconds = round((Date.now() - started) / 1000);
  log(`e2e (pbft only) done in ${out.seconds} s`);
  console.log(JSON.stringify(out));
  process.exit(0);
}

log('signature limit (worker per core, the node SigCache path; then the same with OpenSSL)');
const limit = await measureSigLimit(QUICK ? 1 : 3, QUICK ? 1000 : 3000);
out.signatureLimit = limit;
out.orderMix = ORDER_MIX;
log(
  `  ${limit.backend}: ${limit.machinePerSec} verifications/s on ${limit.cores} cores (${limit.perCorePerSec}/s on one); ` +
    `OpenSSL: ${limit.openssl.machinePerSec}/s (${limit.openssl.perCorePerSec}/s on one)`,
);

const saturation: Record<number, number> = {};
const sweeps: unknown[] = [];
for (const n of NODES) {
  const net = await BenchNet.start(n);
  try {
    const evs = await net.makeEvs(QUICK ? 8 : 32);
    const tracker = new CommitTracker(net);
    await tracker.start();
    const s = await sweep(net, tracker, evs, {
      rates: RATES,
      durationS: STEP_S,
      warmS: WARM_S,
      repeats: QUICK ? 0 : n === 4 ? 2 : 1,
      maxP99Ms: MAX_P99_MS,
      batch: BATCH,
    });
    saturation[n] = s.maxAchievedPerSec;
    const lim = limit.machinePerSec / n;
    const sslLim = limit.openssl.machinePerSec / n;
    sweeps.push({
      ...s,
      limitPerSec: round(lim, 1),
      achievedOverLimit: round(s.maxAchievedPerSec / lim, 3),
      openSslLimitPerSec: round(sslLim, 1),
      achievedOverOpenSslLimit: round(s.maxAchievedPerSec / sslLim, 3),
    });
    if (n === 4) {
      const rate = Math.max(10, Math.round(0.8 * s.maxAchievedPerSec));
      log(`4 nodes: sustained ${rate} orders/s (80 % of ${s.maxAchievedPerSec}) for ${MEMORY_S} s`);
      out.sustained80 = await sustained(net, tracker, evs, {
        rate,
        durationS: MEMORY_S,
        stepS: QUICK ? 8 : 20,
        warmS: QUICK ? 5 : 30,
        batch: BATCH,
      });
    }
    tracker.stop();
  } finally {
    await net.stop();
  }
}
out.sweeps = sweeps;

// CPU profile of node 0 under load, then restarts of node 3, on a fresh 4-node testnet
const profDir = mkdtempSync(join(tmpdir(), 'leag-bench-prof-'));
try {
  const net = await BenchNet.start(4);
  let stopped = false;
  try {
    const evs = await net.makeEvs(QUICK ? 8 : 32);
    const stopProfiled = await profileNode(net, 0, profDir);
    const tracker = new CommitTracker(net);
    await tracker.start();
    // 80 % of the 4-node saturation, but at least 60 orders/s so that the profile shows the order path
    const rate = Math.max(60, Math.round(0.8 * (saturation[4] ?? 100)));
    log(`profile: node 0 under ${rate} orders/s`);
    const step = await runStep(net, tracker, evs, { rate, durationS: QUICK ? 6 : 20, warmS: 2, batch: BATCH });
    tracker.stop();
    await stopProfiled();
    const prof = topFunctions(profDir, 25);
    net.tn.node(0).start(); // back to the harness's own process: the restarts need a quorum
    await net.tn.waitForHeight((await net.height(1)) + 1n, 60_000);
    out.restart = await restartRows(net, QUICK ? [5, 15] : [10, 30, 60]);
    await net.stop();
    stopped = true;
    out.profile = { node: 0, offeredPerSec: rate, achievedPerSec: step.achievedPerSec, ...prof };
  } finally {
    if (!stopped) await net.stop();
  }
} finally {
  rmSync(profDir, { recursive: true, force: true });
}

log('credit-weighted vs plain PBFT');
out.pbft = await comparePbft(PBFT);

const s4 = (sweeps[0] ?? {}) as {
  achievedOverLimit?: number;
  achievedOverOpenSslLimit?: number;
  maxAchievedPerSec?: number;
};
const m = out.sustained80 as
  | { latencyMs: { p99: number }; medianP99Ms: number; flatWithin10Percent: boolean }
  | undefined;
out.targets = {
  verificationBackend: limit.backend,
  fourNodeAchievedPerSec: s4.maxAchievedPerSec ?? null,
  fourNodeAchievedOverLimit: s4.achievedOverLimit ?? null,
  fourNodeAtLeast60PercentOfLimit: (s4.achievedOverLimit ?? 0) >= 0.6,
  // the same committed rate against the OpenSSL-path limit the target was set with (about 1 350/s then)
  fourNodeAchievedOverOpenSslLimit: s4.achievedOverOpenSslLimit ?? null,
  fourNodeAtLeast60PercentOfOpenSslLimit: (s4.achievedOverOpenSslLimit ?? 0) >= 0.6,
  // every order of the 5-minute run pooled (the steps' median p99 is in sustained80.medianP99Ms)
  p99At80PercentLoadMs: m?.latencyMs.p99 ?? null,
  p99At80PercentUnder2s: (m?.latencyMs.p99 ?? Number.POSITIVE_INFINITY) < 2000,
  memoryFlatWithin10Percent: m?.flatWithin10Percent ?? false,
};
out.seconds = round((Date.now() - started) / 1000);
log(`e2e done in ${out.seconds} s`);
console.log(JSON.stringify(out));
