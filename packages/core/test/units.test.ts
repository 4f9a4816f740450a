import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isLeagError } from '../src/errors.js';
import {
  divRound,
  doubleToUnits,
  exactDouble,
  formatDecimal,
  formatPrice,
  kWhToWhFloor,
  mulRatio,
  parseDecimal,
  parseKWh,
  parseMoney,
  parsePrice,
  parseRatio,
  paymentFor,
  priceToMicro,
  type Rounding,
} from '../src/units.js';
import { runs } from './support/arb.js';

const MODES = ['floor', 'ceil', 'halfEven', 'trunc'] as const;

/** Reference rounding of num/den (den > 0), written independently of divRound. */
function refRound(num: bigint, den: bigint, mode: Exclude<Rounding, 'exact'>): bigint {
  let fl = num / den;
  if (fl * den > num) fl -= 1n; // floor
  const exact = fl * den === num;
  switch (mode) {
    case 'floor':
      return fl;
    case 'ceil':
      return exact ? fl : fl + 1n;
    case 'trunc':
      return num >= 0n ? fl : exact ? fl : fl + 1n;
    case 'halfEven': {
      const twice = 2n * (num - fl * den);
      if (twice < den) return fl;
      if (twice > den) return fl + 1n;
      return fl % 2n === 0n ? fl : fl + 1n;
    }
  }
}

function code(fn: () => unknown, c: string): void {
  assert.throws(fn, (e: unknown) => isLeagError(e, c) || assert.fail(`expected ${c}, got ${String(e)}`));
}

/** Decimal text pieces with the value they stand for as a rational num/den. */
const decimalArb = fc
  .record({
    neg: fc.boolean(),
    int: fc.stringMatching(/^[0-9]{0,12}$/),
    frac: fc.stringMatching(/^[0-9]{0,12}$/),
    exp: fc.option(fc.integer({ min: -20, max: 8 }), { nil: undefined }),
  })
  .filter((d) => d.int.length + d.frac.length > 0)
  .map((d) => {
    const text = `${d.neg ? '-' : ''}${d.int}${d.frac.length > 0 || d.int === '' ? `.${d.frac}` : ''}${d.exp === undefined ? '' : `e${d.exp}`}`;
    const digits = BigInt(`${d.int}${d.frac}` || '0');
    const pow = (d.exp ?? 0) - d.frac.length; // value = digits · 10^pow
    const signed = d.neg ? -digits : digits;
    return { text, num: pow >= 0 ? signed * 10n ** BigInt(pow) : signed, den: pow >= 0 ? 1n : 10n ** BigInt(-pow) };
  });

describe('divRound', () => {
  test('agrees with the reference for every mode', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (n, d) => {
          for (const m of MODES) assert.equal(divRound(n, d, m), refRound(n, d, m), `${n}/${d} ${m}`);
          if (n % d === 0n) assert.equal(divRound(n, d, 'exact'), n / d);
          else code(() => divRound(n, d, 'exact'), 'UNITS_INEXACT');
        },
      ),
      { numRuns: runs(500) },
    );
    assert.equal(divRound(5n, 2n, 'halfEven'), 2n);
    assert.equal(divRound(7n, 2n, 'halfEven'), 4n);
    assert.equal(divRound(-5n, 2n, 'halfEven'), -2n);
    assert.equal(divRound(-7n, 2n, 'floor'), -4n);
    code(() => divRound(1n, 0n), 'UNITS_DIVISOR');
  });
});

describe('parseDecimal', () => {
  test('exact parsing equals the rational value; inexact needs a rounding mode', () => {
    fc.assert(
      fc.property(decimalArb, fc.integer({ min: 0, max: 9 }), ({ text, num, den }, scale) => {
        const scaledNum = num * 10n ** BigInt(scale);
        for (const m of MODES) {
          assert.equal(
            parseDecimal(text, scale, { rounding: m, allowNegative: true }),
            refRound(scaledNum, den, m),
            `${text} ${m}`,
          );
        }
        if (scaledNum % den === 0n) assert.equal(parseDecimal(text, scale, { allowNegative: true }), scaledNum / den);
        else code(() => parseDecimal(text, scale, { allowNegative: true }), 'UNITS_PRECISION');
      }),
      { numRuns: runs(400) },
    );
  });

  test('format then parse is the identity; format has no trailing zeros', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 18 }), (v, scale) => {
        const s = formatDecimal(v, scale);
        assert.doesNotMatch(s, /\.\d*0$/);
        assert.equal(parseDecimal(s, scale, { allowNegative: true }), v);
      }),
      { numRuns: runs(400) },
    );
    assert.equal(formatDecimal(700000n, 6), '0.7');
    assert.equal(formatDecimal(-1n, 3), '-0.001');
    assert.equal(formatDecimal(5n, 0), '5');
    assert.equal(formatDecimal(1500n, 3, 2), '1.50');
  });

  test('numbers go through their shortest decimal text, never a binary expansion', () => {
    assert.equal(parsePrice(0.7), 700_000n);
    assert.equal(parsePrice('0.7'), 700_000n);
    assert.equal(parseKWh(0.1 + 0.2, { rounding: 'floor' }), 300n);
    code(() => parseKWh(0.1 + 0.2), 'UNITS_PRECISION');
    assert.equal(parseMoney(1e-6), 1n);
    assert.equal(parseMoney('2e-3'), 2000n);
  });

  test('tiny and zero values with exponents', () => {
    assert.equal(parseDecimal('0e9999', 6), 0n);
    assert.equal(parseDecimal('-0.000', 6), 0n);
    assert.equal(parseDecimal('1e-100', 6, { rounding: 'ceil' }), 1n);
    assert.equal(parseDecimal('1e-100', 6, { rounding: 'floor' }), 0n);
    assert.equal(parseDecimal('-1e-100', 6, { rounding: 'floor', allowNegative: true }), -1n);
    assert.equal(parseDecimal('-1e-100', 6, { rounding: 'ceil', allowNegative: true }), 0n);
    assert.equal(parseDecimal('-1e-100', 6, { rounding: 'halfEven', allowNegative: true }), 0n);
    code(() => parseDecimal('1e-100', 6), 'UNITS_PRECISION');
    code(() => parseDecimal('1e99', 6), 'UNITS_RANGE');
  });

  test('bad input gets a typed error', () => {
    for (const bad of ['', '.', '1.2.3', '0x10', '1,5', 'NaN', 'Infinity', '--1', '1e', 'e5', '1 000', 'x']) {
      code(() => parseDecimal(bad, 6), 'UNITS_SYNTAX');
    }
    code(() => parseDecimal(Number.NaN, 6), 'UNITS_NOT_FINITE');
    code(() => parseDecimal(null as unknown as string, 6), 'UNITS_TYPE');
    code(() => parseDecimal('1'.repeat(65), 6), 'UNITS_SYNTAX');
    code(() => parseDecimal('-1', 6), 'UNITS_NEGATIVE');
    code(() => parseDecimal('5', 0, { max: 4n }), 'UNITS_RANGE');
    code(() => parseDecimal('3', 0, { min: 4n }), 'UNITS_RANGE');
    code(() => parseDecimal('1', -1), 'UNITS_SCALE');
    code(() => parseKWh('9007199254740.992'), 'UNITS_RANGE');
  });

  test('random text never crashes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (s) => {
        try {
          parseDecimal(s, 6, { allowNegative: true, rounding: 'halfEven' });
        } catch (e) {
          assert.ok(isLeagError(e) && e.code.startsWith('UNITS_'), String(e));
        }
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('doubles, payments and ratios', () => {
  test('exactDouble is the exact value of every finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const { num, den } = exactDouble(x);
        const k = den.toString(2).length - 1;
        assert.equal(1n << BigInt(k), den, 'den is a power of two');
        assert.equal(Number(num) * 2 ** -k, x === 0 ? 0 : x);
      }),
      { numRuns: runs(500) },
    );
    code(() => exactDouble(Number.POSITIVE_INFINITY), 'UNITS_NOT_FINITE');
  });

  test('doubleToUnits rounds the exact binary value', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 9 }), (x, s) => {
        const { num, den } = exactDouble(x);
        for (const m of MODES) assert.equal(doubleToUnits(x, s, m), refRound(num * 10n ** BigInt(s), den, m));
      }),
      { numRuns: runs(300) },
    );
    // 0.7 is 0.6999999999999999555910790149937... in binary: energy floors to 699 Wh.
    assert.equal(kWhToWhFloor(0.7), 699n);
    assert.equal(kWhToWhFloor(0.75), 750n);
    assert.equal(priceToMicro(0.7), 700_000n);
    assert.equal(priceToMicro(0.0000025), 3n); // binary 2.50000000000000020e-6 → 3
    assert.equal(priceToMicro(0.0000035), 3n); // binary 3.49999999999999995e-6 → 3
    assert.equal(priceToMicro(0.5e-6), 0n); // binary 4.99999999999999977e-7 → 0
    assert.equal(doubleToUnits(2.5, 0, 'halfEven'), 2n); // exact ties go to even
    assert.equal(doubleToUnits(3.5, 0, 'halfEven'), 4n);
    assert.equal(formatPrice(priceToMicro(1.5)), '1.5');
  });

  test('paymentFor floors price × energy / 1000', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (p, e) => {
        const pay = paymentFor(p, e);
        assert.ok(pay * 1000n <= p * e && p * e < (pay + 1n) * 1000n);
      }),
      { numRuns: runs(300) },
    );
    assert.equal(paymentFor(700_000n, 1500n), 1_050_000n);
    code(() => paymentFor(-1n, 1n), 'UNITS_NEGATIVE');
  });

  test('ratios are exact and reduced', () => {
    assert.deepStrictEqual(parseRatio('0.9'), { num: 9n, den: 10n });
    assert.deepStrictEqual(parseRatio(0.25), { num: 1n, den: 4n });
    assert.equal(mulRatio(1001n, parseRatio('0.9')), 900n);
    assert.equal(mulRatio(1001n, parseRatio('0.9'), 'ceil'), 901n);
  });
});
