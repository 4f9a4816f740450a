import { describe, test } from 'node:test';
import { runSeeds, seedsFor } from './random-runner.js';

describe('random fault profiles, 5 validators', () => {
  const seeds = seedsFor(5, 70, 1500);
  test(`${seeds.length} seeds keep every invariant and stay live after the faults heal`, () => runSeeds(5, seeds));
});
