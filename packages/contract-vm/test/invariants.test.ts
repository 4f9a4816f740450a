import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { admit, canonicalBuyers, canonicalSellers, clear } from '../src/index.js';
import { runs, type Window, windowArb } from './support/arb.js';
import { checkInvariants } from './support/check.js';

describe('settlement invariants (design/babg.md §8) on random windows', () => {
  test('every invariant holds: energy, prices, money, escrow, partition', () => {
    fc.assert(
      fc.property(windowArb(), (w) => checkInvariants(w, clear(w))),
      { numRuns: runs(2500, 50_000) },
    );
  });

  test('larger windows (up to 60 × 60)', () => {
    fc.assert(
      fc.property(windowArb(60, 60), (w) => checkInvariants(w, clear(w))),
      { numRuns: runs(150, 3000) },
    );
  });
});

function volume(w: Window, tau: bigint): { vol: bigint; count: number } {
  const { num, den } = w.params.rhoRatio;
  let d = 0n;
  let s = 0n;
  let count = 0;
  for (const b of w.buyers) {
    if (b.priceMax < tau) continue;
    d += b.dMaxWh;
    count++;
  }
  for (const x of w.sellers) {
    if (x.priceMin > tau) continue;
    s += x.sMaxWh;
    count++;
  }
  const a = d * den;
  const c = s * num;
  return { vol: a < c ? a : c, count };
}

describe('admission (design/babg.md §2)', () => {
  test('τ maximises the tradable volume, then the admitted count, then is the lowest', () => {
    fc.assert(
      fc.property(windowArb(), (w) => {
        const a = admit(canonicalBuyers(w.buyers), canonicalSellers(w.sellers), w.params.rhoRatio);
        const cands = [...new Set([...w.buyers.map((b) => b.priceMax), ...w.sellers.map((s) => s.priceMin)])];
        if (cands.length === 0) return assert.equal(a.bandPrice, 0n);
        const got = volume(w, a.bandPrice);
        for (const t of cands) {
          const v = volume(w, t);
          const better =
            v.vol > got.vol ||
            (v.vol === got.vol && (v.count > got.count || (v.count === got.count && t < a.bandPrice)));
          assert.ok(!better, `τ = ${t} beats the chosen ${a.bandPrice}`);
        }
      }),
      { numRuns: runs(1500, 20_000) },
    );
  });

  test('after dropping, Σ d^min ≤ ρ Σ s^max, and the dropped are the lowest priceMax', () => {
    fc.assert(
      fc.property(windowArb(), (w) => {
        const a = admit(canonicalBuyers(w.buyers), canonicalSellers(w.sellers), w.params.rhoRatio);
        const { num, den } = w.params.rhoRatio;
        let need = 0n;
        for (const b of a.buyers) need += b.dMinWh;
        let sup = 0n;
        for (const s of a.sellers) sup += s.sMaxWh;
        assert.ok(need * den <= sup * num, 'feasible');
        for (const d of a.dropped)
          for (const k of a.buyers) assert.ok(k.priceMax > d.priceMax || (k.priceMax === d.priceMax && k.id < d.id));
        // dropping one buyer fewer would be infeasible
        if (a.dropped.length > 0) {
          const last = a.dropped[a.dropped.length - 1]!;
          assert.ok((need + last.dMinWh) * den > sup * num, 'no buyer is dropped needlessly');
        }
      }),
      { numRuns: runs(1500, 20_000) },
    );
  });

  test('incompatible prices: no buyer with priceMax below every priceMin trades', () => {
    const r = clear({
      buyers: [{ id: 'b', dMinWh: 5000n, dMaxWh: 9000n, omegaPpm: 1_000_000, price: 600_000n, priceMax: 700_000n }],
      sellers: [{ id: 's', sMaxWh: 20_000n, price: 950_000n, priceMin: 900_000n }],
    });
    assert.equal(r.settlement.pairs.length, 0);
    assert.deepEqual(r.settlement.unmatchedBuyers, ['b']);
    assert.deepEqual(r.settlement.unmatchedSellers, ['s']);
    assert.deepEqual(r.settlement.refunds, [{ order: 'b', amount: 6_300_000n }]);
  });

  test('infeasible demand drops the lowest priceMax buyers first', () => {
    const b = (id: string, pMax: bigint) => ({
      id,
      dMinWh: 8000n,
      dMaxWh: 10_000n,
      omegaPpm: 900_000,
      price: 600_000n,
      priceMax: pMax,
    });
    const r = clear({
      buyers: [b('cheap', 800_000n), b('rich', 950_000n), b('mid', 900_000n)],
      sellers: [{ id: 's', sMaxWh: 20_000n, price: 800_000n, priceMin: 700_000n }],
    });
    assert.deepEqual(r.droppedBuyers, ['cheap']);
    assert.deepEqual(r.settlement.unmatchedBuyers, ['cheap']);
    assert.equal(r.settlement.buyersAdmitted, 2);
  });

  test('one-sided and empty windows settle to nothing, refunding every buyer in full', () => {
    const empty = clear({ buyers: [], sellers: [] });
    assert.equal(empty.settlement.pairs.length, 0);
    assert.equal(empty.settlement.bandPrice, 0n);
    const onlyB = clear({
      buyers: [{ id: 'b', dMinWh: 1n, dMaxWh: 2n, omegaPpm: 1, price: 600_000n, priceMax: 600_000n }],
      sellers: [],
    });
    assert.deepEqual(onlyB.settlement.unmatchedBuyers, ['b']);
    assert.equal(onlyB.settlement.refunds.length, 1);
    const onlyS = clear({ buyers: [], sellers: [{ id: 's', sMaxWh: 1n, price: 1_000_000n, priceMin: 1_000_000n }] });
    assert.deepEqual(onlyS.settlement.unmatchedSellers, ['s']);
    assert.equal(onlyS.figures.successRate, 0);
  });
});
