/**
 * Local validation of order values (design/babg.md §1), BEFORE anything is sent: decimal text is
 * parsed exactly into integer units (kWh → Wh, price → µ/kWh, ω → ppm) and checked against the
 * market's bounds, with an error that names the field and the allowed range.
 *   buy:  0 < dMin ≤ dMax ≤ cap; p^G ≤ price ≤ priceMax ≤ r^G; 0 < ω ≤ 1
 *   sell: 0 < sMax ≤ cap;        p^G ≤ priceMin ≤ price ≤ r^G
 *   grid: 0 < energy ≤ cap
 */
import {
  formatKWh,
  formatPrice,
  isLeagError,
  LeagError,
  type MarketParams,
  parseDecimal,
  parseKWh,
  parsePrice,
} from '@leag/core';

/** The bounds local validation needs, in integer units. */
export interface OrderBounds {
  gridBuyMicro: bigint;
  gridSellMicro: bigint;
  maxEnergyWh: bigint;
}

export function boundsOf(p: MarketParams): OrderBounds {
  return {
    gridBuyMicro: parsePrice(p.gridBuyPrice, { field: 'grid_buy_price' }),
    gridSellMicro: parsePrice(p.gridSellPrice, { field: 'grid_sell_price' }),
    maxEnergyWh: p.maxEnergyWh,
  };
}

export interface BuyValues {
  dMinWh: bigint;
  dMaxWh: bigint;
  price: bigint;
  priceMax: bigint;
  omegaPpm: number;
  gridFallback: boolean;
}
export interface SellValues {
  sMaxWh: bigint;
  price: bigint;
  priceMin: bigint;
  gridFallback: boolean;
}

export type Num = string | number;

const invalid = (field: string, message: string, details: Record<string, unknown> = {}): never => {
  throw new LeagError('EV_INVALID_ORDER', message, { field, ...details });
};

/** Parses with core's exact rules, re-throwing as EV_INVALID_ORDER with the field's name. */
function parse(field: string, f: () => bigint): bigint {
  try {
    return f();
  } catch (e) {
    if (isLeagError(e)) invalid(field, `${field}: ${e.message}`, { cause: e.code });
    throw e;
  }
}

const energy = (field: string, v: Num, b: OrderBounds): bigint => {
  const wh = parse(field, () => parseKWh(v, { field }));
  if (wh <= 0n) invalid(field, `${field} must be more than 0 kWh, got ${v}`, { min: '0.001' });
  if (wh > b.maxEnergyWh)
    invalid(field, `${field} must be at most ${formatKWh(b.maxEnergyWh)} kWh (the market's cap per order), got ${v}`, {
      min: '0.001',
      max: formatKWh(b.maxEnergyWh),
    });
  return wh;
};

const price = (field: string, v: Num, b: OrderBounds): bigint => {
  const p = parse(field, () => parsePrice(v, { field }));
  if (p < b.gridBuyMicro || p > b.gridSellMicro)
    invalid(
      field,
      `${field} must be within the grid prices [${formatPrice(b.gridBuyMicro)}, ${formatPrice(b.gridSellMicro)}] per kWh, got ${v}`,
      { min: formatPrice(b.gridBuyMicro), max: formatPrice(b.gridSellMicro) },
    );
  return p;
};

export function validateBuy(
  input: { min: Num; max: Num; price: Num; maxPrice: Num; omega?: Num; gridFallback?: boolean },
  b: OrderBounds,
): BuyValues {
  const dMinWh = energy('min', input.min, b);
  const dMaxWh = energy('max', input.max, b);
  if (dMinWh > dMaxWh) invalid('min', `min (${input.min} kWh) must not exceed max (${input.max} kWh)`);
  const p = price('price', input.price, b);
  const pMax = price('max-price', input.maxPrice, b);
  if (p > pMax) invalid('price', `price (${input.price}) must not exceed max-price (${input.maxPrice})`);
  const omega = parse('omega', () => parseDecimal(input.omega ?? '1', 6, { field: 'omega' }));
  if (omega <= 0n || omega > 1_000_000n)
    invalid('omega', `omega must be in (0, 1] (at most 6 decimals), got ${input.omega}`, { min: '0.000001', max: '1' });
  return {
    dMinWh,
    dMaxWh,
    price: p,
    priceMax: pMax,
    omegaPpm: Number(omega),
    gridFallback: input.gridFallback ?? false,
  };
}

export function validateSell(
  input: { max: Num; price: Num; minPrice: Num; gridFallback?: boolean },
  b: OrderBounds,
): SellValues {
  const sMaxWh = energy('max', input.max, b);
  const p = price('price', input.price, b);
  const pMin = price('min-price', input.minPrice, b);
  if (pMin > p) invalid('min-price', `min-price (${input.minPrice}) must not exceed price (${input.price})`);
  return { sMaxWh, price: p, priceMin: pMin, gridFallback: input.gridFallback ?? false };
}

export function validateGrid(
  input: { side: string; energy: Num },
  b: OrderBounds,
): { side: 'buy' | 'sell'; energyWh: bigint } {
  if (input.side !== 'buy' && input.side !== 'sell')
    invalid('side', `grid side must be "buy" or "sell", got "${input.side}"`);
  return { side: input.side as 'buy' | 'sell', energyWh: energy('kWh', input.energy, b) };
}
