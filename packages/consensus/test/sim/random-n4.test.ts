import { describe, test } from 'node:test';
import { runSeeds, seedsFor } from './random-runner.js';

describe('random fault profiles, 4 validators', () => {
  const seeds = seedsFor(4, 80, 2000);
  test(`${seeds.length} seeds keep every invariant and stay live after the faults heal`, () => runSeeds(4, seeds));
});
