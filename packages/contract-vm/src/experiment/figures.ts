/**
 * The paper's Sec. VI figures (and the as-built vs as-printed comparison) as experiment plans:
 * which tasks to run, and how their results become a FigureData. Settings chosen where the paper
 * is silent are documented in docs/paper-reproduction.md.
 */
import { LeagError } from '@leag/core';
import { type FigureData, type Panel, type Series, stats } from './figure-data.js';
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

const scaleKey = (n: number, m: number): string => `scale:${n}:${m}`;

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

function series(
  name: string,
  xs: readonly number[],
  keyOf: (x: number) => string,
  field: string,
  r: Results,
  errorBars = true,
  fieldOf: (x: number) => string = () => field,
): Series {
  const points = xs.map((x) => {
    const rows = r.get(keyOf(x));
    if (!rows) throw new LeagError('EXPERIMENT_RESULTS', `no results for ${keyOf(x)}`);
    const s = stats(rows.map((row) => row[fieldOf(x)] as number));
    return { x, ...s };
  });
  return { name, points, errorBars };
}

const ALGS = [
  ['babg', 'BABG (this contract)'],
  ['ida', 'IDA'],
  ['eta', 'ETA (reading)'],
] as const;

function byScale(field: string, yLabel: string, r: Results, titles: [string, string]): Panel[] {
  const { fixedM, fixedN, nSweep, mSweep } = SETTINGS;
  return [
    {
      title: titles[0],
      xLabel: 'number of charging EVs N',
      yLabel,
      series: ALGS.map(([k, name]) => series(name, nSweep, (n) => scaleKey(n, fixedM), `${k}.${field}`, r)),
    },
    {
      title: titles[1],
      xLabel: 'number of discharging EVs M',
      yLabel,
      series: ALGS.map(([k, name]) => series(name, mSweep, (m) => scaleKey(fixedN, m), `${k}.${field}`, r)),
    },
  ];
}

export function buildFigure(id: FigureId, r: Results): FigureData {
  const { fixedM, fixedN } = SETTINGS;
  switch (id) {
    case 'fig3':
      return {
        id,
        title: 'Fig. 3: social welfare (eq. 5)',
        panels: byScale('welfare', 'social welfare', r, [
          `(a) M = ${fixedM} discharging EVs`,
          `(b) N = ${fixedN} charging EVs`,
        ]),
      };
    case 'fig7':
      return {
        id,
        title: 'Fig. 7: total traded volume (delivered)',
        panels: byScale('volume', 'volume (kWh)', r, [
          `(b) M = ${fixedM} discharging EVs`,
          `(a) N = ${fixedN} charging EVs`,
        ]).reverse() as Panel[],
      };
    case 'fig8':
      return {
        id,
        title: 'Fig. 8: cost performance CP (eq. 36)',
        panels: byScale('cp', 'CP = welfare / cost', r, [
          `(b) M = ${fixedM} discharging EVs`,
          `(a) N = ${fixedN} charging EVs`,
        ]).reverse() as Panel[],
      };
    case 'fig4': {
      const key = (a: number): string => `alpha:${fixedN}:${fixedM}:${a}`;
      const xs = SETTINGS.alphas;
      return {
        id,
        title: `Fig. 4: effect of the price adjustment coefficient (N = ${fixedN}, M = ${fixedM})`,
        panels: [
          {
            title: '(a) average price',
            xLabel: 'α = β',
            yLabel: 'price (yuan/kWh)',
            series: [series('buy price p̄ (W)', xs, key, 'buy', r), series('sell price r̄ (Q)', xs, key, 'sell', r)],
          },
          {
            title: '(b) number of auctions',
            xLabel: 'α = β',
            yLabel: 'mean auction rounds per pair',
            series: [series('BABG', xs, key, 'rounds', r)],
            yFromZero: true,
          },
        ],
      };
    }
    case 'fig5': {
      const rounds = Array.from({ length: SETTINGS.traceRounds }, (_, k) => k + 1);
      return {
        id,
        title: `Fig. 5: average bids per auction round (N = ${fixedN}, M = ${fixedM})`,
        panels: SETTINGS.traceAlphas.map((a, k) => ({
          title: `(${String.fromCharCode(97 + k)}) α = β = ${a}`,
          xLabel: 'auction round',
          yLabel: 'price (yuan/kWh)',
          series: [traceSeries('buy bid W', a, 'buy', rounds, r), traceSeries('sell bid Q', a, 'sell', rounds, r)],
        })),
      };
    }
    case 'fig6': {
      const xs = SETTINGS.alphas;
      return {
        id,
        title: 'Fig. 6: PMA (eq. 35) at various user scales',
        panels: [
          {
            title: 'PMA vs α = β',
            xLabel: 'α = β',
            yLabel: 'PMA (p̄ − r̄) / r̄',
            series: SETTINGS.scales.map(([n, m]) =>
              series(`N = ${n}, M = ${m}`, xs, (a) => `alpha:${n}:${m}:${a}`, 'pma', r),
            ),
            yFromZero: true,
          },
        ],
      };
    }
    case 'printed': {
      const xs = SETTINGS.printedN;
      const key = (n: number): string => `printed:${n}:${fixedM}`;
      const variants = [
        ['AF', 'as built (band price + drop rule)'],
        ['aF', 'printed admission (no band price)'],
        ['Af', 'printed feasibility (no drop rule)'],
        ['af', 'as printed (both)'],
      ] as const;
      const panel = (field: string, yLabel: string, title: string): Panel => ({
        title,
        xLabel: 'number of charging EVs N',
        yLabel,
        series: variants.map(([k, name]) => series(name, xs, key, `${k}.${field}`, r)),
      });
      return {
        id,
        title: `BABG as built vs as printed (M = ${fixedM}; p^max, r^min ~ U[0.6, 1.0])`,
        panels: [
          panel('welfare', 'social welfare', '(a) social welfare'),
          panel('success', 'matched orders / orders', '(b) transaction success rate'),
        ],
      };
    }
  }
}

function traceSeries(name: string, alpha: number, side: 'buy' | 'sell', rounds: readonly number[], r: Results): Series {
  return series(
    name,
    rounds,
    () => `trace:${alpha}`,
    side,
    r,
    true,
    (t) => `${side}.${t}`,
  );
}

export type { Task, TaskResult };
