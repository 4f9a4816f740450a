/**
 * Market parameters (design/babg.md §1) with their defaults and validation.
 *
 * Parameters are plain numbers (the genesis file and the market file write them as decimals). The
 * contract derives the exact values it needs from them: ρ as a reduced rational (from the number's
 * shortest decimal text, so 0.9 is exactly 9/10), the grid prices in µ/kWh and the energy cap in Wh.
 */
import {
  LeagError,
  MAX_ENERGY_WH,
  type MarketParams,
  parseDecimal,
  parsePrice,
  parseRatio,
  type Ratio,
} from '@leag/core';
import { describeValue } from './describe.js';

export interface ContractParams {
  /** ρ: delivery efficiency, the buyer receives ρ times what the seller discharges; (0, 1]. */
  readonly rho: number;
  /** l1: quadratic loss factor of the seller's cost C_j = l1 s² + l2 s; > 0. */
  readonly l1: number;
  /** l2: linear loss factor; ≥ 0. */
  readonly l2: number;
  /** p^G: the price the grid pays per kWh (lower bound of V2V prices). */
  readonly gridBuyPrice: number;
  /** r^G: the price the grid charges per kWh (upper bound of V2V prices). */
  readonly gridSellPrice: number;
  /** α: buyers' price adjustment coefficient, [0.001, 1] (0 would never move a bid). */
  readonly alpha: number;
  /** β: sellers' price adjustment coefficient, [0.001, 1]. */
  readonly beta: number;
  /** ε1: the paper's allocation convergence factor (the exact solver needs none; kept for reports). */
  readonly eps1: number;
  /** ε2: auction convergence threshold on CW and CQ (eq. 33-34), (0, 1). */
  readonly eps2: number;
  /** Cap on auction rounds per pair, [1, 100 000]: the auction's work is at most pairs × maxRounds. */
  readonly maxRounds: number;
  /** Cap on energy per order, kWh. */
  readonly maxEnergy: number;
}

export const DEFAULT_PARAMS: ContractParams = Object.freeze({
  rho: 0.9,
  l1: 0.0025,
  l2: 0.005,
  gridBuyPrice: 0.6,
  gridSellPrice: 1.0,
  alpha: 0.5,
  beta: 0.5,
  eps1: 0.001,
  eps2: 0.001,
  maxRounds: 10_000,
  maxEnergy: 1_000,
});

/** Parameters with the exact forms the contract uses. */
export interface ResolvedParams extends ContractParams {
  readonly rhoRatio: Ratio;
  /** p^G in µ/kWh. */
  readonly gridBuyMicro: bigint;
  /** r^G in µ/kWh. */
  readonly gridSellMicro: bigint;
  /** Energy cap in Wh. */
  readonly maxEnergyWh: bigint;
}

const KEYS = Object.keys(DEFAULT_PARAMS) as (keyof ContractParams)[];

function bad(field: string, allowed: string, found: unknown): never {
  throw new LeagError('MARKET_PARAM', `parameter ${field} must be ${allowed}, got ${describeValue(found)}`, {
    field,
    allowed,
    found: describeValue(found),
  });
}

function num(src: Record<string, unknown>, key: keyof ContractParams): number {
  const v = src[key] ?? DEFAULT_PARAMS[key];
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(key, 'a finite number', v);
  return v;
}

/**
 * Fills missing parameters with the defaults and checks every one; throws MARKET_PARAM naming the
 * parameter and the allowed range. Unknown keys are an error (a typo must not silently default).
 */
export function resolveParams(input: unknown = {}): ResolvedParams {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) bad('params', 'an object', input);
  const src = input as Record<string, unknown>;
  for (const k of Object.keys(src)) {
    if (!(KEYS as string[]).includes(k)) bad(k, `one of the known parameters (${KEYS.join(', ')})`, 'an unknown key');
  }
  const p = {} as Record<keyof ContractParams, number>;
  for (const k of KEYS) p[k] = num(src, k);
  if (!(p.rho > 0 && p.rho <= 1)) bad('rho', 'in (0, 1]', p.rho);
  if (!(p.l1 > 0 && p.l1 <= 1e6)) bad('l1', 'in (0, 1e6]', p.l1);
  if (!(p.l2 >= 0 && p.l2 <= 1e6)) bad('l2', 'in [0, 1e6]', p.l2);
  if (!(p.alpha >= 0.001 && p.alpha <= 1)) bad('alpha', 'in [0.001, 1]', p.alpha);
  if (!(p.beta >= 0.001 && p.beta <= 1)) bad('beta', 'in [0.001, 1]', p.beta);
  if (!(p.eps1 > 0 && p.eps1 < 1)) bad('eps1', 'in (0, 1)', p.eps1);
  if (!(p.eps2 > 0 && p.eps2 < 1)) bad('eps2', 'in (0, 1)', p.eps2);
  if (!(Number.isInteger(p.maxRounds) && p.maxRounds >= 1 && p.maxRounds <= 100_000)) {
    bad('maxRounds', 'a whole number in [1, 100000]', p.maxRounds);
  }
  const exact = <T>(field: string, f: () => T, allowed: string): T => {
    try {
      return f();
    } catch {
      return bad(field, allowed, src[field] ?? DEFAULT_PARAMS[field as keyof ContractParams]);
    }
  };
  const rhoRatio = exact('rho', () => parseRatio(p.rho, 'rho'), 'a decimal with at most 18 decimal places');
  const gridBuyMicro = exact('gridBuyPrice', () => parsePrice(p.gridBuyPrice), 'a price with at most 6 decimals');
  const gridSellMicro = exact('gridSellPrice', () => parsePrice(p.gridSellPrice), 'a price with at most 6 decimals');
  if (gridBuyMicro > gridSellMicro) bad('gridBuyPrice', `at most gridSellPrice (${p.gridSellPrice})`, p.gridBuyPrice);
  if (gridSellMicro > 1_000_000_000n) bad('gridSellPrice', 'at most 1000 per kWh', p.gridSellPrice);
  const maxEnergyWh = exact(
    'maxEnergy',
    () => parseDecimal(p.maxEnergy, 3, { field: 'maxEnergy', min: 1n, max: MAX_ENERGY_WH }),
    'an energy in kWh with at most 3 decimals, at least 0.001 and at most 2^53-1 Wh',
  );
  return Object.freeze({ ...(p as unknown as ContractParams), rhoRatio, gridBuyMicro, gridSellMicro, maxEnergyWh });
}

/**
 * The contract's parameters for a chain's MarketParams (canonical decimal strings → doubles,
 * max_energy_wh → kWh). Consensus-relevant: every node clearing a window and every client
 * re-running one (`leag-ev verify`) must use this one mapping.
 */
export function paramsFromChain(p: MarketParams): ContractParams {
  return {
    rho: Number(p.rho),
    l1: Number(p.l1),
    l2: Number(p.l2),
    gridBuyPrice: Number(p.gridBuyPrice),
    gridSellPrice: Number(p.gridSellPrice),
    alpha: Number(p.alpha),
    beta: Number(p.beta),
    eps1: Number(p.eps1),
    eps2: Number(p.eps2),
    maxRounds: p.maxRounds,
    maxEnergy: Number(p.maxEnergyWh) / 1000,
  };
}
