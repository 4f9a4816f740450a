#!/usr/bin/env node
// Project rules that Biome does not express:
//  - project code throws LeagError (with a code), never a bare Error / TypeError / RangeError;
//  - the pure packages (core, consensus, contract-vm) do no I/O: no node:fs, node:net, node:http,
//    node:child_process, no Date.now(), no Math.random() in their src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];
function walk(dir, out = []) {
  for (const n of readdirSync(dir)) {
    if (n === 'node_modules') continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (n.endsWith('.ts')) out.push(p);
  }
  return out;
}
const pure = new Set(['consensus', 'contract-vm']);
for (const pkg of readdirSync(join(root, 'packages'))) {
  const src = join(root, 'packages', pkg, 'src');
  let files = [];
  try {
    files = walk(src);
  } catch {
    continue;
  }
  for (const f of files) {
    const rel = relative(root, f);
    // CLI entry points of a pure package may do I/O: they live in src/cli/.
    const isCli = rel.includes('/src/cli/');
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const at = `${rel}:${i + 1}`;
      if (/throw new (Error|TypeError|RangeError)\(/.test(line))
        problems.push(`${at}: throw a LeagError with a code instead of a bare Error`);
      if ((pure.has(pkg) || pkg === 'core') && !isCli) {
        if (/from 'node:(fs|net|http|https|child_process|dgram|worker_threads)/.test(line))
          problems.push(`${at}: ${pkg} is pure: no I/O imports outside src/cli/`);
        if (pure.has(pkg) && /\b(Date\.now|Math\.random|performance\.now)\(/.test(line))
          problems.push(`${at}: ${pkg} is deterministic: no clock or randomness`);
      }
    });
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log('lint-extra: ok');
