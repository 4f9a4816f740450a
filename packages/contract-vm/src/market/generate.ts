/**
 * Random markets drawn from the paper's Table II (design/baselines.md "Settings"), seeded.
 *
 * Given by the paper: d_i^min ~ U[5, 10] kWh, d_i^max ~ U[12, 18] kWh, s_j^max ~ U[10, 20] kWh,
 * p_i ~ U[p^G, p_i^max], r_j ~ U[r_j^min, r^G]. Chosen here (docs/babg-contract.md):
 *  - ω_i ~ U[0.5, 1]: the paper says ω is "usually a constant" in [0, 1]; EVs that joined a
 *    market are taken to be at least half willing;
 *  - p_i^max ~ U[0.8, 1.0] and r_j^min ~ U[0.6, 0.8]: every buyer-seller pair is compatible, as
 *    the paper assumes (so the band price admits everyone); both ranges can be overridden, e.g. to
 *    overlap and exercise the band price.
 * Energies are drawn on the Wh grid and prices on the µ/kWh grid, so a generated market is exact
 * in on-chain units and its JSON numbers round-trip. Ids are b0001…, s0001….
 */
import { formatDecimal, LeagError } from '@leag/core';
import type { ContractParams } from '../params.js';
import { createRng, type Rng } from './prng.js';
import type { MarketSpec } from './spec.js';

export interface GenerateOptions {
  readonly buyers: number;
  readonly sellers: number;
  readonly seed: number;
  /** Parameters written into the market (defaults apply to the rest). */
  readonly params?: Partial<ContractParams>;
  readonly dMin?: readonly [number, number];
  readonly dMax?: readonly [number, number];
  readonly sMax?: readonly [number, number];
  readonly omega?: readonly [number, number];
  readonly priceMax?: readonly [number, number];
  readonly priceMin?: readonly [number, number];
}

export interface GeneratedBuyer {
  readonly id: string;
  readonly dMin: number;
  readonly dMax: number;
  readonly omega: number;
  readonly price: number;
  readonly priceMax: number;
}
export interface GeneratedSeller {
  readonly id: string;
  readonly sMax: number;
  readonly price: number;
  readonly priceMin: number;
}
export interface GeneratedMarket extends MarketSpec {
  readonly params: Partial<ContractParams>;
  readonly buyers: readonly GeneratedBuyer[];
  readonly sellers: readonly GeneratedSeller[];
}

const MAX_ORDERS = 1_000_000;

/** A draw on a grid of 10^-scale: an integer count of steps in [lo, hi], as an exact number. */
function grid(rng: Rng, lo: number, hi: number, scale: number): number {
  const f = 10 ** scale;
  const a = Math.ceil(lo * f - 1e-9);
  const b = Math.floor(hi * f + 1e-9);
  return Number(formatDecimal(BigInt(rng.int(a, b)), scale));
}

function count(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > MAX_ORDERS) {
    throw new LeagError('MARKET_GENERATE', `${name} must be a whole number in [0, ${MAX_ORDERS}], got ${v}`, {
      field: name,
    });
  }
  return v;
}

function range(name: string, r: readonly [number, number], lo: number, hi: number): readonly [number, number] {
  if (!(Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] <= r[1] && r[0] >= lo && r[1] <= hi)) {
    throw new LeagError('MARKET_GENERATE', `${name} range must satisfy ${lo} <= low <= high <= ${hi}, got [${r}]`, {
      field: name,
    });
  }
  return r;
}

export function generateMarket(o: GenerateOptions): GeneratedMarket {
  const n = count('buyers', o.buyers);
  const m = count('sellers', o.sellers);
  const rng = createRng(o.seed);
  const pG = o.params?.gridBuyPrice ?? 0.6;
  const rG = o.params?.gridSellPrice ?? 1.0;
  const dMin = range('dMin', o.dMin ?? [5, 10], 0.001, 1e6);
  const dMax = range('dMax', o.dMax ?? [12, 18], 0.001, 1e6);
  const sMax = range('sMax', o.sMax ?? [10, 20], 0.001, 1e6);
  const omega = range('omega', o.omega ?? [0.5, 1], 0.000001, 1);
  const pMax = range('priceMax', o.priceMax ?? [0.8, 1.0], pG, rG);
  const rMin = range('priceMin', o.priceMin ?? [0.6, 0.8], pG, rG);
  const width = String(Math.max(n, m, 1)).length;
  const buyers: GeneratedBuyer[] = [];
  for (let i = 0; i < n; i++) {
    const lo = grid(rng, dMin[0], dMin[1], 3);
    const hi = grid(rng, Math.max(dMax[0], lo), Math.max(dMax[1], lo), 3);
    const priceMax = grid(rng, pMax[0], pMax[1], 6);
    buyers.push({
      id: `b${String(i + 1).padStart(width, '0')}`,
      dMin: lo,
      dMax: hi,
      omega: grid(rng, omega[0], omega[1], 6),
      price: grid(rng, pG, priceMax, 6),
      priceMax,
    });
  }
  const sellers: GeneratedSeller[] = [];
  for (let j = 0; j < m; j++) {
    const cap = grid(rng, sMax[0], sMax[1], 3);
    const priceMin = grid(rng, rMin[0], rMin[1], 6);
    sellers.push({
      id: `s${String(j + 1).padStart(width, '0')}`,
      sMax: cap,
      price: grid(rng, priceMin, rG, 6),
      priceMin,
    });
  }
  return { params: { ...(o.params ?? {}) }, buyers, sellers };
}
