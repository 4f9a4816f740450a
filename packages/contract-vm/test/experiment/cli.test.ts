import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isLeagError } from '@leag/core';
import { parseFigures } from '../../src/cli/experiment.js';

const BIN = fileURLToPath(new URL('../../bin/leag-sim.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leag-exp-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('leag-sim experiment', () => {
  test('writes CSV, SVG, PNG and a summary for the asked figures (through the bin launcher and workers)', () => {
    const r = run(
      'experiment',
      'fig5,fig6',
      '--runs',
      '2',
      '--seed',
      '3',
      '--out',
      dir,
      '--workers',
      '2',
      '--no-progress',
    );
    assert.equal(r.status, 0, r.stderr);
    for (const id of ['fig5', 'fig6']) {
      for (const ext of ['csv', 'svg']) assert.ok(existsSync(join(dir, `${id}.${ext}`)), `${id}.${ext}`);
    }
    const csv = readFileSync(join(dir, 'fig6.csv'), 'utf8').trim().split('\n');
    assert.equal(csv.length, 1 + 5 * 9);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    assert.equal(summary.runs, 2);
    assert.equal(summary.seed, 3);
  });

  test('the same seed gives the same CSV whatever the number of workers', () => {
    const other = join(dir, 'one');
    const r = run(
      'experiment',
      'fig6',
      '--runs',
      '2',
      '--seed',
      '3',
      '--out',
      other,
      '--workers',
      '1',
      '--no-progress',
      '--no-png',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(other, 'fig6.csv'), 'utf8'), readFileSync(join(dir, 'fig6.csv'), 'utf8'));
  });

  test('a bad argument is a usage error (exit 2) naming what is allowed', () => {
    const a = run('experiment', 'fig4', '--runs', '0', '--out', dir);
    assert.equal(a.status, 2);
    assert.match(a.stderr, /--runs must be a whole number/);
  });

  test('an unknown figure is a typed error listing the known ones', () => {
    assert.throws(
      () => parseFigures('fig3,fig9'),
      (e: unknown) => isLeagError(e, 'CLI_INPUT') && /unknown figure "fig9".*fig3/.test((e as Error).message),
    );
    assert.deepEqual(parseFigures('all'), ['fig3', 'fig4', 'fig5', 'fig6', 'fig7', 'fig8', 'printed']);
  });
});
