/** What a figure holds once computed: panels of series of points with their spread over runs. */

export interface Point {
  readonly x: number;
  readonly mean: number;
  /** Sample standard deviation over the runs (0 with one run). */
  readonly sd: number;
  readonly n: number;
}

export interface Series {
  readonly name: string;
  readonly points: readonly Point[];
  /** Draw error bars (±1 sd). Default true. */
  readonly errorBars?: boolean;
}

export interface Panel {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Force 0 into the y range. */
  readonly yFromZero?: boolean;
}

export interface FigureData {
  readonly id: string;
  readonly title: string;
  readonly panels: readonly Panel[];
}

/** Mean and sample standard deviation. */
export function stats(values: readonly number[]): { mean: number; sd: number; n: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, sd: 0, n };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n };
}

/** The figure as CSV: one row per (panel, series, x). */
export function toCsv(f: FigureData): string {
  const rows = ['figure,panel,series,x,mean,sd,runs'];
  const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  f.panels.forEach((p, k) => {
    for (const s of p.series) {
      for (const pt of s.points)
        rows.push([f.id, String.fromCharCode(97 + k), q(s.name), pt.x, pt.mean, pt.sd, pt.n].join(','));
    }
  });
  return `${rows.join('\n')}\n`;
}
