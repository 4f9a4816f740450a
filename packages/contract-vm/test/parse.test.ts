import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import fc from 'fast-check';
import { clear, clearMarket, DEFAULT_PARAMS, parseMarket, resolveParams } from '../src/index.js';
import { runs } from './support/arb.js';

const B = { id: 'b1', dMin: 5, dMax: 12, omega: 0.8, price: 0.7, priceMax: 0.95 };
const S = { id: 's1', sMax: 15, price: 0.9, priceMin: 0.7 };

function rejects(json: unknown, code: string, ...parts: string[]): void {
  assert.throws(
    () => parseMarket(json),
    (e: unknown) => {
      assert.ok(isLeagError(e), `a LeagError, got ${String(e)}`);
      assert.equal(e.code, code, e.message);
      for (const p of parts) assert.ok(e.message.includes(p), `"${e.message}" should mention ${p}`);
      return true;
    },
  );
}

describe('market file parsing and order validity (design/babg.md §1, §9)', () => {
  test('decimals are parsed exactly into Wh, µ/kWh and ppm; missing params take the defaults', () => {
    const m = parseMarket({ buyers: [B], sellers: [{ ...S, sMax: '15.001' }] });
    assert.deepEqual(m.buyers[0], {
      id: 'b1',
      dMinWh: 5000n,
      dMaxWh: 12_000n,
      omegaPpm: 800_000,
      price: 700_000n,
      priceMax: 950_000n,
    });
    assert.equal(m.sellers[0]!.sMaxWh, 15_001n);
    assert.equal(m.params.rho, DEFAULT_PARAMS.rho);
    assert.deepEqual(m.params.rhoRatio, { num: 9n, den: 10n });
    assert.equal(parseMarket({ buyers: [{ ...B, omega: undefined }], sellers: [] }).buyers[0]!.omegaPpm, 1_000_000);
  });

  test('every bad field names the order and the field and says what is allowed', () => {
    rejects({ buyers: [{ ...B, dMin: 0 }], sellers: [] }, 'ORDER_FIELD', 'b1', 'dMin', 'more than 0');
    rejects({ buyers: [{ ...B, dMax: 4 }], sellers: [] }, 'ORDER_FIELD', 'b1', 'dMax', 'dMin');
    rejects({ buyers: [{ ...B, dMax: 2000 }], sellers: [] }, 'ORDER_FIELD', 'dMax', 'energy cap');
    rejects({ buyers: [{ ...B, omega: 1.5 }], sellers: [] }, 'ORDER_FIELD', 'omega', '(0, 1]');
    rejects({ buyers: [{ ...B, omega: 0 }], sellers: [] }, 'ORDER_FIELD', 'omega');
    rejects({ buyers: [{ ...B, priceMax: 1.2 }], sellers: [] }, 'ORDER_FIELD', 'priceMax', 'gridSellPrice');
    rejects({ buyers: [{ ...B, price: 0.5 }], sellers: [] }, 'ORDER_FIELD', 'price', 'gridBuyPrice');
    rejects({ buyers: [{ ...B, price: 0.96 }], sellers: [] }, 'ORDER_FIELD', 'price', 'priceMax');
    rejects({ buyers: [], sellers: [{ ...S, priceMin: 0.95 }] }, 'ORDER_FIELD', 's1', 'price', 'priceMin');
    rejects({ buyers: [], sellers: [{ ...S, sMax: -1 }] }, 'ORDER_FIELD', 's1', 'sMax');
    rejects({ buyers: [{ ...B, dMin: 'five' }], sellers: [] }, 'ORDER_FIELD', 'dMin', 'decimal');
    rejects({ buyers: [{ ...B, dMin: 5.0001 }], sellers: [] }, 'ORDER_FIELD', 'dMin', '3 decimal');
    rejects({ buyers: [{ ...B, dMin: null }], sellers: [] }, 'ORDER_FIELD', 'dMin', 'missing');
    rejects({ buyers: [{ ...B, dMin: Number.NaN }], sellers: [] }, 'ORDER_FIELD', 'dMin');
    rejects({ buyers: [{ ...B, colour: 'red' }], sellers: [] }, 'ORDER_FIELD', 'colour', 'not a known field');
    rejects({ buyers: [{ ...B, id: '' }], sellers: [] }, 'ORDER_FIELD', 'id');
    rejects({ buyers: [{ ...B, id: 7 }], sellers: [] }, 'ORDER_FIELD', 'id');
    rejects({ buyers: [{ id: { toString: [] } }], sellers: [] }, 'ORDER_FIELD', 'id'); // String() would throw
    rejects({ params: { rho: { toString: [] } }, buyers: [] }, 'MARKET_PARAM', 'rho');
  });

  test('duplicate ids, across buyers and sellers too, are an error', () => {
    rejects({ buyers: [B, B], sellers: [] }, 'ORDER_DUPLICATE_ID', 'b1');
    rejects({ buyers: [B], sellers: [{ ...S, id: 'b1' }] }, 'ORDER_DUPLICATE_ID', 'b1');
    assert.throws(
      () =>
        clear({
          buyers: [],
          sellers: [
            { id: 'x', sMaxWh: 1n, price: 1n, priceMin: 1n },
            { id: 'x', sMaxWh: 1n, price: 1n, priceMin: 1n },
          ],
        }),
      (e: unknown) => isLeagError(e, 'ORDER_FIELD') || isLeagError(e, 'ORDER_DUPLICATE_ID'),
    );
  });

  test('the file’s shape and parameters are checked', () => {
    rejects(null, 'MARKET_FILE');
    rejects([], 'MARKET_FILE');
    rejects({ buyers: {}, sellers: [] }, 'MARKET_FILE', 'buyers');
    rejects({ buyers: [3], sellers: [] }, 'MARKET_FILE', 'buyers[0]');
    rejects({ orders: [] }, 'MARKET_FILE', 'orders');
    rejects({ params: { rho: 1.5 }, buyers: [] }, 'MARKET_PARAM', 'rho', '(0, 1]');
    rejects({ params: { alpha: 0 }, buyers: [] }, 'MARKET_PARAM', 'alpha', '[0.001, 1]');
    rejects({ params: { maxRounds: 1e6 }, buyers: [] }, 'MARKET_PARAM', 'maxRounds');
    assert.throws(
      () => clear({ window: -1n, buyers: [], sellers: [] }),
      (e: unknown) => isLeagError(e, 'MARKET_WINDOW'),
    );
    rejects({ params: { gridBuyPrice: 1.1 }, buyers: [] }, 'MARKET_PARAM', 'gridBuyPrice');
    rejects({ params: { rhoo: 0.9 }, buyers: [] }, 'MARKET_PARAM', 'rhoo');
    rejects({ params: { maxRounds: 2.5 }, buyers: [] }, 'MARKET_PARAM', 'maxRounds');
    rejects({ params: { l1: 'abc' }, buyers: [] }, 'MARKET_PARAM', 'l1');
    assert.equal(resolveParams({ rho: '0.85' }).rho, 0.85);
  });

  test('random junk never crashes: it parses or fails with a LeagError', () => {
    const junk = fc.oneof(
      fc.jsonValue(),
      fc.record({
        buyers: fc.array(fc.dictionary(fc.constantFrom(...Object.keys(B), 'x'), fc.jsonValue())),
        sellers: fc.array(fc.dictionary(fc.constantFrom(...Object.keys(S)), fc.jsonValue())),
      }),
    );
    fc.assert(
      fc.property(junk, (j) => {
        try {
          clearMarket(j);
        } catch (e) {
          assert.ok(isLeagError(e), `not a LeagError: ${String(e)}`);
        }
      }),
      { numRuns: runs(1000, 30_000) },
    );
  });
});
