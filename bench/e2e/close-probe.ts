/**
 * Developer probe (not part of `npm run bench`): the window close under load on a fresh 4-node
 * testnet. One step fills a window with `--rate` orders/s of buys and sells for `--seconds`, the
 * next step starts sending as the following window opens, i.e. while the first window's clearing
 * block is built, sent, validated and committed; it prints each block's commit time around the
 * window's end (the clearing pause) and both steps' latencies.
 *   node --import tsx bench/e2e/close-probe.ts [--rate 1000] [--seconds 20] [--log-level info]
 *   [--lag-ms L] (genesis settlement lag; default leagd's: half the window, up to 30 s, after the
 *   across-the-close step: a short lag puts the settling block inside it; blocks are shown up to
 *   5 s after the end + the lag)
 *   [--prof DIR] (restarts nodes 1 and 0 under --cpu-prof; profiles and logs in DIR)
 *   [--node-env K=V ...] (extra environment for every node, e.g. LEAG_SETTLEMENT_WORKER_NICE=19)
 * LEAG_KEEP_TESTNET=1 keeps the nodes' logs and stores.
 */
import '@leag/core/polyfills';
import { parseArgs } from 'node:util';
import { runStep } from './load.js';
import { BenchNet, killAllNets, parseNodeEnv } from './net.js';
import { profileNode } from './profile.js';
import { log } from './stats.js';
import { CommitTracker } from './tracker.js';

const { values: flags } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '20' },
    'log-level': { type: 'string', default: 'warn' },
    prof: { type: 'string' },
    'lag-ms': { type: 'string' },
    'node-env': { type: 'string', multiple: true, default: [] },
  },
});
const rate = Number(flags.rate);
const seconds = Number(flags.seconds);
if (!(rate > 0) || !(seconds >= 5)) throw new RangeError('close-probe: --rate > 0, --seconds ≥ 5');

process.once('exit', killAllNets);
const level = flags['log-level'] as string;
const extraEnv = parseNodeEnv(flags['node-env'] as string[]);
const net = await BenchNet.start(4, {
  env: Object.fromEntries([0, 1, 2, 3].map((i) => [i, { LEAG_LOG_LEVEL: level, ...extraEnv }])),
  ...(flags['lag-ms'] === undefined ? {} : { settlementLagMs: Number(flags['lag-ms']) }),
});
const evs = await net.makeEvs(32);
// profiled nodes restart before the commit tracker follows node 0's events
const stops =
  flags.prof === undefined ? [] : [await profileNode(net, 1, flags.prof), await profileNode(net, 0, flags.prof)];
const tracker = new CommitTracker(net);
await tracker.start();
await runStep(net, tracker, evs, { rate: 300, durationS: 6, warmS: 2, drainS: 5, batch: 50 });
const first = await runStep(net, tracker, evs, { rate, durationS: seconds, warmS: 2, drainS: 10, batch: 50 });
const filled = net.window();
log(`window ${filled.window} filled; it ends in ${filled.endMs - Date.now()} ms`);
const next = await runStep(net, tracker, evs, { rate, durationS: seconds, warmS: 2, drainS: 10, batch: 50 });
log(
  `latency ms, filling step: ${JSON.stringify(first.latencyMs)}; step across the close: ${JSON.stringify(next.latencyMs)}`,
);
let prev = 0;
// the settling block comes at the end + the lag (at most 30 s): shown up to 5 s after it
const shownMs = (flags['lag-ms'] === undefined ? 30_000 : Number(flags['lag-ms'])) + 5000;
for (const b of tracker.blocks) {
  if (b.atMs < filled.endMs - 3000 || b.atMs > filled.endMs + shownMs) continue;
  log(
    `  block ${b.height}: committed ${b.atMs - filled.endMs} ms after the window's end (${prev === 0 ? '-' : b.atMs - prev} ms after the previous), ${b.txCount} txs`,
  );
  prev = b.atMs;
}
log(`heights: ${(await Promise.all([0, 1, 2, 3].map((i) => net.height(i)))).join(', ')}`);
tracker.stop();
for (const stop of stops) await stop();
process.exit(0);
