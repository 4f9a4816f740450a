/** The state root's accumulator: window-scoped entries in a LtHash per window, dropped whole at close. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LeagError } from '@leag/core';
import { keys, LedgerState, StateView } from '../../src/ledger/index.js';
import { StateAccumulator, windowOfKey } from '../../src/ledger/state-accumulator.js';

const id = (n: number) => new Uint8Array(32).fill(n);
const addr = (n: number) => new Uint8Array(20).fill(n);
const v = (n: number) => Uint8Array.of(n, n + 1);

test('window-scoped keys are the order and orderNonce tables, by their window', () => {
  assert.equal(windowOfKey(keys.order(7n, id(1))), 7n);
  assert.equal(windowOfKey(keys.orderNonce(9n, addr(1), 3n)), 9n);
  assert.equal(windowOfKey(keys.utxo(id(1), 0)), null);
  assert.equal(windowOfKey(keys.params(7n)), null);
  assert.equal(windowOfKey(keys.seen(id(1))), null);
});

test('the root is order-free, v1 without window entries, and changes with each window entry', () => {
  const a = StateAccumulator.empty();
  const b = StateAccumulator.empty();
  a.add(keys.utxo(id(1), 0), v(1));
  b.add(keys.utxo(id(1), 0), v(1));
  const mainOnly = a.digest();
  a.add(keys.order(2n, id(5)), v(5));
  a.add(keys.order(3n, id(6)), v(6));
  b.add(keys.order(3n, id(6)), v(6));
  b.add(keys.order(2n, id(5)), v(5));
  assert.deepEqual(a.digest(), b.digest(), 'insertion order does not matter');
  assert.notDeepEqual(a.digest(), mainOnly);
  // the same entries under another window give another root
  const c = StateAccumulator.empty();
  c.add(keys.utxo(id(1), 0), v(1));
  c.add(keys.order(2n, id(6)), v(6));
  c.add(keys.order(3n, id(5)), v(5));
  assert.notDeepEqual(c.digest(), a.digest());
  // removing every window entry gives the v1 root back
  a.remove(keys.order(2n, id(5)), v(5));
  a.remove(keys.order(3n, id(6)), v(6));
  assert.deepEqual(a.digest(), mainOnly);
  assert.equal(a.windowEntries(2n), 0);
});

test('a clone is independent; dropping a window needs every one of its entries deleted', () => {
  const a = StateAccumulator.empty();
  a.add(keys.order(4n, id(1)), v(1));
  a.add(keys.orderNonce(4n, addr(1), 1n), id(1));
  const b = a.clone();
  b.add(keys.order(4n, id(2)), v(2));
  assert.equal(a.windowEntries(4n), 2);
  assert.equal(b.windowEntries(4n), 3);
  assert.throws(
    () => a.dropWindow(4n, 1),
    (e) => e instanceof LeagError && e.code === 'STATE_INTERNAL' && /2 entries/.test(e.message),
  );
  a.dropWindow(4n, 2);
  assert.deepEqual(a.digest(), StateAccumulator.empty().digest());
  assert.throws(() => a.remove(keys.order(4n, id(1)), v(1)), /has none/);
});

test('a view that closes a window drops its LtHash, and refuses to leave or write an entry of it', () => {
  const base = LedgerState.fromEntries([
    [keys.utxo(id(1), 0), v(1)],
    [keys.order(5n, id(2)), v(2)],
    [keys.orderNonce(5n, addr(2), 1n), id(2)],
    [keys.order(6n, id(3)), v(3)],
  ]);
  const full = new StateView(base);
  full.closeWindow(5n);
  full.delete(keys.order(5n, id(2)));
  full.delete(keys.orderNonce(5n, addr(2), 1n));
  const { writes, acc } = full.finish();
  assert.equal(writes.length, 2);
  const after = LedgerState.fromEntries([
    [keys.utxo(id(1), 0), v(1)],
    [keys.order(6n, id(3)), v(3)],
  ]);
  assert.deepEqual(acc.digest(), after.root(), 'incremental root = from scratch');

  const partial = new StateView(base);
  partial.fork().closeWindow(5n); // marks the root view
  partial.delete(keys.order(5n, id(2)));
  assert.throws(() => partial.finish(), /window 5 closes with 2 entries in the state but 1 deleted/);

  const writing = new StateView(base);
  writing.closeWindow(5n);
  writing.set(keys.order(5n, id(9)), v(9));
  assert.throws(() => writing.finish(), /writes an entry of that window/);
});
