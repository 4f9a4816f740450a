import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import { createRng, generateMarket, parseMarket } from '../src/index.js';

describe('seeded market generator (paper Table II)', () => {
  test('the same seed gives the same market; another seed another', () => {
    const a = generateMarket({ buyers: 35, sellers: 40, seed: 7 });
    assert.deepEqual(a, generateMarket({ buyers: 35, sellers: 40, seed: 7 }));
    assert.notDeepEqual(a, generateMarket({ buyers: 35, sellers: 40, seed: 8 }));
  });

  test('draws stay in the paper’s ranges, on the Wh and µ grids, and validate', () => {
    const m = generateMarket({ buyers: 400, sellers: 400, seed: 99 });
    for (const b of m.buyers) {
      assert.ok(b.dMin >= 5 && b.dMin <= 10 && b.dMax >= 12 && b.dMax <= 18);
      assert.ok(b.omega >= 0.5 && b.omega <= 1);
      assert.ok(b.priceMax >= 0.8 && b.priceMax <= 1 && b.price >= 0.6 && b.price <= b.priceMax);
    }
    for (const s of m.sellers) {
      assert.ok(s.sMax >= 10 && s.sMax <= 20 && s.priceMin >= 0.6 && s.priceMin <= 0.8);
      assert.ok(s.price >= s.priceMin && s.price <= 1);
    }
    const parsed = parseMarket(m); // exact: every number is on its unit grid
    assert.equal(parsed.buyers.length, 400);
    const mean = m.buyers.reduce((a, b) => a + b.dMin, 0) / m.buyers.length;
    assert.ok(mean > 7 && mean < 8, `mean d^min ${mean} near 7.5`);
  });

  test('xoshiro128** is uniform enough and reproducible', () => {
    const r = createRng(1);
    const counts = new Array(10).fill(0);
    for (let k = 0; k < 100_000; k++) counts[Math.floor(r.next() * 10)]++;
    for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, `bucket ${c}`);
    assert.equal(createRng(0).nextU32(), createRng(0).nextU32());
    assert.throws(
      () => createRng(-1),
      (e: unknown) => isLeagError(e, 'MARKET_SEED'),
    );
  });

  test('bad options are typed errors', () => {
    assert.throws(
      () => generateMarket({ buyers: -1, sellers: 1, seed: 1 }),
      (e: unknown) => isLeagError(e, 'MARKET_GENERATE'),
    );
    assert.throws(
      () => generateMarket({ buyers: 1, sellers: 1, seed: 1, priceMax: [0.5, 0.9] }),
      (e: unknown) => isLeagError(e, 'MARKET_GENERATE'),
    );
  });
});
