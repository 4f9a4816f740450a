/**
 * The node's graceful stop as a list of steps, each bounded in time (leagd must exit within a few
 * seconds of SIGTERM even without a quorum, docs/node.md). A step that does not finish within its
 * bound is abandoned with a warning and the next one runs: what must survive is durable before a
 * step can hang (accepted txs are journaled with a synced write before they are acknowledged, WAL
 * records and commits are synced), so leaving a step unfinished is no worse than a crash.
 */
import type { Logger } from 'pino';

export interface StopStep {
  name: string;
  /** Longest wait for this step, ms. */
  boundMs: number;
  run: () => Promise<unknown> | undefined;
  /** Called when the bound passes first (e.g. force-close sockets). */
  onTimeout?: () => void;
}

export type StepOutcome = 'done' | 'timeout' | 'failed';

/** Runs the steps in order; resolves with each step's outcome (never rejects). */
export async function runStopSteps(steps: readonly StopStep[], log: Logger): Promise<Record<string, StepOutcome>> {
  const out: Record<string, StepOutcome> = {};
  for (const s of steps) {
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<StepOutcome>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), s.boundMs);
    });
    const work = Promise.resolve()
      .then(s.run)
      .then(
        (): StepOutcome => 'done',
        (e: unknown): StepOutcome => {
          log.warn({ step: s.name, err: e }, 'stop step failed');
          return 'failed';
        },
      );
    const r = await Promise.race([work, bound]);
    clearTimeout(timer);
    const ms = Math.round(performance.now() - t0);
    if (r === 'timeout') {
      log.warn({ step: s.name, boundMs: s.boundMs }, 'stop step did not finish in time; abandoned');
      s.onTimeout?.();
    } else log.debug({ step: s.name, ms }, 'stop step done');
    out[s.name] = r;
  }
  return out;
}
