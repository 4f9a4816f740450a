/**
 * Headline numbers beside the paper's claims (Sec. VII): how much higher BABG's welfare and CP are
 * than IDA's and ETA's, as the largest gain over the scale points (the paper's "up to") and at the
 * paper's reference scale N = 35, M = 40. A gain is (mean BABG − mean baseline) / mean baseline,
 * taken only where the baseline's mean is positive.
 */

import { stats } from './figure-data.js';
import type { Results } from './figures.js';
import { SETTINGS } from './figures.js';

export const PAPER_CLAIMS = { welfareVsIda: 0.664, welfareVsEta: 1.028, cpVsIda: 1.007, cpVsEta: 3.19 } as const;

export interface Gain {
  /** Largest gain over the scale points, with the point where it occurs. */
  readonly max: number;
  readonly at: string;
  /** Gain at N = 35, M = 40. */
  readonly reference: number;
}

export interface Headline {
  readonly welfareVsIda: Gain;
  readonly welfareVsEta: Gain;
  readonly cpVsIda: Gain;
  readonly cpVsEta: Gain;
  /** Share of IDA runs that met the stop rule before the round cap. */
  readonly idaConvergedShare: number;
  readonly paper: typeof PAPER_CLAIMS;
}

function gain(r: Results, field: string, base: string): Gain {
  let max = Number.NEGATIVE_INFINITY;
  let at = '';
  let reference = Number.NaN;
  for (const [key, rows] of r) {
    if (!key.startsWith('scale:')) continue;
    const a = stats(rows.map((x) => x[`babg.${field}`] as number)).mean;
    const b = stats(rows.map((x) => x[`${base}.${field}`] as number)).mean;
    if (!(b > 0)) continue;
    const g = (a - b) / b;
    const [, n, m] = key.split(':');
    if (g > max) {
      max = g;
      at = `N = ${n}, M = ${m}`;
    }
    if (Number(n) === SETTINGS.fixedN && Number(m) === SETTINGS.fixedM) reference = g;
  }
  return { max, at, reference };
}

export function headline(r: Results): Headline {
  let conv = 0;
  let all = 0;
  for (const [key, rows] of r) {
    if (!key.startsWith('scale:')) continue;
    for (const x of rows) {
      conv += x.idaConverged as number;
      all++;
    }
  }
  return {
    welfareVsIda: gain(r, 'welfare', 'ida'),
    welfareVsEta: gain(r, 'welfare', 'eta'),
    cpVsIda: gain(r, 'cp', 'ida'),
    cpVsEta: gain(r, 'cp', 'eta'),
    idaConvergedShare: all > 0 ? conv / all : Number.NaN,
    paper: PAPER_CLAIMS,
  };
}
