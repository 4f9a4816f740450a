/**
 * `npm run demo`: a 4-node testnet in a temp dir, 4 `leagd` on 127.0.0.1 and the EV fleet
 * simulator; prints each window as it clears and the dashboard URL; stops everything on Ctrl-C.
 * `--windows N` exits 0 once N windows with orders have cleared, 1 if they do not in time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { isLeagError, LeagError, type WindowResponse } from '@leag/core';
import { api, sleep } from './api.js';
import { LEAG_EV, LocalNet } from './local-net.js';
import { formatLine, windowLine } from './window-report.js';

export interface DemoOptions {
  windows: number | null;
  keep: boolean;
  evs: number;
  windowMs: number;
}

const USAGE = 'usage: npm run demo -- [--windows N] [--evs N] [--window-ms MS] [--keep]';

export function parseDemoArgs(argv: string[]): DemoOptions {
  const o: DemoOptions = { windows: null, keep: false, evs: 12, windowMs: 5000 };
  const int = (v: string | undefined, name: string, lo: number, hi: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < lo || n > hi)
      throw new LeagError(
        'DEMO_BAD_ARGUMENT',
        `${name} must be an integer in ${lo}..${hi}, got ${v ?? 'nothing'}\n${USAGE}`,
      );
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep') o.keep = true;
    else if (a === '--windows') o.windows = int(argv[++i], '--windows', 1, 1000);
    else if (a === '--evs') o.evs = int(argv[++i], '--evs', 2, 500);
    else if (a === '--window-ms') o.windowMs = int(argv[++i], '--window-ms', 2000, 600_000);
    else if (a === '--help' || a === '-h') throw new LeagError('DEMO_HELP', USAGE);
    else throw new LeagError('DEMO_BAD_ARGUMENT', `unknown argument ${a}\n${USAGE}`);
  }
  return o;
}

const say = (s: string) => process.stdout.write(`${s}\n`);

export async function runDemo(o: DemoOptions): Promise<number> {
  const net = await LocalNet.create({ nodes: 4, windowMs: o.windowMs, blockIntervalMs: 500, viewTimeoutMs: 2000 });
  let fleet: ChildProcess | null = null;
  let stopping = false;
  let cleaned: Promise<void> | null = null;
  const cleanup = () => {
    stopping = true;
    cleaned ??= (async () => {
      fleet?.kill('SIGTERM');
      await net.stop({ keep: o.keep });
      say(o.keep ? `testnet kept in ${net.dir}` : 'testnet stopped and removed');
    })();
    return cleaned;
  };
  const onSignal = (sig: NodeJS.Signals) => {
    say(`\n${sig}: stopping the testnet...`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    say(`LEAG demo: 4 validators, ${o.windowMs / 1000} s windows, ${o.evs} EVs; data in ${net.dir}`);
    net.startAll();
    await net.waitForHeight(1n, 180_000);
    const urls = net.nodes.map((x) => x.apiUrl);
    say(`nodes: ${urls.join(' ')}`);
    say(`dashboard: ${urls[0]}/   (API: ${urls[0]}/v1/status, OpenAPI: ${urls[0]}/openapi.json)`);
    const fleetLog = openSync(join(net.dir, 'fleet.log'), 'a');
    const startFleet = (seed: number) => {
      const rounds = o.windows === null ? 60 : Math.min(60, o.windows + 2);
      const args = [LEAG_EV, '--node', urls.join(','), 'fleet', '--evs', String(o.evs), '--windows', String(rounds)];
      args.push('--seed', String(seed), '--authority-key-file', net.authorityKeyFile);
      const p = spawn(process.execPath, args, { stdio: ['ignore', fleetLog, fleetLog] });
      p.once('exit', (code) => {
        if (stopping) return;
        say(
          `fleet run ${seed} ended (exit ${code}); ${o.windows === null ? 'starting another' : 'waiting for windows'}`,
        );
        if (o.windows === null) fleet = startFleet(seed + 1);
      });
      return p;
    };
    fleet = startFleet(1);
    say(`EV fleet started (log: ${join(net.dir, 'fleet.log')}); windows clear every ${o.windowMs / 1000} s`);
    const deadline = o.windows === null ? Number.POSITIVE_INFINITY : Date.now() + 90_000 + o.windows * o.windowMs * 4;
    let w = BigInt((await net.node(0).status()).window.current);
    let cleared = 0;
    while (!stopping && (o.windows === null || cleared < o.windows)) {
      if (Date.now() > deadline) {
        say(`FAILED: only ${cleared} of ${o.windows} windows with orders cleared in time (logs in ${net.dir})`);
        o.keep = true;
        return 1;
      }
      const r = await api<WindowResponse>(urls[0] as string, 'getWindow', { params: { window: w.toString() } }).catch(
        () => undefined,
      );
      if (r?.status === 200 && r.body.state === 'closed') {
        const line = windowLine(r.body);
        if (line === undefined) say(`window ${w} closed without orders`);
        else {
          say(formatLine(line));
          if (line.buyOrders + line.sellOrders > 0) cleared++;
        }
        w++;
        continue;
      }
      await sleep(300);
    }
    if (o.windows !== null) say(`${cleared} windows cleared: done`);
    return 0;
  } finally {
    await cleanup();
  }
}

export async function demoMain(argv: string[]): Promise<number> {
  try {
    return await runDemo(parseDemoArgs(argv));
  } catch (e) {
    if (isLeagError(e) && e.code === 'DEMO_HELP') {
      say(e.message);
      return 0;
    }
    process.stderr.write(`demo: ${isLeagError(e) ? `${e.code}: ` : ''}${(e as Error).message}\n`);
    return isLeagError(e) && e.code === 'DEMO_BAD_ARGUMENT' ? 2 : 1;
  }
}
