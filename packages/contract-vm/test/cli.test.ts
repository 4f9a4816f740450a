import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateMarket } from '../src/index.js';

const BIN = fileURLToPath(new URL('../bin/leag-sim.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leag-sim-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function sim(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function file(name: string, body: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
}

const EXAMPLE = {
  params: {
    rho: 0.9,
    l1: 0.0025,
    l2: 0.005,
    gridBuyPrice: 0.6,
    gridSellPrice: 1.0,
    alpha: 0.5,
    beta: 0.5,
    eps1: 0.001,
    eps2: 0.001,
  },
  buyers: [{ id: 'b1', dMin: 5, dMax: 12, omega: 0.8, price: 0.7, priceMax: 0.95 }],
  sellers: [{ id: 's1', sMax: 15, price: 0.9, priceMin: 0.7 }],
};

describe('leag-sim (spawned)', () => {
  test('--help lists the subcommands; a missing required option is a usage error (exit 2)', () => {
    const r = sim('--help');
    assert.equal(r.code, 0);
    assert.match(r.out, /clear/);
    assert.match(r.out, /generate/);
    const u = sim('clear');
    assert.equal(u.code, 2);
    assert.match(u.err, /required option '-i, --input <file>'/);
  });

  test('clear --json prints the §9 report with the exact settlement and its hash', () => {
    const r = sim('clear', '--input', file('ex.json', EXAMPLE), '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.bandPrice, 0.7);
    assert.equal(j.matches.length, 1);
    assert.equal(j.matches[0].rounds, 4);
    assert.ok(Math.abs(j.matches[0].buyPrice - 0.8412037) < 1e-7);
    assert.ok(Math.abs(j.matches[0].sellPrice - 0.8050926) < 1e-7);
    assert.equal(j.settlement.pairs[0].buyPrice, '841204');
    assert.match(j.settlementHash, /^[0-9a-f]{64}$/);
    for (const k of [
      'socialWelfare',
      'cost',
      'costPerformance',
      'avgBuyPrice',
      'avgSellPrice',
      'pma',
      'meanRounds',
      'maxRounds',
      'volumeBought',
      'volumeSold',
      'successRate',
    ]) {
      assert.equal(typeof j.figures[k], 'number', k);
    }
  });

  test('clear without --json prints a readable table', () => {
    const r = sim('clear', '-i', file('ex2.json', EXAMPLE));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /band price 0\.7/);
    assert.match(r.out, /b1\s+s1\s+13\.334\s+12\s+0\.841204\s+0\.805093\s+4/);
    assert.match(r.out, /settlement hash [0-9a-f]{64}/);
  });

  test('generate writes a market that clear accepts, reproducibly', () => {
    const out = join(dir, 'gen.json');
    assert.equal(sim('generate', '--buyers', '35', '--sellers', '40', '--seed', '5', '--out', out).code, 0);
    const again = `${JSON.stringify(generateMarket({ buyers: 35, sellers: 40, seed: 5 }), null, 2)}\n`;
    assert.equal(readFileSync(out, 'utf8'), again);
    const r = sim('clear', '-i', out, '--json');
    assert.equal(r.code, 0, r.err);
    assert.ok(JSON.parse(r.out).matches.length > 0);
  });

  test('a bad order: exit 2 and a message naming the order and field', () => {
    const bad = { ...EXAMPLE, buyers: [{ ...EXAMPLE.buyers[0], dMax: 3 }] };
    const r = sim('clear', '-i', file('bad.json', bad));
    assert.equal(r.code, 2);
    assert.match(r.err, /buyer "b1" \(buyers\[0\]\): dMax must be in \[dMin = 5 kWh/);
  });

  test('bad JSON, bad parameters and bad options exit 2', () => {
    const j = sim('clear', '-i', file('broken.json', '{"buyers": ['));
    assert.equal(j.code, 2);
    assert.match(j.err, /not valid JSON/);
    const p = sim('clear', '-i', file('p.json', { ...EXAMPLE, params: { alpha: 2 } }));
    assert.equal(p.code, 2);
    assert.match(p.err, /alpha must be in \[0\.001, 1\]/);
    assert.equal(sim('generate', '--buyers', 'x', '--sellers', '1', '--seed', '1').code, 2);
  });

  test('an unreadable file: a clear message, exit 1', () => {
    const r = sim('clear', '-i', join(dir, 'nope.json'));
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot read market file ".*nope\.json": no such file/);
  });
});
