/**
 * A local testnet of real `leagd` processes, for the demo and the system tests: `leagd init` in a
 * directory, one child process per node (log in <dir>/nodeI.log), optionally each node in its own
 * network namespace (NetnsLab) and with extra environment (libfaketime, test modes). Every child
 * is killed on process exit, so a failing test leaves no orphan.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LeagError, type StatusResponse } from '@leag/core';
import { get, waitFor } from './api.js';
import type { NetnsLab } from './netns.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const LEAGD = join(ROOT, 'packages/node/bin/leagd.js');
export const LEAG_EV = join(ROOT, 'packages/ev-client/bin/leag-ev.js');

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

/** Also on SIGINT/SIGTERM (which skip exit handlers): kill the children, then exit (tests call this). */
export function exitOnSignals(): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const p of live) p.kill('SIGKILL');
      process.exit(130);
    });
  }
}

/** Spawns a child that is killed when this process exits. */
export function spawnTracked(cmd: string, args: string[], opts: Parameters<typeof spawn>[2]): ChildProcess {
  const p = spawn(cmd, args, opts);
  live.add(p);
  p.once('exit', () => live.delete(p));
  return p;
}

export interface LocalNetOptions {
  nodes?: number;
  windowMs?: number;
  blockIntervalMs?: number;
  viewTimeoutMs?: number;
  basePort?: number;
  /** Directory to create (default: a new temp dir). */
  dir?: string;
  /** Put each node in its own namespace with a 198.18 address. */
  lab?: NetnsLab;
  /** Extra environment for every node. */
  env?: Record<string, string>;
}

export class NodeProc {
  proc: ChildProcess | null = null;
  /** Environment for the next start only (e.g. libfaketime); cleared by `start`. */
  constructor(
    readonly index: number,
    readonly configFile: string,
    readonly apiUrl: string,
    readonly logFile: string,
    private readonly prefix: string[],
    private readonly env: Record<string, string>,
  ) {}

  start(extraEnv: Record<string, string> = {}): void {
    if (this.proc !== null) throw new LeagError('TESTNET_STATE', `node ${this.index} is already running`);
    const fd = openSync(this.logFile, 'a');
    const argv = [...this.prefix, process.execPath, LEAGD, 'start', '--config', this.configFile];
    const p = spawnTracked(argv[0] as string, argv.slice(1), {
      stdio: ['ignore', fd, fd],
      env: { ...process.env, LEAG_LOG_LEVEL: 'info', ...this.env, ...extraEnv },
    });
    this.proc = p;
    p.once('exit', () => {
      if (this.proc === p) this.proc = null;
    });
  }

  get running(): boolean {
    return this.proc !== null;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Sends a signal and waits for the exit (SIGKILL after `graceMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<number | null> {
    const p = this.proc;
    if (p === null) return null;
    const done = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
    p.kill(signal);
    const t = setTimeout(() => p.kill('SIGKILL'), graceMs);
    const code = await done;
    clearTimeout(t);
    return code;
  }

  signal(s: NodeJS.Signals): void {
    this.proc?.kill(s);
  }

  status(): Promise<StatusResponse> {
    return get<StatusResponse>(this.apiUrl, 'getStatus');
  }

  async height(): Promise<bigint> {
    return BigInt((await this.status()).height);
  }

  log(): string {
    return readFileSync(this.logFile, 'utf8');
  }
}

interface Layout {
  genesisFile: string;
  authorityKeyFile: string;
  nodes: { index: number; configFile: string; apiPort: number; p2pPort: number }[];
}

export class LocalNet {
  private constructor(
    readonly dir: string,
    readonly nodes: NodeProc[],
    readonly genesisFile: string,
    readonly authorityKeyFile: string,
    readonly lab: NetnsLab | undefined,
  ) {}

  /** Writes the testnet with `leagd init` (and the namespace addresses); starts nothing. */
  static async create(o: LocalNetOptions = {}): Promise<LocalNet> {
    const n = o.nodes ?? 4;
    const base = o.basePort ?? (await freePortRun(2 * n));
    const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'leag-net-'));
    const args = [
      LEAGD,
      'init',
      '--testnet',
      String(n),
      '--dir',
      join(dir, 'net'),
      '--base-port',
      String(base),
      '--json',
    ];
    args.push('--window-ms', String(o.windowMs ?? 5000));
    if (o.blockIntervalMs !== undefined) args.push('--block-interval-ms', String(o.blockIntervalMs));
    if (o.viewTimeoutMs !== undefined) args.push('--view-timeout-ms', String(o.viewTimeoutMs));
    const layout = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as Layout;
    const lab = o.lab;
    if (lab !== undefined) {
      lab.setup(n);
      relocate(layout, lab);
    }
    const nodes = layout.nodes.map(
      (x) =>
        new NodeProc(
          x.index,
          x.configFile,
          `http://${lab === undefined ? '127.0.0.1' : lab.addr(x.index)}:${x.apiPort}`,
          join(dir, `node${x.index}.log`),
          lab === undefined ? [] : lab.exec(x.index),
          o.env ?? {},
        ),
    );
    return new LocalNet(dir, nodes, layout.genesisFile, layout.authorityKeyFile, lab);
  }

  node(i: number): NodeProc {
    const x = this.nodes[i];
    if (x === undefined) throw new LeagError('TESTNET_STATE', `no node ${i} in a testnet of ${this.nodes.length}`);
    return x;
  }

  startAll(): void {
    for (const x of this.nodes) if (!x.running) x.start();
  }

  /** Waits until each given node (default: the running ones) has committed at least `h`. */
  async waitForHeight(h: bigint, timeoutMs = 30_000, nodes = this.nodes.filter((x) => x.running)): Promise<void> {
    await waitFor(
      `height ${h} on nodes ${nodes.map((x) => x.index).join(',')}`,
      async () => {
        for (const x of nodes) if ((await x.height()) < h) return undefined;
        return true;
      },
      timeoutMs,
    );
  }

  async maxHeight(nodes = this.nodes.filter((x) => x.running)): Promise<bigint> {
    const hs = await Promise.all(nodes.map((x) => x.height().catch(() => 0n)));
    return hs.reduce((a, b) => (b > a ? b : a), 0n);
  }

  /** Stops every node (SIGTERM, SIGKILL after the grace time), tears the namespaces down, removes the directory. */
  async stop(o: { keep?: boolean } = {}): Promise<void> {
    for (const x of this.nodes) x.signal('SIGCONT');
    await Promise.all(this.nodes.map((x) => x.stop('SIGTERM', 8000)));
    this.lab?.destroy();
    if (o.keep !== true) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Moves every node's p2p and API address to its namespace address (genesis and configs). */
function relocate(layout: Layout, lab: NetnsLab): void {
  const g = JSON.parse(readFileSync(layout.genesisFile, 'utf8')) as { validators: { multiaddr: string }[] };
  for (const x of layout.nodes) {
    const v = g.validators[x.index];
    if (v !== undefined) v.multiaddr = `/ip4/${lab.addr(x.index)}/tcp/${x.p2pPort}`;
    const c = JSON.parse(readFileSync(x.configFile, 'utf8')) as { p2p: { listen: string }; api: { host: string } };
    c.p2p.listen = `/ip4/${lab.addr(x.index)}/tcp/${x.p2pPort}`;
    c.api.host = lab.addr(x.index);
    writeFileSync(x.configFile, `${JSON.stringify(c, null, 2)}\n`);
  }
  writeFileSync(layout.genesisFile, `${JSON.stringify(g, null, 2)}\n`);
}

const portFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

/** A run of `count` free TCP ports on 127.0.0.1 (node i uses base+2i and base+2i+1). */
export async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + 2 * Math.floor(Math.random() * 15_000);
    let ok = true;
    for (let p = base; p < base + count && ok; p++) ok = await portFree(p);
    if (ok) return base;
  }
  throw new LeagError('TESTNET_PORTS', 'no run of free ports found on 127.0.0.1');
}
