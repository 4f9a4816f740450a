import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { codecs } from '../src/codec/codec.js';
import { isLeagError } from '../src/errors.js';
import {
  DEFAULT_MARKET_PARAMS,
  isCanonicalDecimal,
  marketParamNumber,
  marketParamNumbers,
  marketParamText,
} from '../src/market-params.js';
import { runs } from './support/arb.js';

test('canonical decimal text', () => {
  for (const ok of ['0', '0.9', '0.0025', '1', '12.5', '1000']) assert.ok(isCanonicalDecimal(ok), ok);
  for (const bad of ['', '0.90', '.9', '9e-1', '+0.9', '-1', '00.9', '1.', ' 1', '0x1', '01']) {
    assert.equal(isCanonicalDecimal(bad), false, bad);
    assert.throws(
      () => marketParamNumber(bad, 'rho'),
      (e) => isLeagError(e, 'MARKET_PARAM_TEXT'),
    );
  }
});

test('defaults decode to the design numbers and survive the codec', () => {
  const n = marketParamNumbers(DEFAULT_MARKET_PARAMS);
  assert.deepStrictEqual(n, {
    rho: 0.9,
    l1: 0.0025,
    l2: 0.005,
    gridBuyPrice: 0.6,
    gridSellPrice: 1,
    alpha: 0.5,
    beta: 0.5,
    eps1: 0.001,
    eps2: 0.001,
  });
  const bytes = codecs.MarketParams.encode(DEFAULT_MARKET_PARAMS);
  assert.deepStrictEqual(codecs.MarketParams.decode(bytes), { ...DEFAULT_MARKET_PARAMS });
});

test('text ↔ number round trip for decimals with few digits', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 8 }), (m, k) => {
      const x = Number((m / 10 ** k).toPrecision(12));
      const t = marketParamText(x);
      assert.ok(isCanonicalDecimal(t), t);
      assert.equal(marketParamNumber(t), x);
    }),
    { numRuns: runs(300) },
  );
  assert.equal(marketParamText(1e-7), '0.0000001');
  assert.throws(
    () => marketParamText(-1),
    (e) => isLeagError(e, 'MARKET_PARAM_TEXT'),
  );
});
