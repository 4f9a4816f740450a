import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { clearMarket, generateMarket, runAuction } from '../src/index.js';
import { runs } from './support/arb.js';

const price = fc.integer({ min: 600_000, max: 1_000_000 }).map((x) => x / 1e6);
const pairArb = fc
  .record({ a: price, b: price, c: price, d: price, k: fc.constantFrom(0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 1) })
  .map(({ a, b, c, d, k }) => {
    // a compatible pair: r^min ≤ p^max; p ∈ [0.6, p^max], r ∈ [r^min, 1]
    const [rMin, pMax] = a <= b ? [a, b] : [b, a];
    return { x: { price: Math.min(c, pMax), priceMax: pMax, sellPrice: Math.max(d, rMin), priceMin: rMin }, k };
  });

describe('per-pair auction (eq. 29-34)', () => {
  test('every compatible pair closes within the cap at prices r^min ≤ Q ≤ W ≤ p^max', () => {
    fc.assert(
      fc.property(pairArb, ({ x, k }) => {
        const r = runAuction(x, { alpha: k, beta: k, eps2: 0.001, maxRounds: 10_000 });
        assert.ok(r.rounds >= 1 && r.rounds <= 10_000);
        assert.ok(x.priceMin <= r.sell && r.sell <= r.buy && r.buy <= x.priceMax, JSON.stringify({ x, r }));
        if (x.priceMax > x.priceMin + 1e-6 && k >= 0.3) assert.equal(r.close, 'converged');
      }),
      { numRuns: runs(5000, 100_000) },
    );
  });

  test('p^max = r^min cannot cross: the pair closes at that single price', () => {
    const r = runAuction(
      { price: 0.7, priceMax: 0.8, sellPrice: 0.9, priceMin: 0.8 },
      { alpha: 0.5, beta: 0.5, eps2: 0.001, maxRounds: 10_000 },
    );
    assert.equal(r.buy, 0.8);
    assert.equal(r.sell, 0.8);
    assert.ok(r.close === 'stalled' || r.close === 'converged');
  });

  test('the round cap ends a slow auction at a price inside both limits', () => {
    const r = runAuction(
      { price: 0.6, priceMax: 0.9, sellPrice: 1, priceMin: 0.7 },
      { alpha: 0.001, beta: 0.001, eps2: 0.001, maxRounds: 5 },
    );
    assert.equal(r.rounds, 5);
    assert.equal(r.close, 'cap');
    assert.ok(r.buy === r.sell && r.buy >= 0.7 && r.buy <= 0.9);
  });

  test('larger α = β: fewer rounds and a larger PMA on paper-sized markets (Fig. 4, 6)', () => {
    for (const seed of [1, 2, 3]) {
      const m = generateMarket({ buyers: 35, sellers: 40, seed });
      const at = (k: number) => clearMarket({ ...m, params: { alpha: k, beta: k } }).figures;
      const f = [0.1, 0.3, 0.5, 0.7, 0.9].map(at);
      for (let i = 1; i < f.length; i++) {
        assert.ok(f[i]!.meanRounds < f[i - 1]!.meanRounds, `rounds fall with α (seed ${seed})`);
        assert.ok(f[i]!.pma > f[i - 1]!.pma, `PMA grows with α (seed ${seed})`);
      }
    }
  });
});
