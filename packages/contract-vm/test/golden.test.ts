import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clearMarket, createRng, runAuction, settlementHash } from '../src/index.js';

const PAIR = { price: 0.7, priceMax: 0.95, sellPrice: 0.9, priceMin: 0.7 };
const close = (a: number, b: number, tol = 5e-8): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('worked example of design/babg.md §4', () => {
  for (const [alpha, rounds, w, q] of [
    [0.5, 4, 0.8412037, 0.8050926],
    [0.3, 6, 0.8275016, 0.8209174],
    [0.9, 3, 0.8722222, 0.7755556],
  ] as const) {
    test(`α = β = ${alpha} closes in round ${rounds} at W = ${w}, Q = ${q}`, () => {
      const r = runAuction(PAIR, { alpha, beta: alpha, eps2: 0.001, maxRounds: 10_000 });
      assert.equal(r.rounds, rounds);
      assert.equal(r.close, 'converged');
      close(r.buy, w);
      close(r.sell, q);
    });
  }

  test('the first round is W = 0.7208333, Q = 0.8958333 and rounds are observable', () => {
    const seen: [number, number, number][] = [];
    runAuction(PAIR, { alpha: 0.5, beta: 0.5, eps2: 0.001, maxRounds: 10_000 }, (t, w, q) => seen.push([t, w, q]));
    assert.equal(seen.length, 4);
    close(seen[0]![1], 0.7208333);
    close(seen[0]![2], 0.8958333);
    assert.deepEqual(seen[2]!.slice(1), seen[3]!.slice(1)); // crossed bids are kept, then close
  });

  test('the one-pair market of babg.md §9 settles at those prices', () => {
    const r = clearMarket({
      buyers: [{ id: 'b1', dMin: 5, dMax: 12, omega: 0.8, price: 0.7, priceMax: 0.95 }],
      sellers: [{ id: 's1', sMax: 15, price: 0.9, priceMin: 0.7 }],
    });
    const s = r.settlement;
    assert.equal(s.bandPrice, 700_000n);
    assert.equal(s.pairs.length, 1);
    const p = s.pairs[0]!;
    assert.equal(p.buyPrice, 841_204n);
    assert.equal(p.sellPrice, 805_093n);
    assert.equal(p.rounds, 4);
    // λ = ω/(d − dMin + 1) with d = 12 at dMax (ω/8 = 0.1 > marginal cost), sellers supply 12/0.9 kWh
    assert.equal(r.allocation.buyers[0]!.d, 12);
    close(r.allocation.sellers[0]!.s, 12 / 0.9, 1e-9);
    assert.equal(p.energyBoughtWh, 12_000n);
    assert.equal(p.energySoldWh, 13_334n);
    assert.equal(p.buyerPays, (841_204n * 12_000n) / 1000n);
    assert.equal(s.margin, p.buyerPays - p.sellerGets);
    assert.deepEqual(s.refunds, [{ order: 'b1', amount: (950_000n * 12_000n) / 1000n - p.buyerPays }]);
    assert.match(settlementHash(s), /^[0-9a-f]{64}$/);
  });
});

describe('price rounding fast path', () => {
  test('agrees with the exact half-to-even conversion, ties included', async () => {
    const { priceToMicro } = await import('@leag/core');
    const { priceMicro } = await import('../src/contract/rounding.js');
    const rng = createRng(11);
    const xs = [0.8412037037037037, 0.0000005, 0.0000015, 0.0000025, 0.6, 1, 0.7000005, 0.9999995, 999.9999995];
    for (let k = 0; k < 20_000; k++) xs.push((k * 7919) / 1e7, (k + 0.5) / 1e6, rng.next());
    for (const x of xs) assert.equal(priceMicro(x), priceToMicro(x), String(x));
  });
});
