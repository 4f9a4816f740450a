import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scoreAllocation } from '../src/index.js';

const market = {
  buyers: [
    { id: 'b1', dMin: 5, omega: 0.8 },
    { id: 'b2', dMin: 6, omega: 1 },
  ],
  sellers: [{ id: 's1' }, { id: 's2' }, { id: 's3' }],
};
const P = { l1: 0.0025, l2: 0.005 };

describe('figures for any allocation (eq. 5, 35, 36)', () => {
  test('welfare, cost, CP, prices, PMA, rounds, volumes and success rate by hand', () => {
    const f = scoreAllocation(market, P, [
      { buyer: 'b1', seller: 's1', energySold: 10, energyBought: 9, buyPrice: 0.9, sellPrice: 0.8, rounds: 4 },
      { buyer: 'b2', seller: 's1', energySold: 2, energyBought: 1.8, buyPrice: 0.85, sellPrice: 0.75, rounds: 2 },
      { buyer: 'b2', seller: 's2', energySold: 6, energyBought: 5.4, buyPrice: 0.85, sellPrice: 0.75 },
    ]);
    const u = 0.8 * Math.log(9 - 5 + 1) + 1 * Math.log(7.2 - 6 + 1);
    const c = 0.0025 * 144 + 0.005 * 12 + 0.0025 * 36 + 0.005 * 6;
    assert.ok(Math.abs(f.socialWelfare - (u - c)) < 1e-12);
    assert.ok(Math.abs(f.cost - c) < 1e-12);
    assert.ok(Math.abs(f.costPerformance - (u - c) / c) < 1e-12);
    const pBar = (0.9 * 9 + 0.85 * 7.2) / 16.2;
    const rBar = (0.8 * 9 + 0.75 * 7.2) / 16.2;
    assert.ok(Math.abs(f.avgBuyPrice - pBar) < 1e-12 && Math.abs(f.avgSellPrice - rBar) < 1e-12);
    assert.ok(Math.abs(f.pma - (pBar - rBar) / rBar) < 1e-12);
    assert.equal(f.meanRounds, 3);
    assert.equal(f.maxRounds, 4);
    assert.ok(Math.abs(f.volumeBought - 16.2) < 1e-12 && Math.abs(f.volumeSold - 18) < 1e-12);
    assert.equal(f.successRate, 4 / 5);
  });

  test('a buyer below its minimum gets no utility (never a NaN); nothing traded gives zeros', () => {
    const f = scoreAllocation(market, P, [
      { buyer: 'b1', seller: 's1', energySold: 2, energyBought: 1, buyPrice: 0.9, sellPrice: 0.8 },
    ]);
    assert.ok(Math.abs(f.socialWelfare + (0.0025 * 4 + 0.01)) < 1e-12);
    const z = scoreAllocation(market, P, []);
    assert.equal(z.socialWelfare, 0);
    assert.equal(z.costPerformance, 0);
    assert.equal(z.pma, 0);
    assert.equal(z.successRate, 0);
  });
});
