/**
 * Price per kWh (double) → µ/kWh, rounded half to even on the double's EXACT value (as
 * @leag/core's priceToMicro), with a fast path: y = x·10^6 is within 2^-32 of the exact product for
 * prices below 1000, so when y is farther than 10^-6 from a half-integer the nearest integer of y is
 * the exact answer; otherwise (a near tie) the exact bigint conversion decides.
 */
import { priceToMicro } from '@leag/core';

export function priceMicro(x: number): bigint {
  const y = x * 1_000_000;
  const f = y - Math.floor(y);
  if (y >= 0 && y < 1e12 && Math.abs(f - 0.5) > 1e-6) return BigInt(Math.round(y));
  return priceToMicro(x);
}
