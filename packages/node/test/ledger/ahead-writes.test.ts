import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import fc from 'fast-check';
import { aheadWritesOf, aheadWritesOrder, aheadWritesSteps } from '../../src/ledger/ahead-writes.js';
import { LtHash } from '../../src/ledger/lthash.js';
import { LedgerState, stateElement } from '../../src/ledger/state.js';
import { keys, Table } from '../../src/ledger/state-tables.js';
import { StateView } from '../../src/ledger/state-view.js';
import { toHex } from '../../src/storage/bytes.js';

const utxo = (n: number) => keys.utxo(new Uint8Array(32).fill(n % 251), Math.floor(n / 251));
const val = (n: number) => Uint8Array.of(0x08, n & 0x7f, 0x2a, n >> 7);

/** A base state of UTXO entries 0..size-1. */
const baseOf = (size: number) => LedgerState.fromEntries(Array.from({ length: size }, (_, i) => [utxo(i), val(i)]));

/** The delta a worker computes: Σ created − Σ spent (as their base values). */
function deltaOf(base: LedgerState, spent: Uint8Array[], created: [Uint8Array, Uint8Array][]): Uint16Array {
  const h = new LtHash();
  for (const k of spent) h.remove(stateElement(k, base.get(k) as Uint8Array));
  for (const [k, v] of created) h.add(stateElement(k, v));
  return h.lanes;
}

const plain = (ws: { key: Uint8Array; value: Uint8Array | null }[]) =>
  ws.map((w) => [toHex(w.key), w.value === null ? null : toHex(w.value)]);

describe('a change computed ahead, read in place by the block view', () => {
  test('the same writes, order, root and reads as the same change written entry by entry', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat(39), { maxLength: 30 }),
        fc.array(fc.nat(60), { maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(100), fc.option(fc.nat(200), { nil: null })), { maxLength: 30 }),
        (size, spentIx, createdIx, later) => {
          const base = baseOf(size);
          const spent = [...new Set(spentIx.filter((i) => i < size))].map(utxo);
          const created = [...new Set(createdIx.map((i) => 40 + i))].map((i): [Uint8Array, Uint8Array] => [
            utxo(i),
            val(1000 + i),
          ]);
          const fast = new StateView(base);
          fast.putAhead(aheadWritesOf(spent, created, deltaOf(base, spent, created)));
          const slow = new StateView(base);
          for (const k of spent) slow.delete(k);
          for (const [k, v] of created) slow.set(k, v);
          // later txs of the same block, through forks as the block body writes them
          for (const [i, v] of later) {
            for (const view of [fast, slow]) {
              const f = view.fork();
              if (v === null) f.delete(utxo(i));
              else f.set(utxo(i), val(v));
              view.adopt(f);
            }
          }
          for (let i = 0; i < 110; i++) assert.deepEqual(fast.get(utxo(i)), slow.get(utxo(i)), `read of entry ${i}`);
          assert.deepEqual(
            fast.tableEntries(Table.utxo).map(([k]) => toHex(k)),
            slow.tableEntries(Table.utxo).map(([k]) => toHex(k)),
          );
          assert.equal(fast.wroteTable(Table.utxo), slow.wroteTable(Table.utxo));
          const a = fast.finish();
          const b = slow.finish();
          assert.deepEqual(plain(a.writes), plain(b.writes));
          for (const w of a.writes) assert.equal(w.hex, toHex(w.key));
          assert.deepEqual(a.acc.digest(), b.acc.digest());
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a change that does not fit the state, or writes a key twice, is refused', () => {
    const base = baseOf(3);
    const none = new Uint16Array(1024);
    const refused = (spent: Uint8Array[], created: [Uint8Array, Uint8Array][], why: RegExp) =>
      assert.throws(
        () => new StateView(base).putAhead(aheadWritesOf(spent, created, none)),
        (e) => isLeagError(e, 'STATE_INTERNAL') && why.test((e as Error).message),
      );
    refused([utxo(7)], [], /deletes .* which the block state does not hold/);
    refused([], [[utxo(1), val(1)]], /creates .* which the block state already holds/);
    refused([utxo(1), utxo(1)], [], /twice/);
    const v = new StateView(base);
    v.delete(utxo(2));
    assert.throws(
      () => v.putAhead(aheadWritesOf([utxo(2)], [], none)),
      (e) => isLeagError(e, 'STATE_INTERNAL'),
    );
    assert.throws(() => new StateView(base).fork().putAhead(aheadWritesOf([], [], none)), /only for a root view/);
  });

  test("prepared in steps with the worker's order: the same writes; an order that is not the keys sorted is refused", () => {
    const base = baseOf(20);
    const spent = [utxo(3), utxo(17), utxo(0), utxo(9)];
    const created: [Uint8Array, Uint8Array][] = [70, 45, 300, 41].map((i) => [utxo(i), val(i)]);
    const delta = deltaOf(base, spent, created);
    const whole = aheadWritesOf(spent, created, delta);
    const order = aheadWritesOrder(spent, created);
    const steps = aheadWritesSteps(spent, created, delta, order, 2);
    let turns = 0;
    let r = steps.next();
    while (r.done !== true) {
      turns++;
      r = steps.next();
    }
    assert.ok(turns >= 4, `yields between steps (${turns})`);
    assert.deepEqual(r.value.sorted, whole.sorted);
    assert.deepEqual([...r.value.entries.keys()].sort(), [...whole.entries.keys()].sort());
    const swapped = order.slice();
    [swapped[0], swapped[1]] = [swapped[1] as number, swapped[0] as number];
    assert.throws(() => aheadWritesOf(spent, created, delta, swapped), /not its keys sorted/);
    assert.throws(() => aheadWritesOf(spent, created, delta, order.subarray(1)), /orders 7 of its 8 writes/);
  });
});
