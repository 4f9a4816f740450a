/** Runs experiment tasks sent by the pool (pool.ts) and posts back their results. */
import { parentPort } from 'node:worker_threads';
import { toLeagError } from '@leag/core';
import { runTask, type Task, type TaskOptions } from '../experiment/tasks.js';

export interface WorkRequest {
  readonly id: number;
  readonly task: Task;
  readonly options: TaskOptions;
}
export type WorkReply =
  | { readonly id: number; readonly result: Record<string, number> }
  | { readonly id: number; readonly error: { code: string; message: string } };

parentPort?.on('message', (msg: WorkRequest) => {
  try {
    parentPort?.postMessage({ id: msg.id, result: runTask(msg.task, msg.options) } satisfies WorkReply);
  } catch (e) {
    const le = toLeagError(e, 'EXPERIMENT_WORKER');
    parentPort?.postMessage({ id: msg.id, error: { code: le.code, message: le.message } } satisfies WorkReply);
  }
});
