// Pure order-book maths (no DOM), shared by the page and the Node unit tests.

/**
 * Anonymous supply and demand curves over the union of price levels (µ/kWh → /kWh on x):
 * supply(p) = energy offered at or below p, demand(p) = energy wanted at or above p (kWh).
 */
export function curves(bids, asks) {
  const levels = [...new Set([...bids, ...asks].map((l) => Number(l.price)))].sort((a, b) => a - b);
  if (levels.length === 0) return null;
  const span = Math.max(levels[levels.length - 1] - levels[0], levels[0] * 0.05, 1);
  const xs = [levels[0] - span * 0.1, ...levels, levels[levels.length - 1] + span * 0.1];
  const sum = (list, keep) => list.reduce((s, l) => (keep(Number(l.price)) ? s + Number(l.energyWh) : s), 0) / 1000;
  const supply = xs.map((p) => sum(asks, (q) => q <= p));
  const demand = xs.map((p) => sum(bids, (q) => q >= p));
  return [xs.map((p) => p / 1e6), demand, supply];
}
