/**
 * Sustained load for `durationS` seconds at a fixed offered rate, as consecutive load steps (each
 * signs its orders ahead, then sends for `stepS`), sampling every node's resident set size. Start
 * and end RSS are each node's lowest sample in the first 60 s after `warmS` and in the last 60 s
 * (post-collection floors: see below). Also reports the order-to-finality
 * latency of each step (the median of the steps' p99 is the sustained p99).
 */
import { runStep, type StepResult } from './load.js';
import type { BenchNet } from './net.js';
import type { LoadEv } from './orders.js';
import { log, median, round } from './stats.js';
import type { CommitTracker } from './tracker.js';

export interface MemoryResult {
  nodes: number;
  offeredPerSec: number;
  durationS: number;
  /** Seconds spent sending (the rest is signing the next step's orders and draining). */
  loadedS: number;
  samples: { tS: number; rssMiB: (number | null)[] }[];
  startRssMiB: (number | null)[];
  endRssMiB: (number | null)[];
  /** end / start per node. */
  growth: (number | null)[];
  maxGrowth: number | null;
  flatWithin10Percent: boolean;
  committed: number;
  lost: number;
  stepP99Ms: number[];
  medianP99Ms: number;
  medianP50Ms: number;
  medianAchievedPerSec: number;
}

/** Seconds over which the start and end RSS floors are taken. */
const FLOOR_S = 60;

export async function sustained(
  net: BenchNet,
  tracker: CommitTracker,
  evs: LoadEv[],
  o: { rate: number; durationS: number; stepS: number; warmS: number; batch?: number },
): Promise<MemoryResult> {
  const t0 = Date.now();
  const samples: MemoryResult['samples'] = [];
  const sample = () => samples.push({ tS: round((Date.now() - t0) / 1000, 1), rssMiB: net.rssMiB() });
  const steps: StepResult[] = [];
  sample();
  while (Date.now() - t0 < o.durationS * 1000) {
    const left = o.durationS - (Date.now() - t0) / 1000;
    const stepS = Math.max(5, Math.min(o.stepS, Math.round(left)));
    log(`memory run: ${Math.round((Date.now() - t0) / 1000)} s of ${o.durationS} s, step of ${stepS} s at ${o.rate}/s`);
    steps.push(
      await runStep(net, tracker, evs, {
        rate: o.rate,
        durationS: stepS,
        warmS: 2,
        drainS: 10,
        onTick: sample,
        batch: o.batch,
      }),
    );
    sample();
  }
  // RSS saws up and down with V8's garbage collections (100 MiB and more at this load), so one sample
  // against another compares GC phases; "start" and "end" are each node's floor (lowest sample) over
  // the first and the last FLOOR_S seconds after warm-up: what the node holds after a collection
  const later = samples.filter((s) => s.tS >= o.warmS);
  const tEnd = samples[samples.length - 1]!.tS;
  const floor = (ss: typeof samples) =>
    (ss[0] ?? samples[0])!.rssMiB.map((_, i) => {
      const v = ss.map((s) => s.rssMiB[i]).filter((x): x is number => typeof x === 'number');
      return v.length === 0 ? null : Math.min(...v);
    });
  const start = floor(later.filter((s) => s.tS <= o.warmS + FLOOR_S));
  const end = floor(samples.filter((s) => s.tS >= tEnd - FLOOR_S));
  const growth = start.map((s, i) => {
    const e = end[i];
    return s === null || e === null || e === undefined ? null : round(e / s, 3);
  });
  const known = growth.filter((g): g is number => g !== null);
  const maxGrowth = known.length === 0 ? null : Math.max(...known);
  return {
    nodes: net.size,
    offeredPerSec: o.rate,
    durationS: round((Date.now() - t0) / 1000, 1),
    loadedS: steps.reduce((s, r) => s + r.durationS, 0),
    samples,
    startRssMiB: start,
    endRssMiB: end,
    growth,
    maxGrowth,
    flatWithin10Percent: maxGrowth !== null && maxGrowth <= 1.1,
    committed: steps.reduce((s, r) => s + r.committed, 0),
    lost: steps.reduce((s, r) => s + r.lost, 0),
    stepP99Ms: steps.map((r) => r.latencyMs.p99),
    medianP99Ms: median(steps.map((r) => r.latencyMs.p99)),
    medianP50Ms: median(steps.map((r) => r.latencyMs.p50)),
    medianAchievedPerSec: median(steps.map((r) => r.achievedPerSec)),
  };
}
