/**
 * The ledger's settlement record (settlement-record.ts): the unmatched lists are dropped on chain
 * and restored from the window's orders byte-identical to the contract's, whatever order the
 * reader lists the orders in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { clear, encodeSettlement, settlementRecord, withUnmatched } from '../src/index.js';
import { runs, windowArb } from './support/arb.js';

test('withUnmatched(settlementRecord(s), orders) gives back the contract settlement exactly', () => {
  fc.assert(
    fc.property(windowArb(), fc.boolean(), (w, reverse) => {
      const s = clear(w).settlement;
      const rec = settlementRecord(s);
      assert.deepEqual([rec.unmatchedBuyers, rec.unmatchedSellers], [[], []]);
      assert.deepEqual({ ...rec, unmatchedBuyers: s.unmatchedBuyers, unmatchedSellers: s.unmatchedSellers }, s);
      const order = <T>(xs: readonly T[]) => (reverse ? [...xs].reverse() : [...xs]);
      const back = withUnmatched(rec, order(w.buyers), order(w.sellers));
      assert.deepEqual(encodeSettlement(back), encodeSettlement(s));
    }),
    { numRuns: runs(500, 10_000) },
  );
});

test('an all-unmatched window: the record is small, the lists come back in canonical order', () => {
  const sellers = Array.from({ length: 300 }, (_, i) => ({
    id: `s${(i * 7919) % 300}`.padEnd(8, 'x'),
    sMaxWh: 1000n,
    price: 800_000n + BigInt(i % 5),
    priceMin: 700_000n + BigInt(i % 3),
  }));
  const s = clear({ window: 4n, sellers, buyers: [] }).settlement;
  assert.equal(s.unmatchedSellers.length, 300);
  const rec = settlementRecord(s);
  assert.ok(encodeSettlement(rec).length * 20 < encodeSettlement(s).length, 'the record drops the ids');
  assert.deepEqual(withUnmatched(rec, [], sellers).unmatchedSellers, s.unmatchedSellers);
  assert.notDeepEqual(
    s.unmatchedSellers,
    [...s.unmatchedSellers].sort(),
    'canonical order is by price first, not by id alone (the test would not tell the orders apart otherwise)',
  );
});
