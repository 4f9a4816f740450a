/**
 * A fault profile: everything random about one simulated run, derived from its seed. A failing
 * run prints its seed and profile; LEAG_SIM_SEED (and LEAG_SIM_N) replay it.
 */
import { Prng } from './prng.js';

export type ByzantineKind = 'silent' | 'equivocate' | 'doubleVote' | 'invalid' | 'storm' | 'replay' | 'collude';

export const BYZANTINE_KINDS: readonly ByzantineKind[] = [
  'silent',
  'equivocate',
  'doubleVote',
  'invalid',
  'storm',
  'replay',
];

export interface Partition {
  start: number;
  end: number;
  /** Group index of every node; messages cross groups only outside [start, end). */
  groups: number[];
}

export interface Crash {
  node: number;
  at: number;
  restartAt: number;
  /** Crash in the middle of carrying out a list of actions (a "fail point" at a persist step). */
  midActions: boolean;
}

export interface FaultProfile {
  seed: number;
  n: number;
  f: number;
  weighted: boolean;
  byzantine: Record<number, ByzantineKind>;
  /** Loss rate, in force until dropUntil (loss is a fault that heals like the others). */
  drop: number;
  dropUntil: number;
  duplicate: number;
  delayMin: number;
  delayMax: number;
  partitions: Partition[];
  crashes: Crash[];
  /** Blocks every honest node must reach after the faults heal. */
  targetHeight: number;
  /** Simulated ms allowed after the last fault heals. */
  livenessWindow: number;
  checkpointInterval: number;
  viewTimeoutMs: number;
  /** Validators whose links are slow: every message from or to them takes slowExtraMs more. */
  slowNodes?: number[];
  slowExtraMs?: number;
}

export function healTime(p: FaultProfile): number {
  let t = p.drop > 0 ? p.dropUntil : 0;
  for (const x of p.partitions) t = Math.max(t, x.end);
  for (const c of p.crashes) t = Math.max(t, c.restartAt);
  return t;
}

export function baseProfile(seed: number, n: number, f = Math.floor((n - 1) / 3)): FaultProfile {
  return {
    seed,
    n,
    f,
    weighted: true,
    byzantine: {},
    drop: 0,
    dropUntil: 0,
    duplicate: 0,
    delayMin: 1,
    delayMax: 10,
    partitions: [],
    crashes: [],
    targetHeight: 12,
    livenessWindow: 30_000,
    checkpointInterval: 4,
    viewTimeoutMs: 150,
  };
}

/** A random profile within the fault model: at most f byzantine validators, faults that heal. */
export function randomProfile(seed: number, n: number): FaultProfile {
  const r = new Prng(seed ^ 0x5eed);
  const f = n === 7 && r.chance(0.3) ? 1 : Math.floor((n - 1) / 3);
  const p = baseProfile(seed, n, f);
  p.weighted = r.chance(0.8);
  const b = r.int(0, f);
  const ids = r.shuffle(Array.from({ length: n }, (_, i) => i));
  for (let i = 0; i < b; i++) p.byzantine[ids[i]!] = r.pick(BYZANTINE_KINDS);
  const honest = ids.slice(b);
  p.drop = r.chance(0.5) ? r.float() * 0.08 : 0;
  p.dropUntil = p.drop > 0 ? r.int(200, 3000) : 0;
  p.duplicate = r.chance(0.5) ? r.float() * 0.1 : 0;
  p.delayMin = r.int(0, 5);
  p.delayMax = p.delayMin + r.int(1, 40);
  const parts = r.int(0, 2);
  for (let i = 0; i < parts; i++) {
    const start = r.int(0, 2000);
    p.partitions.push({ start, end: start + r.int(100, 1500), groups: Array.from({ length: n }, () => r.int(0, 1)) });
  }
  const crashes = r.int(0, 2);
  for (let i = 0; i < crashes && i < honest.length; i++) {
    const at = r.int(0, 2500);
    p.crashes.push({ node: honest[i]!, at, restartAt: at + r.int(50, 1500), midActions: r.chance(0.5) });
  }
  return p;
}
