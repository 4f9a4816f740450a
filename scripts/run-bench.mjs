#!/usr/bin/env node
// Runs benchmarks: every packages/*/bench/*.bench.ts (or those of the given package dirs).
// Each benchmark prints one JSON object on its last stdout line; this collects them into
// bench/results/report.json and a markdown summary bench/results/summary.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const pkgDirs =
  args.length > 0
    ? args.map((a) => resolve(root, a))
    : readdirSync(join(root, 'packages'))
        .sort()
        .map((p) => join(root, 'packages', p));
const results = {};
let failed = 0;
for (const dir of pkgDirs) {
  const bdir = join(dir, 'bench');
  if (!existsSync(bdir)) continue;
  for (const f of readdirSync(bdir)
    .sort()
    .filter((n) => n.endsWith('.bench.ts'))) {
    const file = join(bdir, f);
    const name = relative(join(root, 'packages'), file);
    process.stderr.write(`bench ${name} ...\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 << 20,
    });
    const lines = (r.stdout ?? '').trim().split('\n');
    if (r.status !== 0) {
      failed++;
      results[name] = { error: `exit ${r.status}` };
      continue;
    }
    try {
      results[name] = JSON.parse(lines[lines.length - 1]);
    } catch {
      failed++;
      results[name] = { error: 'last line is not JSON', output: lines.slice(-5) };
    }
    process.stdout.write(`${name}: ${JSON.stringify(results[name])}\n`);
  }
}
const outDir = join(root, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const report = { date: new Date().toISOString(), node: process.version, results };
writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
const md = ['# Benchmark summary', '', `Run ${report.date} on Node ${report.node}.`, ''];
for (const [k, v] of Object.entries(results)) md.push(`## ${k}`, '', '```json', JSON.stringify(v, null, 2), '```', '');
writeFileSync(join(outDir, 'summary.md'), md.join('\n'));
process.exit(failed > 0 ? 1 : 0);
