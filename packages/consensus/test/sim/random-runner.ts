/**
 * Shared driver of the randomized simulation suites: runs many seeds for one validator count and
 * fails with the seed and its fault profile, replayable with LEAG_SIM_SEED=<seed> (and LEAG_SIM_N).
 */
import assert from 'node:assert/strict';
import { randomProfile, runProfile } from '../../src/sim/index.js';

export function seedsFor(n: number, defaultCount: number, longCount: number): number[] {
  const only = process.env.LEAG_SIM_SEED;
  if (only !== undefined) {
    const wantN = process.env.LEAG_SIM_N;
    return wantN !== undefined && Number(wantN) !== n ? [] : [Number(only)];
  }
  const count = process.env.LEAG_TEST_LONG === '1' ? longCount : defaultCount;
  const base = Number(process.env.LEAG_SIM_BASE ?? 1);
  return Array.from({ length: count }, (_, i) => base + i);
}

export function runSeeds(n: number, seeds: number[]): void {
  const failures: string[] = [];
  for (const seed of seeds) {
    const r = runProfile(randomProfile(seed, n));
    if (!r.ok) failures.push(`seed ${seed} (n = ${n}) failed: ${r.violations.join('; ')}\n  replay: ${r.replay}`);
  }
  assert.deepEqual(failures, [], failures.join('\n'));
}
