import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../src/polyfills.js';

test('Promise.withResolvers exists and works', async () => {
  const P = Promise as unknown as {
    withResolvers<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void };
  };
  assert.equal(typeof P.withResolvers, 'function');
  const a = P.withResolvers<number>();
  a.resolve(42);
  assert.equal(await a.promise, 42);
  const b = P.withResolvers<number>();
  b.reject(new RangeError('no'));
  await assert.rejects(b.promise, RangeError);
});
