/**
 * CPU profile of one node under load: the node is restarted with `node --cpu-prof` (Node refuses
 * that flag in NODE_OPTIONS; the daemon is not changed), writes its .cpuprofile when it stops, and
 * this sums the self time of every function (V8 sample counts × sampling interval) to list the top ones.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LEAGD_BIN } from '../../packages/node/test/harness/index.js';
import type { BenchNet } from './net.js';
import { round } from './stats.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface HotFunction {
  function: string;
  where: string;
  selfPercent: number;
  selfMs: number;
}

/** Which part of the system a profiled function belongs to. */
function areaOf(url: string, fn: string): string {
  if (url === '') return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /packages\/(\w[\w-]*)\/src\/(\w[\w-]*)?/.exec(url);
  if (pkg !== null) return pkg[1] === 'node' ? `node/${pkg[2]}` : `@leag/${pkg[1]}`;
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return mod === null ? 'other' : (mod[1] as string);
}

export function topFunctions(
  dir: string,
  top = 20,
): {
  file: string;
  /** Busy time sampled (idle excluded); percentages are of this. */
  totalMs: number;
  idleMs: number;
  functions: HotFunction[];
  byArea: { area: string; selfPercent: number }[];
} {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new RangeError(`bench: no .cpuprofile written in ${dir}`);
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    startTime: number;
    endTime: number;
  };
  const perSampleMs = (prof.endTime - prof.startTime) / 1000 / Math.max(1, prof.samples.length);
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const n of prof.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const where = url === '' ? '(native)' : `${relative(process.cwd(), url)}:${n.callFrame.lineNumber + 1}`;
    if (n.callFrame.functionName === '(idle)') {
      idle += hits;
      continue;
    }
    const key = `${n.callFrame.functionName || '(anonymous)'}\t${where}`;
    self.set(key, (self.get(key) ?? 0) + hits);
    const area = areaOf(url, n.callFrame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + hits);
    total += hits;
  }
  const functions = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, hits]) => {
      const [fn, where] = k.split('\t') as [string, string];
      return { function: fn, where, selfPercent: round((100 * hits) / total, 1), selfMs: round(hits * perSampleMs) };
    });
  const byArea = [...areas.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([area, hits]) => ({ area, selfPercent: round((100 * hits) / total, 1) }));
  return { file, totalMs: round(total * perSampleMs), idleMs: round(idle * perSampleMs), functions, byArea };
}

/**
 * Replaces the harness's process of node `i` by one started with `--cpu-prof` (the same config
 * and environment); returns a function that stops it with SIGTERM so the profile is written.
 */
export async function profileNode(net: BenchNet, i: number, dir: string): Promise<() => Promise<void>> {
  const node = net.tn.node(i);
  await node.stop('SIGTERM');
  mkdirSync(dir, { recursive: true });
  const fd = openSync(join(dir, `node${i}.log`), 'a');
  const proc = spawn(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, LEAGD_BIN, 'start', '--config', node.configFile],
    {
      stdio: ['ignore', fd, fd],
      env: { ...process.env, LEAG_RATE_LIMIT_MAX: '100000000', LEAG_LOG_LEVEL: 'warn' },
    },
  );
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  process.once('exit', () => proc.kill('SIGKILL'));
  const h = await net.height((i + 1) % net.size);
  for (let k = 0; k < 600; k++) {
    try {
      if ((await node.height()) >= h) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return async () => {
    const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.kill('SIGTERM');
    await exited;
    clearTimeout(t);
  };
}
