/**
 * A local testnet of real `leagd` processes for system tests: `leagd init` in a temp dir with free
 * ports, one child process per node (logs in <dir>/nodeI.log), helpers to wait for heights and to
 * read state through the API, kill -9 / SIGTERM / restart, and a teardown that always kills all.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StatusResponse } from '@leag/core';
import { call } from './client.js';
import { freePortRun } from './ports.js';
import { waitFor } from './wait.js';

export const LEAGD_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/leagd.js');

export interface TestnetOptions {
  nodes?: number;
  windowMs?: number;
  blockIntervalMs?: number;
  viewTimeoutMs?: number;
  faucet?: boolean;
  /** `leagd init --plain-pbft`: plain PBFT quorums instead of credit-weighted ones. */
  plainPbft?: boolean;
  /** `leagd init --fault-tolerance F`. */
  faultTolerance?: number;
  /** `leagd init --settlement-lag-ms L` (default: leagd's, half the window up to 30 s). */
  settlementLagMs?: number;
  /** Extra environment per node index (e.g. LEAG_RATE_LIMIT_MAX). */
  env?: Record<number, Record<string, string>>;
  keepDir?: boolean;
  /** How long start() waits for every node to commit height 1 (default 60 s; a loaded machine needs more). */
  startTimeoutMs?: number;
}

export class TestNode {
  proc: ChildProcess | null = null;
  constructor(
    readonly index: number,
    readonly configFile: string,
    readonly apiUrl: string,
    readonly p2pPort: number,
    readonly logFile: string,
    private readonly env: Record<string, string>,
  ) {}

  /** Starts the node; `extraEnv` is added to its environment for this run only. */
  start(extraEnv: Record<string, string> = {}): void {
    if (this.proc !== null) return;
    const fd = openSync(this.logFile, 'a');
    this.proc = spawn(process.execPath, [LEAGD_BIN, 'start', '--config', this.configFile], {
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...this.env, ...extraEnv },
    });
    closeSync(fd);
    appendFileSync(this.logFile, `harness: started pid ${this.proc.pid}\n`);
    const proc = this.proc;
    proc.once('exit', (code, signal) => {
      appendFileSync(this.logFile, `harness: pid ${proc.pid} exited (${code ?? signal})\n`);
      if (this.proc === proc) this.proc = null;
    });
  }

  /** Sends a signal and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const p = this.proc;
    if (p === null) return null;
    const done = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
    p.kill(signal);
    return done;
  }

  get running(): boolean {
    return this.proc !== null;
  }

  async status(): Promise<StatusResponse> {
    const r = await call<StatusResponse>(this.apiUrl, 'getStatus');
    if (r.status !== 200) throw new Error(`status ${r.status}`);
    return r.body;
  }

  async height(): Promise<bigint> {
    return BigInt((await this.status()).height);
  }

  log(): string {
    return readFileSync(this.logFile, 'utf8');
  }
}

export class Testnet {
  private constructor(
    readonly dir: string,
    readonly nodes: TestNode[],
    readonly genesisFile: string,
    readonly authorityKeyFile: string,
    private readonly keepDir: boolean,
  ) {}

  static async start(o: TestnetOptions = {}): Promise<Testnet> {
    const n = o.nodes ?? 4;
    const dir = mkdtempSync(join(tmpdir(), 'leagd-tn-'));
    const base = await freePortRun(2 * n);
    const args = [LEAGD_BIN, 'init', '--testnet', String(n), '--dir', join(dir, 'net'), '--base-port', String(base)];
    args.push('--window-ms', String(o.windowMs ?? 10_000), '--json');
    if (o.blockIntervalMs !== undefined) args.push('--block-interval-ms', String(o.blockIntervalMs));
    if (o.viewTimeoutMs !== undefined) args.push('--view-timeout-ms', String(o.viewTimeoutMs));
    if (o.faucet === false) args.push('--no-faucet');
    if (o.plainPbft === true) args.push('--plain-pbft');
    if (o.faultTolerance !== undefined) args.push('--fault-tolerance', String(o.faultTolerance));
    if (o.settlementLagMs !== undefined) args.push('--settlement-lag-ms', String(o.settlementLagMs));
    const layout = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as {
      genesisFile: string;
      authorityKeyFile: string;
      nodes: { index: number; configFile: string; apiPort: number; p2pPort: number }[];
    };
    const nodes = layout.nodes.map(
      (x) =>
        new TestNode(
          x.index,
          x.configFile,
          `http://127.0.0.1:${x.apiPort}`,
          x.p2pPort,
          join(dir, `node${x.index}.log`),
          { LEAG_LOG_LEVEL: 'info', ...(o.env?.[x.index] ?? {}) },
        ),
    );
    const keep = o.keepDir ?? process.env.LEAG_KEEP_TESTNET === '1';
    const tn = new Testnet(dir, nodes, layout.genesisFile, layout.authorityKeyFile, keep);
    process.once('exit', () => tn.killAll());
    for (const node of nodes) node.start();
    await tn.waitForHeight(1n, o.startTimeoutMs ?? 60_000);
    return tn;
  }

  node(i: number): TestNode {
    const n = this.nodes[i];
    if (n === undefined) throw new Error(`no node ${i}`);
    return n;
  }

  /** Waits until every running node (or the given ones) has committed at least `h`. */
  async waitForHeight(
    h: bigint,
    timeoutMs = 30_000,
    nodes: TestNode[] = this.nodes.filter((x) => x.running),
  ): Promise<void> {
    await waitFor(
      `height ${h} on nodes ${nodes.map((x) => x.index).join(',')}`,
      async () => {
        for (const x of nodes) if ((await x.height()) < h) return undefined;
        return true;
      },
      timeoutMs,
    );
  }

  killAll(): void {
    for (const x of this.nodes) x.proc?.kill('SIGKILL');
  }

  /** Stops every node (SIGTERM, then SIGKILL after 10 s) and removes the directory. */
  async stop(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (x) => {
        const t = setTimeout(() => x.proc?.kill('SIGKILL'), 10_000);
        await x.stop('SIGTERM');
        clearTimeout(t);
      }),
    );
    if (!this.keepDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
