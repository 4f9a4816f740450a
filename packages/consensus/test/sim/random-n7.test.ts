import { describe, test } from 'node:test';
import { runSeeds, seedsFor } from './random-runner.js';

describe('random fault profiles, 7 validators', () => {
  const seeds = seedsFor(7, 50, 1000);
  test(`${seeds.length} seeds keep every invariant and stay live after the faults heal`, () => runSeeds(7, seeds));
});
