/** The settlement worker thread: runs settleAhead for each job the node posts (worker.ts). */
import { parentPort } from 'node:worker_threads';
import { LeagError } from '@leag/core';
import { settleAhead } from '../ledger/index.js';
import { type JobMessage, jobOf, type ReplyMessage, resultBody } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new LeagError('SETTLE_WORKER', 'settlement worker-main.ts must run in a worker thread');

port.on('message', (m: JobMessage) => {
  let reply: ReplyMessage;
  try {
    const a = settleAhead(jobOf(m));
    reply = { id: m.id, result: a === null ? null : resultBody(a) };
  } catch (e) {
    reply = {
      id: m.id,
      error: { code: e instanceof LeagError ? e.code : 'SETTLE_WORKER', message: (e as Error).message },
    };
  }
  port.postMessage(reply);
});
