/** The market parameters as the ledger needs them: grid prices in µ/kWh and the energy cap. */
import { LeagError, type MarketParams, parsePrice } from '@leag/core';

export interface LedgerMarket {
  gridBuyMicro: bigint;
  gridSellMicro: bigint;
  maxEnergyWh: bigint;
}

/** Parsed once per params value: every order reads the params in force for its window. */
const parsed = new WeakMap<MarketParams, Readonly<LedgerMarket>>();

export function ledgerMarket(p: MarketParams): Readonly<LedgerMarket> {
  const hit = parsed.get(p);
  if (hit !== undefined) return hit;
  const m = Object.freeze(parseMarket(p));
  parsed.set(p, m);
  return m;
}

function parseMarket(p: MarketParams): LedgerMarket {
  try {
    const gridBuyMicro = parsePrice(p.gridBuyPrice);
    const gridSellMicro = parsePrice(p.gridSellPrice);
    if (!(gridBuyMicro > 0n && gridBuyMicro <= gridSellMicro))
      throw new LeagError(
        'MARKET_PARAM',
        `need 0 < grid_buy_price ≤ grid_sell_price, found ${p.gridBuyPrice}, ${p.gridSellPrice}`,
      );
    if (p.maxEnergyWh <= 0n)
      throw new LeagError('MARKET_PARAM', `max_energy_wh must be positive, found ${p.maxEnergyWh}`);
    return { gridBuyMicro, gridSellMicro, maxEnergyWh: p.maxEnergyWh };
  } catch (e) {
    if (e instanceof LeagError && e.code === 'MARKET_PARAM') throw e;
    throw new LeagError('MARKET_PARAM', `market parameters are not valid: ${(e as Error).message}`, undefined, {
      cause: e,
    });
  }
}
