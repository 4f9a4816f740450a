/**
 * The paper's Sec. VI figures (and the as-built vs as-printed comparison) as experiment plans:
 * which tasks to run, and how their results become a FigureData. Settings chosen where the paper
 * is silent are documented in docs/paper-reproduction.md.
 */
import { LeagError } from '@leag/core';
import { seedFor } from './seeds.js';
import type { Task, TaskResult } from './tasks.js';

export const FIGURE_IDS = ['fig3', 'fig4', 'fig5', 'fig6', 'fig7', 'fig8', 'printed'] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** Sweep grids (paper Sec. VI: M = 40 when N varies, N = 35 when M varies). */
export const SETTINGS = {
  fixedM: 40,
  fixedN: 35,
  nSweep: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70],
  mSweep: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70],
  alphas: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  /** Fig. 6 user scales (N, M). */
  scales: [
    [10, 12],
    [20, 23],
    [35, 40],
    [50, 57],
    [70, 80],
  ] as const,
  traceAlphas: [0.3, 0.5],
  traceRounds: 12,
  printedN: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
} as const;

export interface PlannedTask {
  /** Identifies the point (without the run): results of one key are aggregated over runs. */
  readonly key: string;
  readonly run: number;
  readonly task: Task;
}

export const scaleKey = (n: number, m: number): string => `scale:${n}:${m}`;

function scalePoints(): [number, number][] {
  return [
    ...SETTINGS.nSweep.map((n) => [n, SETTINGS.fixedM] as [number, number]),
    ...SETTINGS.mSweep.map((m) => [SETTINGS.fixedN, m] as [number, number]),
  ];
}

function alphaPoints(id: FigureId): [number, number][] {
  return id === 'fig4' ? [[SETTINGS.fixedN, SETTINGS.fixedM]] : SETTINGS.scales.map(([n, m]) => [n, m]);
}

/** Tasks for the given figures, deduplicated by key (fig3, fig7 and fig8 share their markets). */
export function planTasks(ids: readonly FigureId[], runs: number, seed: number): PlannedTask[] {
  if (!Number.isInteger(runs) || runs < 1)
    throw new LeagError('EXPERIMENT_RUNS', `runs must be a positive whole number, got ${runs}`);
  const keys = new Map<string, (run: number) => Task>();
  for (const id of ids) {
    if (id === 'fig3' || id === 'fig7' || id === 'fig8') {
      for (const [n, m] of scalePoints())
        keys.set(scaleKey(n, m), (run) => ({ kind: 'scale', n, m, seed: seedFor(seed, run, scaleKey(n, m)) }));
    } else if (id === 'fig4' || id === 'fig6') {
      for (const [n, m] of alphaPoints(id)) {
        for (const alpha of SETTINGS.alphas) {
          keys.set(`alpha:${n}:${m}:${alpha}`, (run) => ({
            kind: 'alpha',
            n,
            m,
            alpha,
            seed: seedFor(seed, run, scaleKey(n, m)),
          }));
        }
      }
    } else if (id === 'fig5') {
      const [n, m] = [SETTINGS.fixedN, SETTINGS.fixedM];
      for (const alpha of SETTINGS.traceAlphas) {
        keys.set(`trace:${alpha}`, (run) => ({
          kind: 'trace',
          n,
          m,
          alpha,
          rounds: SETTINGS.traceRounds,
          seed: seedFor(seed, run, scaleKey(n, m)),
        }));
      }
    } else if (id === 'printed') {
      for (const n of SETTINGS.printedN) {
        const m = SETTINGS.fixedM;
        keys.set(`printed:${n}:${m}`, (run) => ({
          kind: 'printed',
          n,
          m,
          seed: seedFor(seed, run, `printed:${n}:${m}`),
        }));
      }
    } else {
      throw new LeagError(
        'EXPERIMENT_FIGURE',
        `unknown figure "${id as string}" (known: ${FIGURE_IDS.join(', ')}, all)`,
      );
    }
  }
  const out: PlannedTask[] = [];
  for (let run = 0; run < runs; run++) for (const [key, make] of keys) out.push({ key, run, task: make(run) });
  return out;
}

/** Results grouped by point key, each array indexed by run. */
export type Results = ReadonlyMap<string, readonly TaskResult[]>;

export type { Task, TaskResult };
