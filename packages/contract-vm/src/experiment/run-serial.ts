/**
 * Runs a plan in this thread (tests, small runs) and groups the results by point key. The CLI runs
 * the same tasks on a worker pool (src/cli/pool.ts); both give identical numbers.
 */
import type { PlannedTask, Results } from './figures.js';
import { runTask, type TaskOptions, type TaskResult } from './tasks.js';

export function groupResults(plan: readonly PlannedTask[], results: readonly TaskResult[]): Results {
  const out = new Map<string, TaskResult[]>();
  plan.forEach((p, k) => {
    let arr = out.get(p.key);
    if (!arr) {
      arr = [];
      out.set(p.key, arr);
    }
    arr[p.run] = results[k] as TaskResult;
  });
  return out;
}

export function runPlanSerial(
  plan: readonly PlannedTask[],
  o: TaskOptions = {},
  onDone?: (k: number) => void,
): Results {
  const results = plan.map((p, k) => {
    const r = runTask(p.task, o);
    onDone?.(k);
    return r;
  });
  return groupResults(plan, results);
}
