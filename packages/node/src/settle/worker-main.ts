/** The settlement worker thread: runs settleAhead for each job the node posts (worker.ts). */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { LeagError } from '@leag/core';
import { settleAhead } from '../ledger/index.js';
import { type JobMessage, jobOf, type ReplyMessage, resultBody, type WorkerInit } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new LeagError('SETTLE_WORKER', 'settlement worker-main.ts must run in a worker thread');
// the node passes a checked value (config runtime.settlementWorkerNice); setPriority refuses others
lowerThreadPriority((workerData as WorkerInit).nice);

/**
 * Runs this thread at a lower CPU priority (nice 10 by default; config
 * runtime.settlementWorkerNice) where the OS allows it per thread (Linux: setpriority on the
 * thread id): the work ahead takes the CPU the chain leaves idle and, on a saturated host, a
 * bounded share (about a tenth at nice 10) from the node's main thread, whose blocks and order
 * intake carry the latency, so that it still ends within the settlement lag. Elsewhere it runs
 * at the node's priority.
 */
function lowerThreadPriority(value: number): void {
  if (value === 0) return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, value);
  } catch {
    // no /proc/thread-self (not Linux): the worker shares the CPU at the node's priority
  }
}

port.on('message', (m: JobMessage) => {
  let reply: ReplyMessage;
  const t0 = performance.now();
  try {
    const a = settleAhead(jobOf(m));
    reply = { id: m.id, result: a === null ? null : resultBody(a), computeMs: Math.round(performance.now() - t0) };
  } catch (e) {
    reply = {
      id: m.id,
      error: { code: e instanceof LeagError ? e.code : 'SETTLE_WORKER', message: (e as Error).message },
    };
  }
  port.postMessage(reply);
});
