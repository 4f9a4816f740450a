/**
 * fast-check arbitraries for whole windows in on-chain units: ordinary markets, incompatible prices,
 * infeasible demand, one-sided and empty markets, ties (shared prices and sizes), huge and tiny values.
 */
import fc from 'fast-check';
import { type ContractBuyOrder, type ContractSellOrder, type ResolvedParams, resolveParams } from '../../src/index.js';

export const LONG = process.env.LEAG_TEST_LONG === '1';
export const runs = (short: number, long: number): number => (LONG ? long : short);

export interface Window {
  readonly params: ResolvedParams;
  readonly buyers: ContractBuyOrder[];
  readonly sellers: ContractSellOrder[];
}

const paramsArb = fc.record({
  rho: fc.constantFrom(0.9, 1, 0.5, 0.85, 0.999, 0.123),
  l1: fc.constantFrom(0.0025, 0.01, 0.0001, 0.5),
  l2: fc.constantFrom(0.005, 0, 0.015, 0.2),
  alpha: fc.constantFrom(0.5, 0.3, 0.9, 1, 0.05),
  beta: fc.constantFrom(0.5, 0.3, 0.9, 1, 0.05),
  maxEnergy: fc.constantFrom(1000, 1_000_000),
});

/** Energy in Wh: mostly paper-sized, sometimes tiny (1 Wh) or huge (up to the cap). */
const energy = (cap: bigint): fc.Arbitrary<bigint> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.bigInt(1000n, 20_000n) },
    { weight: 1, arbitrary: fc.bigInt(1n, 20n) },
    { weight: 1, arbitrary: fc.bigInt(cap / 2n, cap) },
    { weight: 1, arbitrary: fc.constantFrom(1n, 5000n, 12_000n, cap) },
  );

/** Prices in µ/kWh on [0.6, 1.0]; narrow menus create ties. */
const price = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt(600_000n, 1_000_000n) },
  { weight: 2, arbitrary: fc.constantFrom(600_000n, 700_000n, 800_000n, 900_000n, 1_000_000n) },
);

const sorted2 = (a: bigint, b: bigint): [bigint, bigint] => (a <= b ? [a, b] : [b, a]);

export const windowArb = (maxBuyers = 12, maxSellers = 12): fc.Arbitrary<Window> =>
  paramsArb.chain((raw) => {
    const params = resolveParams(raw);
    const cap = params.maxEnergyWh;
    const buyer = fc
      .record({ a: energy(cap), b: energy(cap), omega: fc.integer({ min: 1, max: 1_000_000 }), p: price, q: price })
      .map(({ a, b, omega, p, q }) => {
        const [dMinWh, dMaxWh] = sorted2(a, b);
        const [lo, hi] = sorted2(p, q);
        return { dMinWh, dMaxWh, omegaPpm: omega, price: lo, priceMax: hi };
      });
    const seller = fc.record({ s: energy(cap), p: price, q: price }).map(({ s, p, q }) => {
      const [lo, hi] = sorted2(p, q);
      return { sMaxWh: s, price: hi, priceMin: lo };
    });
    return fc
      .record({
        buyers: fc.array(buyer, { maxLength: maxBuyers }),
        sellers: fc.array(seller, { maxLength: maxSellers }),
      })
      .map(({ buyers, sellers }) => ({
        params,
        buyers: buyers.map((b, i) => ({ id: `b${i}`, ...b })),
        sellers: sellers.map((s, j) => ({ id: `s${j}`, ...s })),
      }));
  });

/** Deterministic Fisher-Yates shuffle driven by fast-check's random source. */
export function shuffled<T>(xs: readonly T[], rand: (n: number) => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
