import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { GEN_DIR, generate } from '../scripts/gen-types.js';

test('src/gen/*.gen.ts match proto/*.proto (run `npm run gen -w packages/core` if this fails)', () => {
  for (const [name, text] of Object.entries(generate())) {
    const onDisk = readFileSync(join(GEN_DIR, name), 'utf8');
    assert.ok(onDisk === text, `src/gen/${name} is stale: regenerate it with npm run gen -w packages/core`);
  }
});
