/**
 * Sustained load for `durationS` seconds at a fixed offered rate, as consecutive load steps (each
 * signs its orders ahead, then sends for `stepS`), sampling every node's resident set size once a
 * second. Start and end RSS are each node's mean over the first 60 s after `warmS` and over the
 * last 60 s (about 60 samples each, so the GC sawtooth averages out; the floors, lowest samples,
 * are reported too). Flat = every node's end/start mean ratio within ±10 %. Latency: the quantiles
 * of every order of the run pooled (the sustained p99), and each step's p99. Between steps the EVs
 * merge the coins they received (net.consolidate), so the UTXO set, which a node holds in memory,
 * stays about the same size and the RSS measures the node, not the set's growth.
 */
import { runStep, type StepResult } from './load.js';
import type { BenchNet } from './net.js';
import type { LoadEv } from './orders.js';
import { log, median, quantile, round } from './stats.js';
import type { CommitTracker } from './tracker.js';

export interface MemoryResult {
  nodes: number;
  offeredPerSec: number;
  durationS: number;
  /** Seconds spent sending (the rest is signing the next step's orders and draining). */
  loadedS: number;
  samples: { tS: number; rssMiB: (number | null)[] }[];
  /** Mean RSS per node over the first and the last WINDOW_S seconds. */
  startRssMiB: (number | null)[];
  endRssMiB: (number | null)[];
  /** end / start mean per node. */
  growth: (number | null)[];
  /** The ratio farthest from 1. */
  maxGrowth: number | null;
  /** Lowest sample per node over the same two spans, and their ratio. */
  startFloorMiB: (number | null)[];
  endFloorMiB: (number | null)[];
  floorGrowth: (number | null)[];
  flatWithin10Percent: boolean;
  /** Consolidating Transfers the EVs sent between steps (net.consolidate). */
  walletMerges: number;
  committed: number;
  lost: number;
  stepP99Ms: number[];
  /** Quantiles over every committed order of the run. */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  medianP99Ms: number;
  medianP50Ms: number;
  medianAchievedPerSec: number;
}

/** Seconds over which the start and end RSS are taken. */
const WINDOW_S = 60;
const SAMPLE_MS = 1000;

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
  const lat: number[] = [];
  let merges = 0;
  // the wallets start tidy: the load steps before this run left their payments and refunds
  merges += await net.consolidate(evs, { waitCommitted: true });
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  try {
    while (Date.now() - t0 < o.durationS * 1000) {
      const left = o.durationS - (Date.now() - t0) / 1000;
      const stepS = Math.max(5, Math.min(o.stepS, Math.round(left)));
      log(
        `memory run: ${Math.round((Date.now() - t0) / 1000)} s of ${o.durationS} s, step of ${stepS} s at ${o.rate}/s`,
      );
      steps.push(
        await runStep(net, tracker, evs, {
          rate: o.rate,
          durationS: stepS,
          warmS: 2,
          drainS: 10,
          batch: o.batch,
          onLatencies: (ms) => {
            for (const x of ms) lat.push(x);
          },
        }),
      );
      merges += await net.consolidate(evs);
    }
  } finally {
    clearInterval(timer);
  }
  sample();
  // RSS saws up and down with V8's garbage collections (100 MiB and more at this load), so one sample
  // against another compares GC phases; start and end are means over WINDOW_S seconds of 1 s samples
  const later = samples.filter((s) => s.tS >= o.warmS);
  const tEnd = samples[samples.length - 1]!.tS;
  const per = (ss: typeof samples, f: (v: number[]) => number) =>
    (ss[0] ?? samples[0])!.rssMiB.map((_, i) => {
      const v = ss.map((s) => s.rssMiB[i]).filter((x): x is number => typeof x === 'number');
      return v.length === 0 ? null : round(f(v), 1);
    });
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const min = (v: number[]) => Math.min(...v);
  const first = later.filter((s) => s.tS <= o.warmS + WINDOW_S);
  const last = samples.filter((s) => s.tS >= tEnd - WINDOW_S);
  const ratio = (a: (number | null)[], b: (number | null)[]) =>
    a.map((s, i) => {
      const e = b[i];
      return s === null || e === null || e === undefined ? null : round(e / s, 3);
    });
  const start = per(first, mean);
  const end = per(last, mean);
  const startFloor = per(first, min);
  const endFloor = per(last, min);
  const growth = ratio(start, end);
  const known = growth.filter((g): g is number => g !== null);
  const maxGrowth = known.length === 0 ? null : known.reduce((w, g) => (Math.abs(g - 1) > Math.abs(w - 1) ? g : w), 1);
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
    startFloorMiB: startFloor,
    endFloorMiB: endFloor,
    floorGrowth: ratio(startFloor, endFloor),
    flatWithin10Percent: maxGrowth !== null && Math.abs(maxGrowth - 1) <= 0.1,
    walletMerges: merges,
    committed: steps.reduce((s, r) => s + r.committed, 0),
    lost: steps.reduce((s, r) => s + r.lost, 0),
    stepP99Ms: steps.map((r) => r.latencyMs.p99),
    latencyMs: { p50: quantile(lat, 0.5), p90: quantile(lat, 0.9), p99: quantile(lat, 0.99), max: quantile(lat, 1) },
    medianP99Ms: median(steps.map((r) => r.latencyMs.p99)),
    medianP50Ms: median(steps.map((r) => r.latencyMs.p50)),
    medianAchievedPerSec: median(steps.map((r) => r.achievedPerSec)),
  };
}
