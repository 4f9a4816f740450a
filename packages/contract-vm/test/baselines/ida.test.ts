import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type BaselineMarket, generateMarket, resolveParams, runIda, solveAuctioneer } from '../../src/index.js';

const LONG = process.env.LEAG_TEST_LONG === '1';

function market(n: number, m: number, seed: number): BaselineMarket {
  const g = generateMarket({ buyers: n, sellers: m, seed });
  return { params: resolveParams({}), buyers: g.buyers, sellers: g.sellers };
}

function totals(trades: readonly { buyer: string; seller: string; energySold: number; energyBought: number }[]) {
  const d = new Map<string, number>();
  const s = new Map<string, number>();
  for (const t of trades) {
    d.set(t.buyer, (d.get(t.buyer) ?? 0) + t.energyBought);
    s.set(t.seller, (s.get(t.seller) ?? 0) + t.energySold);
  }
  return { d, s };
}

describe('IDA auctioneer problem', () => {
  test('solution meets the KKT conditions: x = b/(s + a + ν), bounds, complementary slackness', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 1e9 }),
        (n, m, seed) => {
          let st = seed >>> 0;
          const rnd = (): number => {
            st = (Math.imul(st, 1664525) + 1013904223) >>> 0;
            return st / 2 ** 32;
          };
          const bids = Float64Array.from({ length: n * m }, () => 0.01 + rnd());
          const asks = Float64Array.from({ length: n * m }, () => 0.005 + 0.1 * rnd());
          const rowLo = Float64Array.from({ length: n }, () => 1 + 4 * rnd());
          const rowHi = Float64Array.from(rowLo, (lo) => lo + 1 + 10 * rnd());
          const loSum = rowLo.reduce((a, b) => a + b, 0);
          const colCap = Float64Array.from({ length: m }, () => (loSum / m) * (1.05 + 2 * rnd()));
          const sol = solveAuctioneer({ n, m, bids, asks, rowLo, rowHi, colCap });
          for (let j = 0; j < m; j++) {
            let c = 0;
            for (let i = 0; i < n; i++) c += sol.x[i * m + j] as number;
            assert.ok(c <= (colCap[j] as number) * (1 + 1e-7), `column ${j} over capacity`);
            if ((sol.dual.nu[j] as number) > 1e-9)
              assert.ok(Math.abs(c - (colCap[j] as number)) <= 1e-6 * (colCap[j] as number));
          }
          for (let i = 0; i < n; i++) {
            let r = 0;
            for (let j = 0; j < m; j++) r += sol.x[i * m + j] as number;
            assert.ok(
              r >= (rowLo[i] as number) * (1 - 1e-7) && r <= (rowHi[i] as number) * (1 + 1e-7),
              `row ${i} out of bounds`,
            );
            const a = sol.dual.a[i] as number;
            if (a > 1e-9) assert.ok(Math.abs(r - (rowHi[i] as number)) <= 1e-6 * (rowHi[i] as number));
            if (a < -1e-9) assert.ok(Math.abs(r - (rowLo[i] as number)) <= 1e-6 * (rowLo[i] as number));
          }
        },
      ),
      { numRuns: LONG ? 500 : 60 },
    );
  });
});

describe('IDA (Kang et al. 2017) on BABG markets', () => {
  const mk = market(35, 40, 11);
  const res = runIda(mk);

  test('stops by its rule: at the end every bid is within ε of its best response', () => {
    assert.equal(res.converged, true);
    assert.ok(res.rounds > 1 && res.rounds < 100, `rounds ${res.rounds}`);
    const p = mk.params;
    const { d } = totals(res.trades);
    const byId = new Map(mk.buyers.map((b) => [b.id, b]));
    for (const t of res.trades) {
      if (t.energySold < 1e-6) continue;
      const b = byId.get(t.buyer)!;
      const bid = t.buyPrice * t.energyBought;
      const sto = 20 - b.dMax;
      const br = (3.25 * t.energyBought) / (sto * ((d.get(t.buyer) ?? 0) - b.dMin + 1));
      assert.ok(Math.abs(br - bid) / bid < 0.001 * 1.0001, `buyer ${t.buyer} bid ${bid} vs best response ${br}`);
      // the seller's bid s = 2 l1 d_ji + l2 shows in its receipt s² / (4 l1) per pair
      const s = Math.sqrt(t.sellPrice * t.energyBought * 4 * p.l1);
      const sBr = 2 * p.l1 * t.energySold + p.l2;
      assert.ok(Math.abs(s - sBr) / sBr < 0.001 * 1.0001, `seller ${t.seller} bid ${s} vs ${sBr}`);
    }
  });

  test('a looser ε stops sooner; ε so large that any change passes stops after round 1', () => {
    const loose = runIda(mk, { epsilon: 0.05 });
    assert.ok(loose.rounds < res.rounds);
    assert.equal(runIda(mk, { epsilon: 1e9 }).rounds, 1);
  });

  test('the round cap is honoured and reported', () => {
    const capped = runIda(mk, { maxRounds: 3 });
    assert.equal(capped.rounds, 3);
    assert.equal(capped.converged, false);
  });

  test('allocation respects every bound: d^min ≤ d_i ≤ d^max, Σ_i s_ji ≤ s^max, d_ij = ρ s_ji', () => {
    for (const [n, m, seed] of [
      [35, 40, 11],
      [35, 15, 3],
      [60, 40, 8],
    ] as const) {
      const mm = market(n, m, seed);
      const r = runIda(mm);
      const { d, s } = totals(r.trades);
      for (const b of mm.buyers) {
        if (r.droppedBuyers.includes(b.id)) continue;
        const x = d.get(b.id) ?? 0;
        assert.ok(x >= b.dMin - 1e-6 && x <= b.dMax + 1e-6, `${n}x${m}: buyer ${b.id} gets ${x}`);
      }
      for (const x of mm.sellers) assert.ok((s.get(x.id) ?? 0) <= x.sMax + 1e-6);
      for (const t of r.trades) assert.ok(Math.abs(t.energyBought - 0.9 * t.energySold) < 1e-9);
    }
  });

  test('payments: buyer i pays Σ_j b_ij; seller j receives Σ_i s_ji² / (4 l1) + r_j^min', () => {
    const pay = new Map(res.buyerPayments.map((x) => [x.id, x.amount]));
    const recv = new Map(res.sellerReceipts.map((x) => [x.id, x.amount]));
    const fromTrades = new Map<string, number>();
    const sellerFromTrades = new Map<string, number>();
    for (const t of res.trades) {
      fromTrades.set(t.buyer, (fromTrades.get(t.buyer) ?? 0) + t.buyPrice * t.energyBought);
      sellerFromTrades.set(t.seller, (sellerFromTrades.get(t.seller) ?? 0) + t.sellPrice * t.energyBought);
    }
    for (const b of mk.buyers) {
      const p = pay.get(b.id)!;
      assert.ok(p > 0);
      assert.ok(Math.abs(p - (fromTrades.get(b.id) ?? 0)) <= 1e-9 * Math.max(1, p) + 1e-12 * mk.sellers.length);
    }
    for (const s of mk.sellers) {
      const r = recv.get(s.id)!;
      const pairs = sellerFromTrades.get(s.id) ?? 0;
      assert.ok(Math.abs(r - pairs - s.priceMin) < 1e-6, `seller ${s.id}: ${r} vs ${pairs} + ${s.priceMin}`);
      // s²/(4 l1) ≥ l1 d² + l2 d: the seller's loss is covered
      let cost = 0;
      for (const t of res.trades) if (t.seller === s.id) cost += 0.0025 * t.energySold ** 2 + 0.005 * t.energySold;
      assert.ok(pairs >= cost - 1e-9);
    }
  });

  test('infeasible minimum demand drops buyers by ascending priceMax, as the contract does', () => {
    const mm = market(35, 8, 5);
    const r = runIda(mm);
    assert.ok(r.droppedBuyers.length > 0);
    const kept = mm.buyers.filter((b) => !r.droppedBuyers.includes(b.id));
    const maxDropped = Math.max(...mm.buyers.filter((b) => r.droppedBuyers.includes(b.id)).map((b) => b.priceMax));
    for (const b of kept) assert.ok(b.priceMax >= maxDropped);
  });

  test('bad options are typed errors', () => {
    assert.throws(() => runIda(mk, { epsilon: -1 }), { code: 'MARKET_IDA_OPTION' });
    assert.throws(() => runIda(mk, { maxRounds: 0 }), { code: 'MARKET_IDA_OPTION' });
    assert.throws(() => runIda(mk, { batteryKWh: 10 }), { code: 'MARKET_IDA_BATTERY' });
  });
});
