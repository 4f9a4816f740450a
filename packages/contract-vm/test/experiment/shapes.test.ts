/**
 * The qualitative shapes of the paper's figures, on small runs (few markets per point). These are
 * checks of the whole chain (generator → algorithms → shared scoring), not of exact numbers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runTask, seedFor, stats, type Task } from '../../src/index.js';

const RUNS = process.env.LEAG_TEST_LONG === '1' ? 20 : 4;

function mean(make: (run: number) => Task, field: string): number {
  const xs: number[] = [];
  for (let run = 0; run < RUNS; run++) xs.push(runTask(make(run))[field] as number);
  return stats(xs).mean;
}

const scale =
  (n: number, m: number) =>
  (run: number): Task => ({ kind: 'scale', n, m, seed: seedFor(7, run, `scale:${n}:${m}`) });
const alpha =
  (a: number) =>
  (run: number): Task => ({ kind: 'alpha', n: 35, m: 40, alpha: a, seed: seedFor(7, run, 'scale:35:40') });

describe('Fig. 3 and 7 shapes', () => {
  test('BABG welfare rises then falls with N at M = 40, and BABG ≥ IDA, ETA at the peak', () => {
    const w10 = mean(scale(10, 40), 'babg.welfare');
    const w40 = mean(scale(40, 40), 'babg.welfare');
    const w70 = mean(scale(70, 40), 'babg.welfare');
    assert.ok(w40 > w10 && w40 > w70, `welfare ${w10} → ${w40} → ${w70}`);
    assert.ok(w40 >= mean(scale(40, 40), 'ida.welfare') - 1e-9);
    assert.ok(w40 > mean(scale(40, 40), 'eta.welfare'));
  });

  test('volume levels off at the smaller side: N = 35, M from 20 to 50 to 70', () => {
    const v20 = mean(scale(35, 20), 'babg.volume');
    const v50 = mean(scale(35, 50), 'babg.volume');
    const v70 = mean(scale(35, 70), 'babg.volume');
    assert.ok(v50 > 1.5 * v20, `volume ${v20} → ${v50}`);
    assert.ok(Math.abs(v70 - v50) / v50 < 0.05, `volume ${v50} → ${v70}`);
    // 35 buyers demand at most 35 · 18 kWh
    assert.ok(v70 <= 35 * 18);
  });
});

describe('Fig. 4 shapes', () => {
  test('the buy/sell spread grows and the auction count falls as α = β grows', () => {
    const s = [0.2, 0.5, 0.9].map((a) => mean(alpha(a), 'spread'));
    const r = [0.2, 0.5, 0.9].map((a) => mean(alpha(a), 'rounds'));
    assert.ok(s[0]! < s[1]! && s[1]! < s[2]!, `spread ${s}`);
    assert.ok(r[0]! > r[1]! && r[1]! >= r[2]!, `rounds ${r}`);
  });
});

describe('Fig. 5 shape', () => {
  test('sell bids start above buy bids, cross, and settle', () => {
    const t = runTask({ kind: 'trace', n: 35, m: 40, alpha: 0.5, rounds: 10, seed: seedFor(7, 0, 'scale:35:40') });
    assert.ok((t['sell.1'] as number) > (t['buy.1'] as number));
    assert.ok((t['buy.10'] as number) >= (t['sell.10'] as number));
    assert.ok(Math.abs((t['buy.10'] as number) - (t['buy.9'] as number)) < 1e-3);
  });
});
