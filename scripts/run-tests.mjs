#!/usr/bin/env node
// Runs the project's tests with Node's own test runner (Node 20 has no glob support in --test,
// and a directory argument finds no .ts file: see docs/decisions.md), from source through tsx.
// Usage: node scripts/run-tests.mjs [dir ...]   (default: every package's test/ and test/ at the top)
// Every test has a 5-minute timeout, so a hang fails the run instead of stalling CI.
// Environment: LEAG_TEST_LONG=1 runs the long (nightly) variants of the randomized suites.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const roots = args.length > 0 ? args.map((a) => resolve(root, a)) : [join(root, 'packages'), join(root, 'test')];

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = roots.flatMap((r) => walk(r, []));
if (files.length === 0) {
  console.error(`no test files (*.test.ts) found under ${roots.map((r) => relative(root, r) || '.').join(', ')}`);
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=300000', ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(res.status ?? 1);
