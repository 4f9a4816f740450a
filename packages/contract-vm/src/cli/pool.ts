/**
 * A small worker_threads pool for the experiment tasks: `size` workers (both cores by default),
 * each pulling the next task when it finishes one, so long tasks (IDA markets) and short ones
 * balance. Results come back in plan order whatever the scheduling, and tasks are pure, so the
 * numbers do not depend on the number of workers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LeagError } from '@leag/core';
import type { Task, TaskOptions, TaskResult } from '../experiment/tasks.js';
import type { WorkReply } from './experiment-worker.js';

export const defaultWorkers = (): number => Math.max(1, availableParallelism());

export async function runPool(
  tasks: readonly Task[],
  options: TaskOptions,
  size: number,
  onDone: (done: number) => void,
): Promise<TaskResult[]> {
  const results: TaskResult[] = new Array(tasks.length);
  if (tasks.length === 0) return results;
  const n = Math.max(1, Math.min(size, tasks.length));
  const workers = Array.from(
    { length: n },
    () => new Worker(new URL('./experiment-worker.mjs', import.meta.url), { execArgv: [] }),
  );
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker): void => {
        if (next >= tasks.length) return;
        const id = next++;
        w.postMessage({ id, task: tasks[id], options });
      };
      for (const w of workers) {
        w.on('message', (msg: WorkReply) => {
          if ('error' in msg) {
            reject(
              new LeagError(msg.error.code, `experiment task ${msg.id} failed: ${msg.error.message}`, {
                task: tasks[msg.id],
              }),
            );
            return;
          }
          results[msg.id] = msg.result;
          done++;
          onDone(done);
          if (done === tasks.length) resolve();
          else feed(w);
        });
        w.on('error', (e) => reject(new LeagError('EXPERIMENT_WORKER', `an experiment worker crashed: ${e.message}`)));
        w.on('exit', (code) => {
          if (code !== 0 && done < tasks.length)
            reject(new LeagError('EXPERIMENT_WORKER', `an experiment worker exited with code ${code}`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
