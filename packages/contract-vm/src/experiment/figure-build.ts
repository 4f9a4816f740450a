/**
 * Turns grouped task results into the figures' data: which series each panel shows, from which
 * result fields, with mean and spread over the runs.
 */
import { LeagError } from '@leag/core';
import { type FigureData, type Panel, type Series, stats } from './figure-data.js';
import { type FigureId, type Results, SETTINGS, scaleKey } from './figures.js';

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
