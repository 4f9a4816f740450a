/**
 * The machine's signature-verification limit: one worker thread per core, each verifying orders
 * through the node's SigCache path for `ms` milliseconds, all started together. Every node checks
 * every order once, so the ledger's order limit is this rate divided by the node count. The node's
 * path verifies with libsecp256k1 where its binding loads (core's signatureBackend); the same is
 * measured with OpenSSL (LEAG_SECP_BACKEND=openssl in the workers), the node's path until
 * 2026-12-07, against which issue 11's target was set.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { median, round } from './stats.js';

const WORKER = new URL('./sig-worker.boot.mjs', import.meta.url);

type Backend = 'libsecp256k1' | 'openssl';

async function once(threads: number, ms: number, openssl: boolean): Promise<{ perSec: number; backend: Backend }> {
  const env = openssl ? { ...process.env, LEAG_SECP_BACKEND: 'openssl' } : process.env;
  const workers = Array.from({ length: threads }, () => new Worker(WORKER, { workerData: { ms }, env }));
  try {
    const ready = await Promise.all(
      workers.map((w) => new Promise<{ backend: Backend }>((r, j) => w.once('message', r).once('error', j))),
    );
    const done = workers.map(
      (w) =>
        new Promise<{ n: number; elapsedMs: number }>((r, j) => {
          w.once('message', r).once('error', j);
        }),
    );
    for (const w of workers) w.postMessage('go');
    const rs = await Promise.all(done);
    return { perSec: rs.reduce((s, r) => s + (r.n * 1000) / r.elapsedMs, 0), backend: ready[0]?.backend ?? 'openssl' };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export interface SigLimit {
  cores: number;
  /** The library the node's path verifies with here. */
  backend: Backend;
  /** Verifications per second of one thread (median of the repeats). */
  perCorePerSec: number;
  /** Verifications per second of all cores together (median of the repeats). */
  machinePerSec: number;
  samplesPerSec: number[];
  repeats: number;
  msPerSample: number;
  /** The same with OpenSSL (the node's path before libsecp256k1): all cores, and one. */
  openssl: { machinePerSec: number; perCorePerSec: number; samplesPerSec: number[] };
}

export async function measureSigLimit(repeats = 3, ms = 3000): Promise<SigLimit> {
  const cores = availableParallelism();
  const single: number[] = [];
  const all: number[] = [];
  const sslSingle: number[] = [];
  const sslAll: number[] = [];
  let backend: Backend = 'openssl';
  for (let i = 0; i < repeats; i++) {
    single.push((await once(1, Math.round(ms / 2), false)).perSec);
    const r = await once(cores, ms, false);
    all.push(r.perSec);
    backend = r.backend;
    sslSingle.push((await once(1, Math.round(ms / 2), true)).perSec);
    sslAll.push((await once(cores, ms, true)).perSec);
  }
  return {
    cores,
    backend,
    perCorePerSec: round(median(single)),
    machinePerSec: round(median(all)),
    samplesPerSec: all.map((x) => round(x)),
    repeats,
    msPerSample: ms,
    openssl: {
      machinePerSec: round(median(sslAll)),
      perCorePerSec: round(median(sslSingle)),
      samplesPerSec: sslAll.map((x) => round(x)),
    },
  };
}
