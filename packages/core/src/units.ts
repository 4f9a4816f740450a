/**
 * Integer units and exact decimal parsing.
 *
 * On chain every quantity is an integer bigint:
 *  - energy in watt-hours (Wh): 1 kWh = 1 000 Wh            (scale 3 from kWh)
 *  - money in micro-units (µ): 1 currency unit = 1 000 000 µ (scale 6)
 *  - prices in micro-units per kWh (µ/kWh)                   (scale 6)
 *
 * Decimal strings are parsed exactly (never through a float): "0.7" is 700 000 µ/kWh. A JS number
 * is accepted only through its shortest round-trip decimal form (String(x)), which is the text a
 * JSON author typed. Rounding is explicit and documented per function (docs/units.md):
 *  - parsing: exact by default; more fractional digits than the unit holds is an error unless a
 *    rounding mode is given;
 *  - a payment for energy at a price: rounded down (floor) to whole micro-units;
 *  - a double converted to integer units (contract outputs): exact binary value of the double,
 *    then the requested mode (energy: floor; prices: half to even).
 */
import { LeagError } from './errors.js';

export type Wh = bigint;
export type Micro = bigint;
export type MicroPerKWh = bigint;

export const WH_PER_KWH = 1000n;
export const MICRO_PER_UNIT = 1_000_000n;
export const ENERGY_SCALE = 3; // kWh -> Wh
export const MONEY_SCALE = 6; // unit -> µ
export const PRICE_SCALE = 6; // unit/kWh -> µ/kWh

/** Largest amount of money any output, balance or sum may hold: 2^63 - 1 µ (fits a signed 64-bit). */
export const MAX_MONEY: Micro = (1n << 63n) - 1n;
/** Largest energy amount any field may hold: 2^53 - 1 Wh. */
export const MAX_ENERGY_WH: Wh = (1n << 53n) - 1n;

export type Rounding = 'exact' | 'floor' | 'ceil' | 'halfEven' | 'trunc';

/** Integer division with an explicit rounding mode. `den` must be positive. */
export function divRound(num: bigint, den: bigint, mode: Exclude<Rounding, 'exact'> | 'exact' = 'floor'): bigint {
  if (den <= 0n) throw new LeagError('UNITS_DIVISOR', `divisor must be positive, got ${den}`);
  let q = num / den; // truncates toward zero
  const r = num - q * den;
  if (r === 0n) return q;
  switch (mode) {
    case 'exact':
      throw new LeagError('UNITS_INEXACT', `${num}/${den} is not a whole number`);
    case 'trunc':
      return q;
    case 'floor':
      return num < 0n ? q - 1n : q;
    case 'ceil':
      return num > 0n ? q + 1n : q;
    case 'halfEven': {
      if (num < 0n) q -= 1n; // q = floor
      const rem = num - q * den; // 0 < rem < den
      const twice = 2n * rem;
      if (twice > den || (twice === den && (q & 1n) === 1n)) return q + 1n;
      return q;
    }
  }
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

export interface ParseOptions {
  /** What the value is, for error messages ("price", "buy.dMax"). */
  field?: string;
  /** How to treat digits beyond the unit's precision; default 'exact' (an error). */
  rounding?: Rounding;
  /** Allow a negative value; default false. */
  allowNegative?: boolean;
  /** Inclusive bounds in integer units. */
  min?: bigint;
  max?: bigint;
}

/**
 * Parses a decimal string (or a finite JS number, through its shortest decimal form) into an
 * integer count of 10^-scale units, exactly. "1.5", "0.000001", "2e-3", "+7" are accepted;
 * "", ".", "1.2.3", "0x10", "1,5", "NaN", "Infinity" are not.
 */
export function parseDecimal(input: string | number, scale: number, opts: ParseOptions = {}): bigint {
  const field = opts.field ?? 'value';
  if (!Number.isInteger(scale) || scale < 0 || scale > 30) {
    throw new LeagError('UNITS_SCALE', `scale must be an integer in [0, 30], got ${scale}`, { field, scale });
  }
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) {
      throw new LeagError('UNITS_NOT_FINITE', `${field} must be a finite number, got ${input}`, { field });
    }
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    throw new LeagError('UNITS_TYPE', `${field} must be a decimal string or number, got ${typeof input}`, { field });
  }
  if (text.length > 64) {
    throw new LeagError('UNITS_SYNTAX', `${field} is too long (${text.length} characters, at most 64)`, { field });
  }
  const m = DECIMAL_RE.exec(text);
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) {
    throw new LeagError('UNITS_SYNTAX', `${field} must be a decimal number like "12" or "0.75", got "${text}"`, {
      field,
      found: text,
    });
  }
  const neg = m[1] === '-';
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  // value = (int.frac) * 10^exp = digits * 10^(exp - fracLen); in units: digits * 10^(exp - fracLen + scale)
  const digits = BigInt((intPart + fracPart).replace(/^0+(?=\d)/, '') || '0');
  const shift = exp - fracPart.length + scale;
  let value: bigint;
  if (digits === 0n) {
    value = 0n; // "0e999" and "-0.000" are zero, whatever the exponent
  } else if (shift >= 0) {
    if (shift > 40) {
      throw new LeagError('UNITS_RANGE', `${field} is out of range: ${text}`, { field, found: text });
    }
    value = digits * 10n ** BigInt(shift);
  } else {
    if (-shift > 80) {
      // |value| < 10^63 · 10^-81 < 1 unit (text is at most 64 characters): only the rounding mode decides.
      value = roundTiny(digits, neg, opts, field, text);
    } else {
      const mode = opts.rounding ?? 'exact';
      if (mode === 'exact' && digits % 10n ** BigInt(-shift) !== 0n) {
        throw new LeagError(
          'UNITS_PRECISION',
          `${field} has more than ${scale} decimal places: "${text}" (the smallest step is 1e-${scale})`,
          { field, found: text, scale },
        );
      }
      const signed = neg ? -digits : digits;
      value = divRound(signed, 10n ** BigInt(-shift), mode === 'exact' ? 'trunc' : mode);
      value = neg ? -value : value; // undo sign below uniformly
    }
  }
  const result = neg ? -value : value;
  if (result < 0n && !opts.allowNegative) {
    throw new LeagError('UNITS_NEGATIVE', `${field} must not be negative, got "${text}"`, { field, found: text });
  }
  if (opts.min !== undefined && result < opts.min) {
    throw new LeagError('UNITS_RANGE', `${field} must be at least ${formatDecimal(opts.min, scale)}, got "${text}"`, {
      field,
      found: text,
      min: formatDecimal(opts.min, scale),
    });
  }
  if (opts.max !== undefined && result > opts.max) {
    throw new LeagError('UNITS_RANGE', `${field} must be at most ${formatDecimal(opts.max, scale)}, got "${text}"`, {
      field,
      found: text,
      max: formatDecimal(opts.max, scale),
    });
  }
  return result;
}

function roundTiny(digits: bigint, neg: boolean, opts: ParseOptions, field: string, text: string): bigint {
  // A nonzero value strictly between -1 and 1 unit, far from ±0.5: returns the magnitude (the caller
  // applies the sign), so floor of a negative tiny value is -1 and ceil of a positive one is 1.
  if (digits === 0n) return 0n;
  const mode = opts.rounding ?? 'exact';
  if (mode === 'exact') {
    throw new LeagError('UNITS_PRECISION', `${field} is smaller than the unit's smallest step: "${text}"`, {
      field,
      found: text,
    });
  }
  if (mode === 'ceil') return neg ? 0n : 1n;
  if (mode === 'floor') return neg ? 1n : 0n;
  return 0n;
}

/**
 * Formats an integer count of 10^-scale units as a decimal string with no trailing zeros
 * (at least `minFractionDigits` fractional digits): formatDecimal(700000n, 6) === "0.7".
 */
export function formatDecimal(value: bigint, scale: number, minFractionDigits = 0): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const base = 10n ** BigInt(scale);
  const int = abs / base;
  let frac = (abs % base).toString().padStart(scale, '0').replace(/0+$/, '');
  if (frac.length < minFractionDigits) frac = frac.padEnd(minFractionDigits, '0');
  return `${neg ? '-' : ''}${int}${frac.length > 0 ? `.${frac}` : ''}`;
}

/** kWh decimal text → Wh. */
export const parseKWh = (s: string | number, opts: ParseOptions = {}): Wh =>
  parseDecimal(s, ENERGY_SCALE, { field: 'energy', max: MAX_ENERGY_WH, ...opts });
/** currency/kWh decimal text → µ/kWh. */
export const parsePrice = (s: string | number, opts: ParseOptions = {}): MicroPerKWh =>
  parseDecimal(s, PRICE_SCALE, { field: 'price', max: MAX_MONEY, ...opts });
/** currency decimal text → µ. */
export const parseMoney = (s: string | number, opts: ParseOptions = {}): Micro =>
  parseDecimal(s, MONEY_SCALE, { field: 'amount', max: MAX_MONEY, ...opts });

export const formatKWh = (wh: Wh): string => formatDecimal(wh, ENERGY_SCALE);
export const formatPrice = (p: MicroPerKWh): string => formatDecimal(p, PRICE_SCALE);
export const formatMoney = (m: Micro): string => formatDecimal(m, MONEY_SCALE);

/** Payment for `energy` Wh at `price` µ/kWh, rounded down to whole micro-units. */
export function paymentFor(price: MicroPerKWh, energy: Wh): Micro {
  if (price < 0n || energy < 0n) {
    throw new LeagError('UNITS_NEGATIVE', `price and energy must not be negative (price ${price}, energy ${energy})`);
  }
  return (price * energy) / WH_PER_KWH;
}

/** A non-negative rational number num/den, for exact factors such as the delivery efficiency ρ. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/** Parses a decimal in [0, 1] or any non-negative decimal into an exact reduced ratio. */
export function parseRatio(input: string | number, field = 'ratio'): Ratio {
  const scaled = parseDecimal(input, 18, { field });
  return reduce({ num: scaled, den: 10n ** 18n });
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function reduce(r: Ratio): Ratio {
  const g = gcd(r.num, r.den);
  return g <= 1n ? r : { num: r.num / g, den: r.den / g };
}

/** v · r rounded by `mode` (default floor). */
export function mulRatio(v: bigint, r: Ratio, mode: Exclude<Rounding, 'exact'> = 'floor'): bigint {
  return divRound(v * r.num, r.den, mode);
}

/**
 * The exact value of a finite double as a ratio num / 2^k (doubles are dyadic rationals), so that
 * converting contract outputs to integers never depends on float formatting.
 */
export function exactDouble(x: number): { num: bigint; den: bigint } {
  if (!Number.isFinite(x)) throw new LeagError('UNITS_NOT_FINITE', `expected a finite number, got ${x}`);
  if (x === 0) return { num: 0n, den: 1n };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (expBits === 0) {
    exp = -1074; // subnormal
  } else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  const signed = neg ? -mant : mant;
  return exp >= 0 ? { num: signed << BigInt(exp), den: 1n } : { num: signed, den: 1n << BigInt(-exp) };
}

/** Converts a double to an integer count of 10^-scale units, exactly, then rounds by `mode`. */
export function doubleToUnits(x: number, scale: number, mode: Exclude<Rounding, 'exact'>): bigint {
  const { num, den } = exactDouble(x);
  return divRound(num * 10n ** BigInt(scale), den, mode);
}

/** kWh as a double → Wh, rounded down (energy is never rounded up). */
export const kWhToWhFloor = (kwh: number): Wh => doubleToUnits(kwh, ENERGY_SCALE, 'floor');
/** price per kWh as a double → µ/kWh, rounded half to even. */
export const priceToMicro = (p: number): MicroPerKWh => doubleToUnits(p, PRICE_SCALE, 'halfEven');
/** Integer units → a double (for reports only; never for consensus values). */
export const unitsToNumber = (v: bigint, scale: number): number => Number(v) / 10 ** scale;
