import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_MARKET_PARAMS, isLeagError } from '@leag/core';
import { boundsOf, validateBuy, validateGrid, validateSell } from '../src/orders/validate.js';

const b = boundsOf(DEFAULT_MARKET_PARAMS); // grid 0.6 .. 1, cap 1000 kWh
const bad = (field: string, re?: RegExp) => (e: unknown) =>
  isLeagError(e, 'EV_INVALID_ORDER') && e.details?.field === field && (re === undefined || re.test(e.message));
const buy = { min: '5', max: '12', price: '0.7', maxPrice: '0.95' };
const sell = { max: '15', price: '0.9', minPrice: '0.7' };

describe('local validation of buy orders', () => {
  test('good values parse exactly into integer units', () => {
    assert.deepEqual(validateBuy({ ...buy, omega: '0.8', gridFallback: true }, b), {
      dMinWh: 5000n,
      dMaxWh: 12000n,
      price: 700000n,
      priceMax: 950000n,
      omegaPpm: 800000,
      gridFallback: true,
    });
    assert.equal(validateBuy(buy, b).omegaPpm, 1_000_000, 'omega defaults to 1');
    assert.equal(validateBuy({ ...buy, min: '12', price: '0.6', maxPrice: '1' }, b).dMinWh, 12000n, 'bounds inclusive');
  });
  const cases: [string, Partial<typeof buy> & { omega?: string }, string, RegExp][] = [
    ['zero min', { min: '0' }, 'min', /more than 0 kWh/],
    ['negative min', { min: '-1' }, 'min', /negative/],
    ['min > max', { min: '13' }, 'min', /must not exceed max/],
    ['max over cap', { max: '1000.001' }, 'max', /at most 1000 kWh/],
    ['too precise energy', { min: '5.0001' }, 'min', /decimal places/],
    ['not a number', { max: 'twelve' }, 'max', /decimal number/],
    ['NaN', { max: 'NaN' }, 'max', /decimal number/],
    ['Infinity', { max: 'Infinity' }, 'max', /decimal number/],
    ['empty', { max: '' }, 'max', /decimal number/],
    ['hex', { max: '0x10' }, 'max', /decimal number/],
    ['price below grid buy price', { price: '0.59' }, 'price', /\[0\.6, 1\]/],
    ['max-price above grid sell price', { maxPrice: '1.01' }, 'max-price', /\[0\.6, 1\]/],
    ['price > max-price', { price: '0.96' }, 'price', /must not exceed max-price/],
    ['too precise price', { price: '0.7000001' }, 'price', /decimal places/],
    ['omega 0', { omega: '0' }, 'omega', /\(0, 1\]/],
    ['omega > 1', { omega: '1.5' }, 'omega', /\(0, 1\]/],
    ['omega negative', { omega: '-0.5' }, 'omega', /negative/],
    ['omega too precise', { omega: '0.0000001' }, 'omega', /decimal places/],
  ];
  for (const [name, change, field, re] of cases)
    test(`rejects ${name}`, () => assert.throws(() => validateBuy({ ...buy, ...change }, b), bad(field, re)));
});

describe('local validation of sell orders and grid trades', () => {
  test('good sell', () => {
    assert.deepEqual(validateSell(sell, b), { sMaxWh: 15000n, price: 900000n, priceMin: 700000n, gridFallback: false });
  });
  const cases: [string, Partial<typeof sell>, string, RegExp][] = [
    ['zero max', { max: '0' }, 'max', /more than 0/],
    ['max over cap', { max: '2000' }, 'max', /at most 1000 kWh/],
    ['min-price below grid', { minPrice: '0.5' }, 'min-price', /\[0\.6, 1\]/],
    ['price above grid', { price: '1.2' }, 'price', /\[0\.6, 1\]/],
    ['min-price > price', { minPrice: '0.95' }, 'min-price', /must not exceed price/],
    ['garbage', { price: '1,5' }, 'price', /decimal number/],
  ];
  for (const [name, change, field, re] of cases)
    test(`rejects ${name}`, () => assert.throws(() => validateSell({ ...sell, ...change }, b), bad(field, re)));
  test('grid', () => {
    assert.deepEqual(validateGrid({ side: 'buy', energy: '2.5' }, b), { side: 'buy', energyWh: 2500n });
    assert.throws(() => validateGrid({ side: 'hold', energy: '1' }, b), bad('side'));
    assert.throws(() => validateGrid({ side: 'sell', energy: '0' }, b), bad('kWh'));
    assert.throws(() => validateGrid({ side: 'sell', energy: '1e9' }, b), bad('kWh'));
  });
});
