/**
 * Order validity (design/babg.md §1), checked on integer orders so the file path and the chain path
 * share it: 0 < dMin ≤ dMax ≤ cap; 0 < sMax ≤ cap; p^G ≤ price ≤ priceMax ≤ r^G;
 * p^G ≤ priceMin ≤ price ≤ r^G; 0 < ω ≤ 1; ids non-empty and unique across the window.
 */
import { formatKWh, formatPrice, LeagError } from '@leag/core';
import { describeValue } from '../describe.js';
import type { ResolvedParams } from '../params.js';
import { OMEGA_PPM, type WindowOrders } from '../types.js';

function reject(where: string, field: string, allowed: string, found: string): never {
  throw new LeagError('ORDER_FIELD', `${where}: ${field} must be ${allowed}, got ${found}`, {
    order: where,
    field,
    allowed,
    found,
  });
}

const kwh = (v: bigint): string => `${formatKWh(v)} kWh`;
const price = (v: bigint): string => formatPrice(v);

/** Throws ORDER_FIELD or ORDER_DUPLICATE_ID for the first invalid order, in input order. */
export function validateOrders(orders: WindowOrders, p: ResolvedParams): void {
  const cap = p.maxEnergyWh;
  const lo = p.gridBuyMicro;
  const hi = p.gridSellMicro;
  const seen = new Set<string>();
  const checkId = (id: unknown, where: string): void => {
    if (typeof id !== 'string' || id.length === 0 || id.length > 128) {
      reject(where, 'id', 'a non-empty string of at most 128 characters', describeValue(id));
    }
    if (seen.has(id)) {
      throw new LeagError(
        'ORDER_DUPLICATE_ID',
        `${where}: id ${describeValue(id)} is used by another order of this window`,
        {
          order: where,
          field: 'id',
          found: id,
        },
      );
    }
    seen.add(id);
  };
  orders.buyers.forEach((b, n) => {
    const where = `buyer ${describeValue(b.id)} (buyers[${n}])`;
    checkId(b.id, where);
    for (const f of ['dMinWh', 'dMaxWh', 'price', 'priceMax'] as const) {
      if (typeof b[f] !== 'bigint') reject(where, f, 'an integer (bigint)', typeof b[f]);
    }
    if (!(b.dMinWh > 0n)) reject(where, 'dMin', 'more than 0 kWh', kwh(b.dMinWh));
    if (!(b.dMaxWh >= b.dMinWh && b.dMaxWh <= cap)) {
      reject(where, 'dMax', `in [dMin = ${kwh(b.dMinWh)}, energy cap = ${kwh(cap)}]`, kwh(b.dMaxWh));
    }
    if (!(Number.isInteger(b.omegaPpm) && b.omegaPpm > 0 && b.omegaPpm <= OMEGA_PPM)) {
      reject(where, 'omega', 'in (0, 1] (omegaPpm a whole number in [1, 1000000])', describeValue(b.omegaPpm));
    }
    if (!(b.priceMax >= lo && b.priceMax <= hi)) {
      reject(where, 'priceMax', `in [gridBuyPrice ${price(lo)}, gridSellPrice ${price(hi)}]`, price(b.priceMax));
    }
    if (!(b.price >= lo && b.price <= b.priceMax)) {
      reject(where, 'price', `in [gridBuyPrice ${price(lo)}, priceMax ${price(b.priceMax)}]`, price(b.price));
    }
  });
  orders.sellers.forEach((s, n) => {
    const where = `seller ${describeValue(s.id)} (sellers[${n}])`;
    checkId(s.id, where);
    for (const f of ['sMaxWh', 'price', 'priceMin'] as const) {
      if (typeof s[f] !== 'bigint') reject(where, f, 'an integer (bigint)', typeof s[f]);
    }
    if (!(s.sMaxWh > 0n && s.sMaxWh <= cap)) reject(where, 'sMax', `in (0, energy cap = ${kwh(cap)}]`, kwh(s.sMaxWh));
    if (!(s.priceMin >= lo && s.priceMin <= hi)) {
      reject(where, 'priceMin', `in [gridBuyPrice ${price(lo)}, gridSellPrice ${price(hi)}]`, price(s.priceMin));
    }
    if (!(s.price >= s.priceMin && s.price <= hi)) {
      reject(where, 'price', `in [priceMin ${price(s.priceMin)}, gridSellPrice ${price(hi)}]`, price(s.price));
    }
  });
}
