/**
 * A node's settlements computed ahead (docs/decisions.md, "Settlement after a lag"). After each
 * commit, every window that has ended with orders and waits for its settlement gets a job in the
 * node's settlement worker thread (ledger/settlement-ahead.ts: the contract, the settlement tx,
 * its UTXO records and their LtHash change), while the chain goes on. The block that carries the
 * settlement, built or checked here, then applies the result with map writes: the heavy work is
 * off the consensus path. Before building or checking such a block the driver waits for the job
 * (`ready`), at most `waitMs`; without a result (no worker, a failed job, a timeout) the ledger
 * computes the settlement in the block, as a node replaying blocks does: the block is the same.
 */
import { Worker } from 'node:worker_threads';
import { LeagError } from '@leag/core';
import type { Logger } from 'pino';
import { DEFAULT_CONFIG } from '../config/config.js';
import type { SettlementPipeline } from '../driver/driver.js';
import {
  type Ledger,
  lastDueWindow,
  type SettlementAhead,
  settlementJobSteps,
  settleTermsOf,
  type Tables,
} from '../ledger/index.js';
import { bytesEqual } from '../storage/bytes.js';
import { jobMessage, type ReplyMessage, type ResultBody, receiveSteps, type WorkerInit } from './worker-protocol.js';

export interface SettlementsOptions {
  /** Longest wait for a job before a block that needs it is built or checked without it, ms. */
  waitMs?: number;
  /** The worker's entry module (tests: a worker that fails); default worker-entry.mjs. */
  workerUrl?: URL;
  /** The worker thread's nice value (0-19; Linux, per thread); default the node config's runtime.settlementWorkerNice. */
  nice?: number;
  /** Entries of a result taken per event-loop turn when it arrives (default RECEIVE_STEP; tests lower it). */
  receiveStep?: number;
  /** Orders of a window read per event-loop turn when its job is prepared (default JOB_STEP; tests lower it). */
  jobStep?: number;
}

/** Orders read per event-loop turn when a job is prepared (an id hashed and an escrow looked up each). */
const JOB_STEP = 2_000;

/** Entries of a result (arrays unpacked, writes prepared) taken per event-loop turn: a few ms each. */
const RECEIVE_STEP = 2_000;

const DEFAULT_WAIT_MS = 30_000;

interface Job {
  id: number;
  window: bigint;
  postedAt?: number;
  done: Promise<void>;
  settle: () => void;
}

export class Settlements implements SettlementPipeline {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly results = new Map<bigint, SettlementAhead>();
  private readonly jobs = new Map<bigint, Job>();
  private readonly byId = new Map<number, Job>();
  /** Windows whose job failed: computed in their blocks, not posted again. */
  private readonly failed = new Set<bigint>();
  private closed = false;
  /** Jobs finished with a result (tests, status). */
  computed = 0;

  constructor(
    private readonly log: Logger,
    private readonly opts: SettlementsOptions = {},
  ) {}

  /**
   * Starts the worker thread now rather than at the first job: loading the ledger's modules in a
   * low-priority thread takes seconds on a busy machine, time the first window's lag should not pay.
   */
  start(): void {
    if (!this.closed) this.workerThread();
  }

  /** Whether the worker thread is running (tests, status). */
  get workerRunning(): boolean {
    return this.worker !== undefined;
  }

  get(window: bigint, marginAddress: Uint8Array): SettlementAhead | undefined {
    const a = this.results.get(window);
    return a !== undefined && bytesEqual(a.marginAddress, marginAddress) ? a : undefined;
  }

  /**
   * After a commit (and at start): posts a job for each ended window with orders that waits for
   * its settlement and has none; forgets the windows settled.
   */
  onCommit(ledger: Ledger): void {
    if (this.closed) return;
    const t = ledger.view();
    const tip = t.tip();
    if (tip === undefined) return;
    for (const w of [...this.results.keys()]) if (w <= tip.lastSettledWindow) this.results.delete(w);
    for (const w of [...this.failed]) if (w <= tip.lastSettledWindow) this.failed.delete(w);
    for (const [w, j] of this.jobs) if (w <= tip.lastSettledWindow) this.finish(j);
    for (let w = tip.lastSettledWindow + 1n; w <= tip.lastClosedWindow; w++) {
      if (this.results.has(w) || this.jobs.has(w) || this.failed.has(w) || ledger.windowOrderCount(w) === 0) continue;
      this.post(t, w, settleTermsOf(t, w, ledger.ctx, tip.endProposer));
    }
  }

  covers(ledger: Ledger, timestampMs: bigint): boolean {
    const due = lastDueWindow(ledger.ctx, timestampMs);
    for (let w = ledger.lastSettledWindow() + 1n; w <= due; w++)
      if (ledger.windowOrderCount(w) > 0 && !this.results.has(w)) return false;
    return true;
  }

  /** Waits for the jobs of the windows a block at `timestampMs` settles (at most waitMs). */
  async ready(ledger: Ledger, timestampMs: bigint): Promise<void> {
    const due = lastDueWindow(ledger.ctx, timestampMs);
    const waits: Promise<void>[] = [];
    for (const [w, j] of this.jobs) if (w <= due) waits.push(j.done);
    if (waits.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const limit = this.opts.waitMs ?? DEFAULT_WAIT_MS;
    const waitStart = performance.now();
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.log.warn({ waitedMs: limit }, 'settlement computed ahead is late: the block computes it itself');
        resolve();
      }, limit);
    });
    await Promise.race([Promise.all(waits).then(() => undefined), timeout]);
    clearTimeout(timer);
    this.log.info({ waitedMs: Math.round(performance.now() - waitStart) }, 'waited for a settlement computed ahead');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of [...this.jobs.values()]) this.finish(j);
    const w = this.worker;
    this.worker = undefined;
    if (w !== undefined) await w.terminate();
  }

  /**
   * Opens a job for the window now (a block that settles it waits for the job in `ready`) and
   * prepares it in steps of JOB_STEP orders with an event-loop turn between them, off the commit
   * that ended the window (that took 0.5-0.8 s of every node's event loop at once on the loaded
   * testnet, inside the commit: docs/performance.md), then posts it to the worker.
   */
  private post(t: Tables, window: bigint, terms: ReturnType<typeof settleTermsOf>): void {
    let settle = (): void => {};
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const job: Job = { id: this.nextId++, window, done, settle };
    this.jobs.set(window, job);
    this.byId.set(job.id, job);
    void this.prepare(job, t, terms);
  }

  private async prepare(job: Job, t: Tables, terms: ReturnType<typeof settleTermsOf>): Promise<void> {
    const done = await this.inTurns(job, settlementJobSteps(t, terms, this.opts.jobStep ?? JOB_STEP));
    if (done === undefined) return;
    try {
      const s0 = performance.now();
      const msg = jobMessage(job.id, done.value);
      this.workerThread().postMessage(msg);
      job.postedAt = performance.now();
      this.log.info(
        {
          window: job.window.toString(),
          orders: msg.orders.ends.length,
          prepMs: Math.round(done.busyMs + job.postedAt - s0),
          preparedInMs: Math.round(job.postedAt - done.startedAt),
        },
        'settlement job posted',
      );
    } catch (e) {
      this.jobFailed(job, e);
      this.finish(job);
    }
  }

  /**
   * Runs a stepwise computation for an open job, an event-loop turn between its steps. Undefined
   * when the job was settled or closed meanwhile, or the computation failed (the job is then
   * failed and finished: the block computes the settlement itself).
   */
  private async inTurns<T>(
    job: Job,
    steps: Generator<void, T>,
  ): Promise<{ value: T; busyMs: number; turns: number; startedAt: number } | undefined> {
    const startedAt = performance.now();
    let busyMs = 0;
    let turns = 0;
    try {
      for (;;) {
        const s0 = performance.now();
        const r = steps.next();
        busyMs += performance.now() - s0;
        if (r.done === true) return { value: r.value, busyMs, turns, startedAt };
        turns++;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.byId.get(job.id) !== job) return undefined; // settled or closed meanwhile
      }
    } catch (e) {
      if (this.byId.get(job.id) === job) {
        this.jobFailed(job, e);
        this.finish(job);
      }
      return undefined;
    }
  }

  private finish(j: Job): void {
    this.jobs.delete(j.window);
    this.byId.delete(j.id);
    j.settle();
  }

  private workerThread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const w = new Worker(this.opts.workerUrl ?? new URL('./worker-entry.mjs', import.meta.url), {
      execArgv: [],
      workerData: { nice: this.opts.nice ?? DEFAULT_CONFIG.runtime.settlementWorkerNice } satisfies WorkerInit,
    });
    w.unref();
    w.on('message', (m: ReplyMessage) => this.onReply(m));
    w.on('error', (e) => this.onWorkerGone(w, `failed: ${e.message}`));
    w.on('exit', (code) => this.onWorkerGone(w, `exited with code ${code}`));
    this.worker = w;
    return w;
  }

  private onReply(m: ReplyMessage): void {
    const job = this.byId.get(m.id);
    if (job === undefined) return; // settled or closed meanwhile
    if ('error' in m) this.jobFailed(job, new LeagError(m.error.code, m.error.message));
    else if (m.result !== null) {
      void this.receive(job, m.result, m.computeMs);
      return;
    }
    this.finish(job);
  }

  private jobFailed(job: Job, e: unknown): void {
    this.failed.add(job.window);
    const code = e instanceof LeagError ? e.code : 'SETTLE_WORKER';
    this.log.warn(
      { window: job.window.toString(), code, err: (e as Error).message },
      'settlement job failed: the block computes it itself',
    );
  }

  /**
   * Takes a result in steps of RECEIVE_STEP entries with an event-loop turn between them (during
   * the lag, so the settling block does not wait for any of it): unpacked, its writes prepared,
   * its tx sealed. The job stays open until then (a block that needs it waits in `ready`).
   */
  private async receive(job: Job, body: ResultBody, computeMs: number): Promise<void> {
    const done = await this.inTurns(job, receiveSteps(body, this.opts.receiveStep ?? RECEIVE_STEP));
    if (done === undefined) return;
    this.results.set(job.window, done.value);
    this.computed++;
    this.log.info(
      {
        window: job.window.toString(),
        outputs: body.createdKeys.ends.length,
        workerMs: computeMs,
        mainMs: Math.round(done.busyMs),
        turns: done.turns,
        receivedInMs: Math.round(performance.now() - done.startedAt),
        sincePostedMs: Math.round(performance.now() - (job.postedAt ?? 0)),
      },
      'settlement computed ahead',
    );
    this.finish(job);
  }

  private onWorkerGone(w: Worker, why: string): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    if (this.closed) return;
    this.log.warn({ jobs: this.jobs.size }, `settlement worker ${why}: its windows are computed in their blocks`);
    for (const j of [...this.jobs.values()]) {
      this.failed.add(j.window);
      this.finish(j);
    }
  }
}
