/**
 * Clearing time of the BABG contract for (N, M) = (35, 40), (350, 400), (3 500, 4 000),
 * (10 000, 10 000) on markets from the paper's Table II (seeded), with the growth fitted as a
 * log-log slope and the heap retained per order. Targets: < 1 ms at (35, 40), < 1 s at
 * (10 000, 10 000). Progress on stderr; one JSON object on the last stdout line.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { clear, generateMarket, parseMarket } from '../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SIZES: [number, number][] = [
  [35, 40],
  [350, 400],
  [3500, 4000],
  [10_000, 10_000],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const rows: { n: number; m: number; ms: number; pairs: number; reps: number; heapBytesPerOrder: number }[] = [];
for (const [n, m] of SIZES) {
  const market = parseMarket(generateMarket({ buyers: n, sellers: m, seed: 42 }));
  const input = { params: market.params, buyers: market.buyers, sellers: market.sellers };
  const budgetMs = 1500;
  const times: number[] = [];
  let pairs = 0;
  for (let k = 0; k < 3; k++) clear(input); // warm-up
  const start = performance.now();
  while (times.length < 5 || (performance.now() - start < budgetMs && times.length < 2000)) {
    const t0 = performance.now();
    pairs = clear(input).settlement.pairs.length;
    times.push(performance.now() - t0);
  }
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = clear(input);
  gc();
  const heap = process.memoryUsage().heapUsed - before;
  if (kept.settlement.pairs.length !== pairs) process.exitCode = 1;
  const row = { n, m, ms: median(times), pairs, reps: times.length, heapBytesPerOrder: Math.round(heap / (n + m)) };
  rows.push(row);
  process.stderr.write(
    `(${n}, ${m}): ${row.ms.toFixed(3)} ms median of ${row.reps}, ${pairs} pairs, ${row.heapBytesPerOrder} B/order\n`,
  );
}

// least-squares slope of log(time) against log(orders)
const xs = rows.map((r) => Math.log(r.n + r.m));
const ys = rows.map((r) => Math.log(r.ms));
const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
const my = ys.reduce((a, b) => a + b, 0) / ys.length;
let sxy = 0;
let sxx = 0;
for (let i = 0; i < xs.length; i++) {
  sxy += (xs[i]! - mx) * (ys[i]! - my);
  sxx += (xs[i]! - mx) ** 2;
}
const small = rows[0]!;
const large = rows[rows.length - 1]!;
console.log(
  JSON.stringify({
    bench: 'contract-vm/clear',
    unit: 'ms',
    sizes: rows,
    growthLogLogSlope: Number((sxy / sxx).toFixed(3)),
    targets: {
      '35x40_under_1ms': small.ms < 1,
      '10000x10000_under_1s': large.ms < 1000,
    },
  }),
);
