/**
 * MarketParams carry their real-valued parameters as canonical decimal strings ("0.9", "0.0025",
 * never "0.90", ".9", "9e-1" or "+0.9"): one text per value, and Number(text) is correctly rounded,
 * so every node derives the identical double. Integers (max_rounds, max_energy_wh) are integers.
 */
import { LeagError } from './errors.js';
import type { MarketParams } from './gen/types.gen.js';

const CANONICAL_DECIMAL = /^(0|[1-9]\d{0,17})(\.\d{0,17}[1-9])?$/;

/** The design defaults (design/babg.md): ρ 0.9, l1 0.0025, l2 0.005, grid 0.6 / 1.0, α = β = 0.5, ε 0.001. */
export const DEFAULT_MARKET_PARAMS: Readonly<MarketParams> = Object.freeze({
  rho: '0.9',
  l1: '0.0025',
  l2: '0.005',
  gridBuyPrice: '0.6',
  gridSellPrice: '1',
  alpha: '0.5',
  beta: '0.5',
  eps1: '0.001',
  eps2: '0.001',
  maxRounds: 10_000,
  maxEnergyWh: 1_000_000n,
});

/** True for canonical non-negative decimal text: no sign, no exponent, no redundant zeros. */
export function isCanonicalDecimal(text: string): boolean {
  return typeof text === 'string' && CANONICAL_DECIMAL.test(text);
}

/** The double a canonical decimal parameter stands for; MARKET_PARAM_TEXT otherwise. */
export function marketParamNumber(text: string, field = 'parameter'): number {
  if (!isCanonicalDecimal(text)) {
    throw new LeagError(
      'MARKET_PARAM_TEXT',
      `market parameter ${field} must be canonical decimal text like "0.9" (no sign, exponent or trailing zeros), got "${String(text)}"`,
      { field, found: String(text) },
    );
  }
  return Number(text);
}

/** Canonical decimal text of a finite non-negative double, as shortest round-trip text without exponent. */
export function marketParamText(x: number, field = 'parameter'): string {
  if (!Number.isFinite(x) || x < 0) {
    throw new LeagError('MARKET_PARAM_TEXT', `market parameter ${field} must be a finite number ≥ 0, got ${x}`, {
      field,
    });
  }
  const s = String(x);
  const text = s.includes('e') ? x.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : s;
  if (!isCanonicalDecimal(text) || Number(text) !== x) {
    throw new LeagError('MARKET_PARAM_TEXT', `market parameter ${field} = ${x} has no short canonical decimal text`, {
      field,
    });
  }
  return text;
}

/** The real-valued parameters as doubles (every one checked). */
export function marketParamNumbers(
  p: MarketParams,
): Record<'rho' | 'l1' | 'l2' | 'gridBuyPrice' | 'gridSellPrice' | 'alpha' | 'beta' | 'eps1' | 'eps2', number> {
  return {
    rho: marketParamNumber(p.rho, 'rho'),
    l1: marketParamNumber(p.l1, 'l1'),
    l2: marketParamNumber(p.l2, 'l2'),
    gridBuyPrice: marketParamNumber(p.gridBuyPrice, 'gridBuyPrice'),
    gridSellPrice: marketParamNumber(p.gridSellPrice, 'gridSellPrice'),
    alpha: marketParamNumber(p.alpha, 'alpha'),
    beta: marketParamNumber(p.beta, 'beta'),
    eps1: marketParamNumber(p.eps1, 'eps1'),
    eps2: marketParamNumber(p.eps2, 'eps2'),
  };
}
