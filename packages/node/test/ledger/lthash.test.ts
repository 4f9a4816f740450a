import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLeagError } from '@leag/core';
import fc from 'fast-check';
import { LtHash } from '../../src/ledger/index.js';

const sets = fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { maxLength: 20 });

test('LtHash is a multiset hash: order-free, removal undoes addition, bytes round-trip', () => {
  fc.assert(
    fc.property(sets, sets, (a, b) => {
      const x = new LtHash();
      for (const e of [...a, ...b]) x.add(e);
      const y = new LtHash();
      for (const e of [...b].reverse()) y.add(e);
      for (const e of a) y.add(e);
      assert.deepEqual(x.digest(), y.digest());
      for (const e of b) y.remove(e);
      const z = new LtHash();
      for (const e of a) z.add(e);
      assert.deepEqual(y.bytes(), z.bytes());
      assert.deepEqual(LtHash.fromBytes(x.bytes()).digest(), x.digest());
    }),
    { numRuns: 50 },
  );
});

test('different sets give different roots; a bad accumulator is refused', () => {
  const a = new LtHash();
  a.add(Uint8Array.of(1));
  const b = new LtHash();
  b.add(Uint8Array.of(2));
  assert.notDeepEqual(a.digest(), b.digest());
  assert.notDeepEqual(a.digest(), new LtHash().digest());
  assert.throws(
    () => LtHash.fromBytes(new Uint8Array(3)),
    (e) => isLeagError(e, 'STATE_BAD_ACCUMULATOR'),
  );
});
