/**
 * The machine's signature-verification limit: one worker thread per core, each verifying orders
 * through the node's SigCache path for `ms` milliseconds, all started together. Every node checks
 * every order once, so the ledger's order limit is this rate divided by the node count.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { median, round } from './stats.js';

const WORKER = new URL('./sig-worker.boot.mjs', import.meta.url);

async function once(threads: number, ms: number): Promise<number> {
  const workers = Array.from({ length: threads }, () => new Worker(WORKER, { workerData: { ms } }));
  try {
    await Promise.all(workers.map((w) => new Promise((r, j) => w.once('message', r).once('error', j))));
    const done = workers.map(
      (w) =>
        new Promise<{ n: number; elapsedMs: number }>((r, j) => {
          w.once('message', r).once('error', j);
        }),
    );
    for (const w of workers) w.postMessage('go');
    const rs = await Promise.all(done);
    return rs.reduce((s, r) => s + (r.n * 1000) / r.elapsedMs, 0);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export interface SigLimit {
  cores: number;
  /** Verifications per second of one thread (median of the repeats). */
  perCorePerSec: number;
  /** Verifications per second of all cores together (median of the repeats). */
  machinePerSec: number;
  samplesPerSec: number[];
  repeats: number;
  msPerSample: number;
}

export async function measureSigLimit(repeats = 3, ms = 3000): Promise<SigLimit> {
  const cores = availableParallelism();
  const single: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < repeats; i++) {
    single.push(await once(1, Math.round(ms / 2)));
    all.push(await once(cores, ms));
  }
  return {
    cores,
    perCorePerSec: round(median(single)),
    machinePerSec: round(median(all)),
    samplesPerSec: all.map((x) => round(x)),
    repeats,
    msPerSample: ms,
  };
}
