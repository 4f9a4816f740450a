/** Convenience for researchers and the experiments: a market in the file's shape → ClearResult. */
import { clear } from './contract/clear.js';
import { parseMarket } from './market/parse.js';
import type { MarketSpec } from './market/spec.js';
import type { ClearResult } from './settlement.js';

export function clearMarket(spec: MarketSpec | unknown, window = 0n): ClearResult {
  const m = parseMarket(spec);
  return clear({ window, params: m.params, buyers: m.buyers, sellers: m.sellers });
}
