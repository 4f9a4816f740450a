#!/usr/bin/env node
// Runs benchmarks: every packages/*/bench/*.bench.ts, then the end-to-end bench/e2e/*.bench.ts (or
// those of the given dirs, e.g. `npm run bench -- packages/core bench/e2e`). Each benchmark prints
// one JSON object on its last stdout line; this collects them into bench/results/report.json and
// a markdown summary bench/results/summary.md (bench/summary.mjs).
// Given dirs, the other benchmarks' results of the previous report are kept (with their ranAt).
// Flags: --quick (LEAG_BENCH_QUICK=1: short smoke runs), --memory-s N (the e2e sustained-load
// run, default 300 s). Each benchmark is bounded (LEAG_BENCH_TIMEOUT_S, default 45 min for the
// e2e one, 15 min for the others) and stopped with SIGTERM past it; the e2e benchmark then kills
// its nodes and removes its temp dirs. A full run takes about 25 minutes on 2 cores.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summary } from '../bench/summary.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { quick: { type: 'boolean', default: false }, 'memory-s': { type: 'string' } },
});
const env = { ...process.env };
if (flags.quick) env.LEAG_BENCH_QUICK = '1';
if (flags['memory-s'] !== undefined) env.LEAG_BENCH_MEMORY_S = flags['memory-s'];
const dirs =
  positionals.length > 0
    ? positionals.map((a) => resolve(root, a))
    : [
        ...readdirSync(join(root, 'packages'))
          .sort()
          .map((p) => join(root, 'packages', p, 'bench')),
        join(root, 'bench', 'e2e'),
      ];
const outDir = join(root, 'bench', 'results');
// a run of some benchmarks keeps the other results of the last report (each marked with its run's date)
const results = {};
if (positionals.length > 0 && existsSync(join(outDir, 'report.json'))) {
  const prev = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
  for (const [k, v] of Object.entries(prev.results ?? {})) results[k] = { ...v, ranAt: v.ranAt ?? prev.date };
}
let failed = 0;
const t0 = Date.now();
for (const d of dirs) {
  const bdir = existsSync(join(d, 'bench')) ? join(d, 'bench') : d;
  if (!existsSync(bdir)) continue;
  for (const f of readdirSync(bdir)
    .sort()
    .filter((n) => n.endsWith('.bench.ts'))) {
    const file = join(bdir, f);
    const name = relative(root, file).replace(/^packages\//, '');
    const isE2e = name.startsWith('bench/');
    const timeoutS = Number(process.env.LEAG_BENCH_TIMEOUT_S ?? (isE2e ? 2700 : 900));
    const started = Date.now();
    process.stderr.write(`bench ${name} (at most ${timeoutS} s) ...\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 << 20,
      timeout: timeoutS * 1000,
      killSignal: 'SIGTERM',
    });
    const secs = Math.round((Date.now() - started) / 1000);
    const lines = (r.stdout ?? '').trim().split('\n');
    if (r.status !== 0) {
      failed++;
      results[name] = {
        error: r.signal ? `stopped by ${r.signal} after ${secs} s` : `exit ${r.status}`,
        seconds: secs,
      };
      process.stderr.write(`bench ${name}: FAILED (${results[name].error})\n`);
      continue;
    }
    try {
      results[name] = { ...JSON.parse(lines[lines.length - 1]), ranAt: new Date().toISOString() };
    } catch {
      failed++;
      results[name] = { error: 'last line is not JSON', output: lines.slice(-5) };
    }
    process.stderr.write(`bench ${name}: done in ${secs} s\n`);
    process.stdout.write(`${name}: ${JSON.stringify(results[name]).slice(0, 400)}\n`);
  }
}
const seconds = Math.round((Date.now() - t0) / 1000);
mkdirSync(outDir, { recursive: true });
const report = {
  date: new Date().toISOString(),
  node: process.version,
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
  quick: flags.quick,
  seconds,
  results,
};
writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(outDir, 'summary.md'), summary(report, seconds));
process.stderr.write(
  `bench: ${Object.keys(results).length} benchmarks in ${seconds} s, ${failed} failed; bench/results/\n`,
);
process.exit(failed > 0 ? 1 : 0);
