/**
 * Developer probe (not part of `npm run bench`): CPU time each node spends per committed order at
 * fixed offered loads on a fresh 4-node testnet, from /proc/<pid>/stat (user + system), to see
 * what a change to the per-order path buys without a whole benchmark run. Optionally restarts
 * node 0 under --cpu-prof for the last rate.
 *   node --import tsx bench/e2e/cpu-probe.ts --rates 200,300 --seconds 12 [--nodes 4] [--prof DIR] [--prof-node I]
 *   [--log-level info] [--block-interval MS] (the nodes' log level and block interval; LEAG_KEEP_TESTNET=1 keeps their logs and stores)
 *   [--env K=V,K2=V2] (more environment for every node, e.g. LEAG_HEAP_GROWING_PERCENT=0 to compare a setting)
 */
import '@leag/core/polyfills';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runStep } from './load.js';
import { BenchNet, killAllNets } from './net.js';
import { profileNode } from './profile.js';
import { log, round } from './stats.js';
import { CommitTracker } from './tracker.js';

const { values: flags } = parseArgs({
  options: {
    rates: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '12' },
    nodes: { type: 'string', default: '4' },
    prof: { type: 'string' },
    /** Which node --prof restarts under --cpu-prof (0, the first primary, by default; 1 is a replica). */
    'prof-node': { type: 'string', default: '0' },
    'log-level': { type: 'string' },
    'block-interval': { type: 'string' },
    env: { type: 'string' },
  },
});
const rates = (flags.rates ?? '200').split(',').map(Number);
const seconds = Number(flags.seconds);
const nodes = Number(flags.nodes);
const profNode = Number(flags['prof-node']);
if (rates.some((r) => !(r > 0)) || !(seconds >= 3) || !Number.isInteger(nodes) || nodes < 4)
  throw new RangeError('cpu-probe: --rates r1,r2 (> 0), --seconds ≥ 3, --nodes ≥ 4');
if (!Number.isInteger(profNode) || profNode < 0 || profNode >= nodes)
  throw new RangeError(`cpu-probe: --prof-node is a node index, 0 to ${nodes - 1}`);

process.once('exit', killAllNets);
process.once('SIGINT', () => {
  killAllNets();
  process.exit(130);
});

const TICK = 100; // clock ticks per second (USER_HZ)
/** [user, system] CPU seconds of each node's process so far. */
function cpuSeconds(net: BenchNet): [number, number][] {
  return net.tn.nodes.map((x) => {
    const pid = x.proc?.pid;
    if (pid === undefined) return [0, 0];
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return [Number(f[11]) / TICK, Number(f[12]) / TICK];
  });
}

/** ECDSA runs per node since start (the leag_signature_checks metric). */
async function verified(net: BenchNet): Promise<number[]> {
  return Promise.all(
    net.tn.nodes.map(async (_, i) => {
      const text = await (await fetch(`${net.apiUrl(i)}/metrics`)).text();
      const m = /leag_signature_checks\{result="verified"\} (\d+)/.exec(text);
      return m === null ? 0 : Number(m[1]);
    }),
  );
}

const nodeEnv: Record<string, string> = {};
if (flags['log-level'] !== undefined) nodeEnv.LEAG_LOG_LEVEL = flags['log-level'];
if (flags['block-interval'] !== undefined) nodeEnv.LEAG_BLOCK_INTERVAL_MS = flags['block-interval'];
for (const kv of flags.env?.split(',') ?? []) {
  const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(kv);
  if (m === null) throw new RangeError(`cpu-probe: --env takes K=V pairs separated by commas, found "${kv}"`);
  nodeEnv[m[1] as string] = m[2] as string;
}
const net = await BenchNet.start(nodes, {
  env: Object.fromEntries(Array.from({ length: nodes }, (_, i) => [i, nodeEnv])),
});
try {
  const evs = await net.makeEvs(32);
  let tracker = new CommitTracker(net);
  await tracker.start();
  await runStep(net, tracker, evs, { rate: rates[0] as number, durationS: 6, warmS: 1, batch: 50 });
  for (const [k, rate] of rates.entries()) {
    let stopProf: (() => Promise<void>) | undefined;
    if (flags.prof !== undefined && k === rates.length - 1) {
      tracker.stop();
      stopProf = await profileNode(net, profNode, flags.prof);
      tracker = new CommitTracker(net);
      await tracker.start();
    }
    const before = cpuSeconds(net);
    const vBefore = await verified(net);
    const r = await runStep(net, tracker, evs, { rate, durationS: seconds, warmS: 3, batch: 50 });
    const ownMs = round(r.generatorCpuMs / Math.max(1, r.committed), 3);
    const used = cpuSeconds(net).map(([u, sys], i) => [u - (before[i]?.[0] ?? 0), sys - (before[i]?.[1] ?? 0)]);
    const perOrderMs = used.map(([u = 0, sys = 0]) => round(((u + sys) * 1000) / Math.max(1, r.committed), 3));
    const systemShare = used.map(([u = 0, sys = 0]) => round(sys / Math.max(1e-9, u + sys), 2));
    const vAfter = await verified(net);
    const verifiesPerOrder = vAfter.map((v, i) => round((v - (vBefore[i] as number)) / Math.max(1, r.committed), 2));
    log(
      `rate ${rate}: committed ${r.committed} (${r.achievedPerSec}/s) in ${r.blocks} blocks, p50 ${r.latencyMs.p50} p99 ${r.latencyMs.p99} ms, ` +
        `CPU ms/order per node ${perOrderMs.join(' ')} (system share ${systemShare.join(' ')}), ECDSA runs/order ${verifiesPerOrder.join(' ')}, ` +
        `load generator and tracker ${ownMs} ms/order (signing excluded), refused ${JSON.stringify(r.rejected)}`,
    );
    if (stopProf !== undefined) await stopProf();
  }
  tracker.stop();
} finally {
  await net.stop();
}
