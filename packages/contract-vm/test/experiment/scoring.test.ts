import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  clearMarket,
  clearVariant,
  compareAlgorithms,
  generateMarket,
  metricMarket,
  OVERLAP_PRICES,
  resolveParams,
  runEta,
  runIda,
  scoreAllocation,
  toBaselineMarket,
} from '../../src/index.js';

const near = (a: number, b: number): void =>
  assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe('one scoring path for all three algorithms', () => {
  const market = generateMarket({ buyers: 20, sellers: 25, seed: 3 });
  const p = resolveParams(market.params);
  const c = compareAlgorithms(market);

  test('each algorithm is scored by metrics.ts scoreAllocation on its own trades', () => {
    const mm = metricMarket(market);
    assert.deepEqual(c.ida, scoreAllocation(mm, p, runIda(toBaselineMarket(market)).trades));
    assert.deepEqual(c.eta, scoreAllocation(mm, p, runEta(toBaselineMarket(market)).trades));
    const babg = clearMarket(market);
    assert.deepEqual(c.babg, scoreAllocation(mm, p, babg.pairs));
    // and it is the contract's own reported welfare and CP (summed in another order: to the ulp)
    near(c.babg.socialWelfare, babg.figures.socialWelfare);
    near(c.babg.costPerformance, babg.figures.costPerformance);
  });

  test('BABG, the exact SWM2 optimum, is never below IDA or ETA on a feasible market', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = compareAlgorithms(generateMarket({ buyers: 25, sellers: 30, seed }));
      assert.ok(
        r.babg.socialWelfare >= r.ida.socialWelfare - 1e-9,
        `seed ${seed}: ${r.babg.socialWelfare} < IDA ${r.ida.socialWelfare}`,
      );
      assert.ok(
        r.babg.socialWelfare >= r.eta.socialWelfare - 1e-9,
        `seed ${seed}: ${r.babg.socialWelfare} < ETA ${r.eta.socialWelfare}`,
      );
    }
  });
});

describe('BABG as built vs as printed', () => {
  test("on the paper's compatible markets the printed admission changes nothing", () => {
    const m = generateMarket({ buyers: 20, sellers: 25, seed: 9 });
    const built = clearVariant(m, { admission: 'built', feasibility: 'built' });
    assert.deepEqual(clearVariant(m, { admission: 'printed', feasibility: 'built' }), built);
    // and the built variant is exactly the contract
    near(built.socialWelfare, clearMarket(m).figures.socialWelfare);
  });

  test('printed feasibility: an infeasible market trades nothing; the contract drops buyers and trades', () => {
    const m = generateMarket({ buyers: 40, sellers: 10, seed: 4 });
    const printed = clearVariant(m, { admission: 'built', feasibility: 'printed' });
    assert.equal(printed.volumeBought, 0);
    assert.ok(clearVariant(m, { admission: 'built', feasibility: 'built' }).volumeBought > 0);
  });

  test('printed admission on overlapping price ranges: incompatible pairs do not close', () => {
    const m = generateMarket({ buyers: 30, sellers: 30, seed: 2, ...OVERLAP_PRICES });
    const built = clearVariant(m, { admission: 'built', feasibility: 'built' });
    const printed = clearVariant(m, { admission: 'printed', feasibility: 'built' });
    assert.ok(printed.volumeBought !== built.volumeBought);
  });
});
