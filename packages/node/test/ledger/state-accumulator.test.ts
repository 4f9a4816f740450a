/** The state root's accumulator: window-scoped entries in a LtHash per window, dropped whole at close. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys, LedgerState, StateView, Table } from '../../src/ledger/index.js';
import { StateAccumulator, windowOfKey } from '../../src/ledger/state-accumulator.js';

const id = (n: number) => new Uint8Array(32).fill(n);
const addr = (n: number) => new Uint8Array(20).fill(n);
const v = (n: number) => Uint8Array.of(n, n + 1);

test('window-scoped keys are the order table, by their window', () => {
  assert.equal(windowOfKey(keys.order(7n, addr(1), 1n)), 7n);
  assert.equal(windowOfKey(keys.order(9n, addr(1), 3n)), 9n);
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
  a.add(keys.order(2n, addr(5), 5n), v(5));
  a.add(keys.order(3n, addr(6), 6n), v(6));
  b.add(keys.order(3n, addr(6), 6n), v(6));
  b.add(keys.order(2n, addr(5), 5n), v(5));
  assert.deepEqual(a.digest(), b.digest(), 'insertion order does not matter');
  assert.notDeepEqual(a.digest(), mainOnly);
  // the same entries under another window give another root
  const c = StateAccumulator.empty();
  c.add(keys.utxo(id(1), 0), v(1));
  c.add(keys.order(2n, addr(6), 6n), v(6));
  c.add(keys.order(3n, addr(5), 5n), v(5));
  assert.notDeepEqual(c.digest(), a.digest());
  // removing every window entry gives the v1 root back
  a.remove(keys.order(2n, addr(5), 5n), v(5));
  a.remove(keys.order(3n, addr(6), 6n), v(6));
  assert.deepEqual(a.digest(), mainOnly);
  assert.equal(a.windowEntries(2n), 0);
});

test('a clone is independent; dropping a window forgets its entries and is listed', () => {
  const a = StateAccumulator.empty();
  a.add(keys.order(4n, addr(1), 1n), v(1));
  a.add(keys.order(4n, addr(3), 1n), v(3));
  const b = a.clone();
  b.add(keys.order(4n, addr(2), 2n), v(2));
  assert.equal(a.windowEntries(4n), 2);
  assert.equal(b.windowEntries(4n), 3);
  a.dropWindow(4n);
  assert.deepEqual(a.dropped, [4n]);
  assert.deepEqual(a.digest(), StateAccumulator.empty().digest());
  assert.throws(() => a.remove(keys.order(4n, addr(1), 1n), v(1)), /has none/);
  assert.deepEqual(a.clone().dropped, [], 'a clone starts with nothing dropped');
});

test('a view that closes a window: reads see none of it, the root and the state drop it whole', () => {
  const entries: [Uint8Array, Uint8Array][] = [
    [keys.utxo(id(1), 0), v(1)],
    [keys.order(5n, addr(2), 2n), v(2)],
    [keys.order(5n, addr(4), 1n), v(4)],
    [keys.order(6n, addr(3), 3n), v(3)],
  ];
  const base = LedgerState.fromEntries(entries);
  const view = new StateView(base);
  const fork = view.fork();
  fork.closeWindow(5n); // a fork shares the closing set with its root view
  assert.equal(view.get(keys.order(5n, addr(2), 2n)), undefined);
  assert.equal(view.get(keys.order(5n, addr(4), 1n)), undefined);
  assert.deepEqual(view.get(keys.order(6n, addr(3), 3n)), v(3));
  assert.deepEqual(
    view.tableEntries(Table.order).map(([k]) => k),
    [keys.order(6n, addr(3), 3n)],
  );
  const { writes, acc } = view.finish();
  assert.equal(writes.length, 0, 'no write per dropped entry');
  const after = LedgerState.fromEntries([entries[0]!, entries[3]!]);
  assert.deepEqual(acc.digest(), after.root(), 'incremental root = from scratch');
  base.commit(writes, acc, base.head);
  assert.deepEqual([...base.allEntries()], [...after.allEntries()]);
  assert.deepEqual(base.root(), after.root());

  const writing = new StateView(LedgerState.fromEntries(entries));
  writing.closeWindow(5n);
  writing.set(keys.order(5n, addr(9), 9n), v(9));
  assert.throws(() => writing.finish(), /closes window 5 writes an entry of it/);
});

test("a store's entries of windows the tip has closed are left out at load and listed as dead", () => {
  const tip = new Uint8Array(24);
  tip.set([0, 0, 0, 0, 0, 0, 0, 5], 16); // last closed window 5
  const s = LedgerState.fromEntries([
    [keys.tip(), tip],
    [keys.order(5n, addr(2), 2n), v(2)],
    [keys.order(4n, addr(4), 1n), v(4)],
    [keys.order(6n, addr(3), 3n), v(3)],
  ]);
  assert.deepEqual([...s.deadWindows].sort(), [4n, 5n]);
  assert.deepEqual(
    [...s.allEntries()].map(([k]) => k),
    [keys.tip(), keys.order(6n, addr(3), 3n)],
  );
});
