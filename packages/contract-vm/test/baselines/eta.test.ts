import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import { type BaselineMarket, etaBids, generateMarket, resolveParams, runEta, runIda } from '../../src/index.js';

const params = resolveParams({});

describe('ETA reading: one-shot k = 1/2 double auction', () => {
  // Hand-made market; mean r^min = 0.7, mean p^max = 0.9.
  const market: BaselineMarket = {
    params,
    buyers: [
      { id: 'b1', dMin: 5, dMax: 12, omega: 1, price: 0.9, priceMax: 0.95 },
      { id: 'b2', dMin: 5, dMax: 10, omega: 1, price: 0.8, priceMax: 0.9 },
      { id: 'b3', dMin: 8, dMax: 14, omega: 1, price: 0.6, priceMax: 0.85 },
    ],
    sellers: [
      { id: 's1', sMax: 10, price: 0.7, priceMin: 0.65 },
      { id: 's2', sMax: 20, price: 0.9, priceMin: 0.75 },
    ],
  };
  const W = (p: number, pMax: number): number => (2 / 3) * p + 0.25 * 0.7 + pMax / 12;
  const Q = (r: number, rMin: number): number => (2 / 3) * r + 0.25 * 0.9 + rMin / 12;

  test('bids are eq. (29)-(30) against the market means, sorted bids down and asks up', () => {
    const { bids, asks } = etaBids(market);
    assert.deepEqual(
      bids.map((b) => b.id),
      ['b1', 'b2', 'b3'],
    );
    assert.ok(Math.abs((bids[0]?.value ?? 0) - W(0.9, 0.95)) < 1e-15);
    assert.deepEqual(
      asks.map((a) => a.id),
      ['s1', 's2'],
    );
    assert.ok(Math.abs((asks[1]?.value ?? 0) - Q(0.9, 0.75)) < 1e-15);
  });

  test('greedy matching while W ≥ Q, at (W + Q) / 2, for min(demand, ρ · supply)', () => {
    const r = runEta(market);
    // W: b1 0.8542, b2 0.7917, b3 0.6458; Q: s1 0.7458, s2 0.8875.
    // b1 takes all of s1 (9 kWh delivered), then s2's ask 0.8875 > b1's bid 0.8542: stop.
    // b1 holds 9 ≥ d^min 5, so it keeps its trade.
    assert.equal(r.trades.length, 1);
    const t = r.trades[0]!;
    assert.equal(t.buyer, 'b1');
    assert.equal(t.seller, 's1');
    assert.ok(Math.abs(t.energyBought - 9) < 1e-12 && Math.abs(t.energySold - 10) < 1e-12);
    assert.ok(Math.abs(t.buyPrice - (W(0.9, 0.95) + Q(0.7, 0.65)) / 2) < 1e-12);
    assert.equal(t.buyPrice, t.sellPrice);
    assert.deepEqual(r.unmatchedBuyers, ['b2', 'b3']);
    assert.deepEqual(r.unmatchedSellers, ['s2']);
  });

  test('a buyer left below its d^min leaves the V2V market and its trades are undone', () => {
    const m2: BaselineMarket = { ...market, buyers: [{ ...market.buyers[0]!, dMin: 9.5 }, ...market.buyers.slice(1)] };
    const r = runEta(m2);
    assert.equal(r.trades.length, 0);
    assert.deepEqual(r.unmatchedSellers, ['s1', 's2']);
  });

  test('on Table II markets: volume never exceeds demand or ρ · supply; every matched pair has W ≥ Q', () => {
    for (const seed of [1, 2, 3, 4]) {
      const g = generateMarket({ buyers: 30, sellers: 25, seed });
      const mk: BaselineMarket = { params, buyers: g.buyers, sellers: g.sellers };
      const r = runEta(mk);
      const { bids, asks } = etaBids(mk);
      const w = new Map(bids.map((b) => [b.id, b.value]));
      const q = new Map(asks.map((a) => [a.id, a.value]));
      const d = new Map<string, number>();
      const s = new Map<string, number>();
      for (const t of r.trades) {
        assert.ok((w.get(t.buyer) ?? 0) >= (q.get(t.seller) ?? 1));
        d.set(t.buyer, (d.get(t.buyer) ?? 0) + t.energyBought);
        s.set(t.seller, (s.get(t.seller) ?? 0) + t.energySold);
      }
      for (const b of g.buyers)
        if (d.has(b.id)) assert.ok(d.get(b.id)! >= b.dMin - 1e-9 && d.get(b.id)! <= b.dMax + 1e-9);
      for (const x of g.sellers) assert.ok((s.get(x.id) ?? 0) <= x.sMax + 1e-9);
    }
  });
});

describe('baseline input validation', () => {
  const good: BaselineMarket = {
    params,
    buyers: [{ id: 'b1', dMin: 5, dMax: 12, omega: 1, price: 0.8, priceMax: 0.9 }],
    sellers: [{ id: 's1', sMax: 10, price: 0.8, priceMin: 0.7 }],
  };
  test('a bad order is a typed error naming the order and field, for ETA and IDA alike', () => {
    const cases: [BaselineMarket, RegExp][] = [
      [{ ...good, buyers: [{ ...good.buyers[0]!, dMin: 13 }] }, /buyer b1: dMin/],
      [{ ...good, buyers: [{ ...good.buyers[0]!, omega: Number.NaN }] }, /buyer b1: omega must be a finite number/],
      [{ ...good, sellers: [{ ...good.sellers[0]!, sMax: 0 }] }, /seller s1: sMax/],
      [{ ...good, sellers: [{ ...good.sellers[0]!, id: 'b1' }] }, /seller b1: id/],
    ];
    for (const [m, re] of cases) {
      assert.throws(
        () => runEta(m),
        (e: unknown) => isLeagError(e, 'MARKET_BASELINE_INPUT') && re.test((e as Error).message),
      );
      assert.throws(
        () => runIda(m),
        (e: unknown) => isLeagError(e, 'MARKET_BASELINE_INPUT') && re.test((e as Error).message),
      );
    }
  });
});
