/**
 * Memory probe (issue 11, "memory flat"): the benchmark's sustained run alone, on a fresh 4-node
 * testnet of real `leagd` processes, at a fixed offered rate, with two heap snapshots of node 0
 * (early, after the warm-up, and at the end; node 0 runs with `--heapsnapshot-signal=SIGUSR2`),
 * compared by constructor (heap-diff.ts): what the node retains that grows with the load. Every
 * node also preloads (NODE_OPTIONS --require, the probe's own file: nothing in the daemon) a
 * sampler that appends `process.memoryUsage()` every 5 s to D/mem-<pid>.jsonl, so RSS can be split
 * into V8 heap (used / committed), external and array buffers, and the rest (native: LevelDB,
 * libuv, malloc), and each stall of its event loop longer than 250 ms to D/lag-<pid>.jsonl.
 * Progress on stderr, one JSON line on stdout (RSS floors per node as in the benchmark, the heap
 * diff). Snapshots are kept in --dir (default: a new temp dir) for a closer look in DevTools.
 * Run: `node --import tsx bench/e2e/memory-probe.ts [--seconds 300] [--rate 200] [--early-s 60]
 * [--no-snapshots] [--dir D] [--node-env K=V ...]` (--node-env: extra environment for every node,
 * e.g. MALLOC_ARENA_MAX=2, to try a setting).
 */
import '@leag/core/polyfills';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { heapDiff } from './heap-diff.js';
import { sustained } from './memory.js';
import { BenchNet, killAllNets, parseNodeEnv } from './net.js';
import { log } from './stats.js';
import { CommitTracker } from './tracker.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    rate: { type: 'string', default: '200' },
    'early-s': { type: 'string', default: '60' },
    'no-snapshots': { type: 'boolean', default: false },
    dir: { type: 'string' },
    'node-env': { type: 'string', multiple: true, default: [] },
  },
});
const SECONDS = Number(flags.seconds);
const RATE = Number(flags.rate);
const EARLY_S = Number(flags['early-s']);
for (const [k, v] of [
  ['seconds', SECONDS],
  ['rate', RATE],
  ['early-s', EARLY_S],
] as const) {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`--${k} must be a positive integer, found ${v}`);
}
const SNAP = flags['no-snapshots'] !== true;
const dir = flags.dir ?? mkdtempSync(join(tmpdir(), 'leag-memprobe-'));
mkdirSync(dir, { recursive: true });

process.once('exit', killAllNets);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killAllNets();
    process.exit(130);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends SIGUSR2 to node 0 and waits until its new snapshot file stops growing. */
async function snapshot(net: BenchNet, label: string): Promise<string> {
  const before = new Set(readdirSync(dir));
  const pid = net.tn.node(0).proc?.pid;
  if (pid === undefined) throw new RangeError('memory probe: node 0 is not running');
  process.kill(pid, 'SIGUSR2');
  let file: string | undefined;
  let size = -1;
  let stableSince = 0;
  for (const t0 = Date.now(); Date.now() - t0 < 180_000; await sleep(500)) {
    file ??= readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (file === undefined) continue;
    const s = statSync(join(dir, file)).size;
    if (s !== size) [size, stableSince] = [s, Date.now()];
    else if (size > 0 && Date.now() - stableSince > 3000) {
      log(`heap snapshot ${label}: ${join(dir, file)} (${Math.round(size / 1048576)} MiB)`);
      return join(dir, file);
    }
  }
  throw new RangeError(`memory probe: node 0 wrote no complete heap snapshot (${label}) within 180 s`);
}

// the sampler each node preloads: one JSON line of process.memoryUsage() (MiB) every 5 s
const sampler = join(dir, 'mem-sampler.cjs');
writeFileSync(
  sampler,
  `const fs = require('node:fs');
if (!require('node:worker_threads').isMainThread) return; // tsx's loader thread preloads it too
const f = ${JSON.stringify(dir)} + '/mem-' + process.pid + '.jsonl';
const t0 = Date.now();
setInterval(() => {
  const m = process.memoryUsage();
  const r = (x) => Math.round(x / 104857.6) / 10;
  fs.appendFileSync(f, JSON.stringify({ tS: Math.round((Date.now() - t0) / 1000), rss: r(m.rss), heapTotal: r(m.heapTotal), heapUsed: r(m.heapUsed), external: r(m.external), arrayBuffers: r(m.arrayBuffers) }) + '\\n');
}, 5000).unref();
// the event loop's stalls: each gap of more than 250 ms between 20 ms ticks, with its wall time
const lagFile = ${JSON.stringify(dir)} + '/lag-' + process.pid + '.jsonl';
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last > 250) fs.appendFileSync(lagFile, JSON.stringify({ atMs: Date.now(), stallMs: Math.round(now - last - 20) }) + '\\n');
  last = now;
}, 20).unref();
`,
);
const nodeOptions = (i: number) =>
  `--require ${sampler}${SNAP && i === 0 ? ` --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}` : ''}`;
type Usage = Record<'tS' | 'rss' | 'heapTotal' | 'heapUsed' | 'external' | 'arrayBuffers', number>;
/** A node's sampler lines: the first after 60 s and the last, with the lowest rss of each minute's samples. */
function memoryUsageOf(pid: number | undefined): { first: Usage; last: Usage } | null {
  if (pid === undefined) return null;
  let lines: Usage[];
  try {
    lines = readFileSync(join(dir, `mem-${pid}.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Usage);
  } catch {
    return null;
  }
  const tEnd = lines[lines.length - 1]?.tS ?? 0;
  const low = (ls: Usage[]) => ls.reduce((a, b) => (b.rss < a.rss ? b : a));
  const early = lines.filter((l) => l.tS >= 60 && l.tS <= 120);
  const late = lines.filter((l) => l.tS >= tEnd - 60);
  return early.length === 0 || late.length === 0 ? null : { first: low(early), last: low(late) };
}

const extra = parseNodeEnv(flags['node-env'] ?? []);
const env = Object.fromEntries([0, 1, 2, 3].map((i) => [i, { ...extra, NODE_OPTIONS: nodeOptions(i) }]));
const net = await BenchNet.start(4, { env });
try {
  const evs = await net.makeEvs(32);
  const tracker = new CommitTracker(net);
  await tracker.start();
  log(`memory probe: ${RATE} orders/s for ${SECONDS} s; snapshots ${SNAP ? `in ${dir}` : 'off'}`);
  let early: Promise<string> | undefined;
  const timer = SNAP
    ? setTimeout(() => {
        early = snapshot(net, 'early');
        early.catch(() => {});
      }, EARLY_S * 1000)
    : undefined;
  const m = await sustained(net, tracker, evs, { rate: RATE, durationS: SECONDS, stepS: 20, warmS: 30, batch: 50 });
  clearTimeout(timer);
  tracker.stop();
  let heap: ReturnType<typeof heapDiff> | null = null;
  if (SNAP && early !== undefined) {
    const a = await early;
    const b = await snapshot(net, 'late');
    heap = heapDiff(a, b, 30);
    log(`live heap of node 0: ${heap.totalMib[0]} → ${heap.totalMib[1]} MiB; largest growth:`);
    for (const r of heap.rows.slice(0, 15))
      log(
        `  ${r.mibGrowth.toFixed(2).padStart(7)} MiB ${String(r.countEarly).padStart(8)} → ${r.countLate} ${r.group}`,
      );
  }
  // the chain's pauses: the longest gaps between blocks seen on node 0's stream (the timeline in D/blocks.jsonl)
  writeFileSync(
    join(dir, 'blocks.jsonl'),
    tracker.blocks.map((b) => JSON.stringify({ height: String(b.height), atMs: b.atMs, txs: b.txCount })).join('\n'),
  );
  const gaps = tracker.blocks
    .slice(1)
    .map((b, i) => ({
      height: b.height,
      gapMs: b.atMs - (tracker.blocks[i]?.atMs ?? b.atMs),
      txs: b.txCount,
      at: b.atMs,
    }))
    .sort((a, b) => b.gapMs - a.gapMs)
    .slice(0, 8);
  for (const g of gaps)
    log(
      `  block ${g.height} (${g.txs} txs) at ${new Date(g.at).toISOString().slice(11, 23)}: ${g.gapMs} ms after its parent`,
    );
  const { samples: _samples, ...rest } = m;
  const usage = net.tn.nodes.map((x) => memoryUsageOf(x.proc?.pid));
  for (const [i, u] of usage.entries())
    if (u !== null) log(`node ${i} process.memoryUsage() first → last (MiB): ${JSON.stringify(u)}`);
  log(
    `RSS means start ${m.startRssMiB.join(', ')} MiB, end ${m.endRssMiB.join(', ')} MiB, growth ${m.growth.join(', ')}`,
  );
  console.log(
    JSON.stringify({ probe: 'memory', rate: RATE, seconds: SECONDS, dir, ...rest, samples: m.samples, heap }),
  );
} finally {
  await net.stop();
}
