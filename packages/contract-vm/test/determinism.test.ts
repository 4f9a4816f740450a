import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bytesEqual } from '@leag/core';
import fc from 'fast-check';
import { clear, clearMarket, encodeSettlement, generateMarket, settlementHash } from '../src/index.js';
import { runs, shuffled, windowArb } from './support/arb.js';

describe('determinism (design/babg.md §7)', () => {
  test('the same orders in any order give byte-identical settlements', () => {
    fc.assert(
      fc.property(windowArb(), fc.infiniteStream(fc.nat()), (w, stream) => {
        const it = stream[Symbol.iterator]();
        const rand = (n: number) => (it.next().value as number) % n;
        const a = clear(w);
        const b = clear({ ...w, buyers: shuffled(w.buyers, rand), sellers: shuffled(w.sellers, rand) });
        assert.ok(bytesEqual(encodeSettlement(a.settlement), encodeSettlement(b.settlement)));
        assert.equal(settlementHash(a.settlement), settlementHash(b.settlement));
        assert.deepEqual(a.pairs, b.pairs);
        assert.equal(a.lambda, b.lambda);
      }),
      { numRuns: runs(800, 20_000) },
    );
  });

  test('a paper-sized market hashes the same on every run and changes with any order', () => {
    const m = generateMarket({ buyers: 35, sellers: 40, seed: 2024 });
    const h1 = settlementHash(clearMarket(m).settlement);
    const h2 = settlementHash(clearMarket(JSON.parse(JSON.stringify(m))).settlement);
    assert.equal(h1, h2);
    const changed = {
      ...m,
      buyers: m.buyers.map((b, i) => (i === 0 ? { ...b, dMax: (Math.round(b.dMax * 1000) + 1) / 1000 } : b)),
    };
    assert.notEqual(settlementHash(clearMarket(changed).settlement), h1);
  });

  test('the window number is part of the settlement', () => {
    const m = generateMarket({ buyers: 3, sellers: 3, seed: 1 });
    assert.notEqual(settlementHash(clearMarket(m, 1n).settlement), settlementHash(clearMarket(m, 2n).settlement));
  });
});
