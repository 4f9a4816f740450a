/**
 * Checks a baseline market before IDA or ETA run on it: the same validity rules as the contract's
 * orders (design/babg.md §1), on plain numbers. Throws MARKET_BASELINE_INPUT naming the order and
 * field at fault, so a bad market never reaches a solver as NaN.
 */
import { LeagError } from '@leag/core';
import type { BaselineMarket } from './types.js';

function bad(where: string, field: string, allowed: string, found: unknown): never {
  throw new LeagError('MARKET_BASELINE_INPUT', `${where}: ${field} must be ${allowed}, got ${String(found)}`, {
    order: where,
    field,
    allowed,
    found: String(found),
  });
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function validateBaselineMarket(m: BaselineMarket): void {
  const p = m.params;
  for (const k of ['rho', 'l1', 'l2', 'gridBuyPrice', 'gridSellPrice'] as const)
    if (!finite(p[k])) bad('params', k, 'a finite number', p[k]);
  if (!(p.rho > 0 && p.rho <= 1)) bad('params', 'rho', 'in (0, 1]', p.rho);
  if (!(p.l1 > 0)) bad('params', 'l1', '> 0', p.l1);
  if (!(p.l2 >= 0)) bad('params', 'l2', '≥ 0', p.l2);
  const ids = new Set<string>();
  for (const b of m.buyers) {
    const w = `buyer ${b.id}`;
    if (ids.has(b.id)) bad(w, 'id', 'unique', b.id);
    ids.add(b.id);
    for (const k of ['dMin', 'dMax', 'omega', 'price', 'priceMax'] as const)
      if (!finite(b[k])) bad(w, k, 'a finite number', b[k]);
    if (!(b.dMin > 0 && b.dMin <= b.dMax)) bad(w, 'dMin', `in (0, dMax = ${b.dMax}]`, b.dMin);
    if (!(b.omega > 0 && b.omega <= 1)) bad(w, 'omega', 'in (0, 1]', b.omega);
    if (!(b.price <= b.priceMax)) bad(w, 'price', `at most priceMax = ${b.priceMax}`, b.price);
  }
  for (const s of m.sellers) {
    const w = `seller ${s.id}`;
    if (ids.has(s.id)) bad(w, 'id', 'unique among all orders', s.id);
    ids.add(s.id);
    for (const k of ['sMax', 'price', 'priceMin'] as const) if (!finite(s[k])) bad(w, k, 'a finite number', s[k]);
    if (!(s.sMax > 0)) bad(w, 'sMax', '> 0', s.sMax);
    if (!(s.priceMin <= s.price)) bad(w, 'priceMin', `at most price = ${s.price}`, s.priceMin);
  }
}
