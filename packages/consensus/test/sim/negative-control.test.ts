import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseProfile, runProfile } from '../../src/sim/index.js';

describe('negative control: f + 1 byzantine validators', () => {
  for (const [n, colluders] of [
    [4, [0, 1]],
    [7, [0, 1, 2]],
  ] as const) {
    test(`with ${colluders.length} colluders among ${n} the checker catches the fork`, () => {
      const p = { ...baseProfile(5, n), targetHeight: 1, livenessWindow: 2000 };
      for (const c of colluders) p.byzantine[c] = 'collude';
      const r = runProfile(p);
      assert.equal(r.ok, false);
      assert.ok(
        r.violations.some((v) => v.includes('inv 1: fork at height 1')),
        r.violations.join('; '),
      );
    });
  }

  test('the same attack with f colluders (within the fault model) forks nothing', () => {
    const p = { ...baseProfile(5, 4), targetHeight: 8 };
    p.byzantine[0] = 'collude';
    const r = runProfile(p);
    assert.ok(r.ok, r.violations.join('; '));
  });
});
