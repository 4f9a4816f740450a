/**
 * `npm run demo -- --windows 2` (the script itself, as a user runs it): exits 0 after two windows
 * with orders cleared, printed each window's figures and the dashboard URL, and left no process
 * and no temp dir behind. Bad arguments exit 2 with the usage.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './lib/local-net.js';

const DEMO = join(ROOT, 'scripts/demo.mjs');

test('demo --windows 2 clears two windows and exits 0, leaving nothing behind', { timeout: 240_000 }, async () => {
  const p = spawn(process.execPath, [DEMO, '--windows', '2', '--evs', '8'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  p.stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  p.stderr.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const code = await new Promise<number | null>((r) => p.once('exit', (c) => r(c)));
  assert.equal(code, 0, out);
  const cleared = out.split('\n').filter((l) => /^window \d+ cleared at height \d+: orders [1-9]/.test(l));
  assert.ok(cleared.length >= 2, out);
  for (const l of cleared) assert.match(l, /\d+ matches, .* welfare -?\d+\.\d+, PMA -?\d+\.\d+%/);
  assert.match(out, /dashboard: http:\/\/127\.0\.0\.1:\d+\//);
  assert.match(out, /2 windows cleared: done/);
  const dir = /data in (\S+)/.exec(out)?.[1];
  assert.ok(dir !== undefined && !existsSync(dir), `temp dir ${dir} was not removed`);
  const leftover = spawnSync('pgrep', ['-f', dir], { encoding: 'utf8' }).stdout.trim();
  assert.equal(leftover, '', `processes left running: ${leftover}`);
});

test('demo rejects bad arguments with exit 2 and the usage', () => {
  for (const args of [['--windows', '0'], ['--windows', 'x'], ['--bogus']]) {
    const r = spawnSync(process.execPath, [DEMO, ...args], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /DEMO_BAD_ARGUMENT: .*\n.*usage: npm run demo/);
  }
});
