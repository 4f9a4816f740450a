/** The UTXO table by address (utxo-index.ts): the coin reads of the API without a scan of the set. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TxOutput } from '@leag/core';
import { codecs } from '../../src/ledger/codec.js';
import { keys, LedgerState, StateView, Table } from '../../src/ledger/index.js';
import { recordAddress } from '../../src/ledger/utxo-index.js';
import { toHex } from '../../src/storage/bytes.js';

const id = (n: number) => new Uint8Array(32).fill(n);
const addr = (n: number) => new Uint8Array(20).fill(n);

/** A small deterministic generator (xorshift32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

test('recordAddress reads the address of every shape of UTXO record, as a full decode does', () => {
  const big = (1n << 64n) - 1n;
  const outputs: TxOutput[] = [
    { value: 0n, energyWh: 0n, address: new Uint8Array(0), escrowWindow: 0n },
    { value: 1n, energyWh: 0n, address: addr(7), escrowWindow: 0n },
    { value: big, energyWh: big, address: addr(8), escrowWindow: big },
    { value: 0n, energyWh: 5n, address: addr(9), escrowWindow: 3n },
    { value: 300n, energyWh: 0n, address: new Uint8Array(0), escrowWindow: 12n },
    { value: 127n, energyWh: 128n, address: Uint8Array.of(1, 2, 3), escrowWindow: 0n },
  ];
  const r = rng(7);
  for (let i = 0; i < 300; i++)
    outputs.push({
      value: BigInt(Math.floor(r() * 2 ** 40)) * (r() < 0.3 ? 0n : 1n),
      energyWh: BigInt(Math.floor(r() * 2 ** 20)) * (r() < 0.5 ? 0n : 1n),
      address: r() < 0.1 ? new Uint8Array(0) : addr(Math.floor(r() * 250)),
      escrowWindow: r() < 0.5 ? 0n : BigInt(Math.floor(r() * 1e6)),
    });
  for (const o of outputs) {
    const rec = codecs.TxOutput.encode(o);
    assert.deepEqual(recordAddress(rec), codecs.TxOutput.decode(rec).address, toHex(rec));
  }
});

test('recordAddress refuses a malformed record with the decoder error, never a wrong address', () => {
  const ok = codecs.TxOutput.encode({ value: 5n, energyWh: 0n, address: addr(3), escrowWindow: 0n });
  for (const bad of [
    Uint8Array.of(0x08, 0x80), // a varint cut short
    Uint8Array.of(0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), // 11 bytes
    ok.subarray(0, ok.length - 2), // the address cut short
    Uint8Array.of(0x2a, 0x01, 0x00), // an unknown field
  ])
    assert.throws(
      () => recordAddress(bad),
      (e: Error & { code?: string }) => typeof e.code === 'string',
    );
});

for (const [name, readEvery, pendingMax] of [
  ['read after every commit', 1, undefined],
  ['read every fifth commit (changes held back until a read)', 5, undefined],
  ['read every fifth commit, the held-back changes capped (index dropped and rebuilt)', 5, 40],
] as const)
  test(`an address's coins come from the index and stay equal to a scan of the set across commits: ${name}`, () => {
    const r = rng(11);
    const state = LedgerState.fromEntries([]);
    if (pendingMax !== undefined) state.indexPendingMax = pendingMax;
    const scan = (a: Uint8Array) =>
      [...state.tableEntries(Table.utxo)]
        .filter(([, v]) => toHex(codecs.TxOutput.decode(v).address) === toHex(a))
        .map(([k]) => toHex(k))
        .sort();
    const viaIndex = (a: Uint8Array) =>
      state
        .utxosOf(a)
        .map(([k]) => toHex(k))
        .sort();
    const live: Uint8Array[] = [];
    let n = 0;
    for (let block = 0; block < 40; block++) {
      const view = new StateView(state);
      const writes = 1 + Math.floor(r() * 30);
      for (let i = 0; i < writes; i++) {
        const roll = r();
        if (roll < 0.3 && live.length > 0) {
          // spend a coin
          const [k] = live.splice(Math.floor(r() * live.length), 1);
          view.delete(k as Uint8Array);
        } else if (roll < 0.4 && live.length > 0) {
          // a record rewritten in place with another owner (the index must move it)
          const k = live[Math.floor(r() * live.length)] as Uint8Array;
          view.set(
            k,
            codecs.TxOutput.encode({
              value: 9n,
              energyWh: 0n,
              address: addr(1 + Math.floor(r() * 6)),
              escrowWindow: 0n,
            }),
          );
        } else {
          const k = keys.utxo(id(n % 251), n);
          n++;
          live.push(k);
          view.set(
            k,
            codecs.TxOutput.encode({
              value: BigInt(n),
              energyWh: 0n,
              address: addr(1 + Math.floor(r() * 6)),
              escrowWindow: 0n,
            }),
          );
        }
      }
      const { writes: w, acc } = view.finish();
      state.commit(w, acc, state.head);
      // the first read builds the index (block 0); later reads bring it up to date
      if (block % readEvery === 0)
        for (let a = 1; a <= 7; a++) assert.deepEqual(viaIndex(addr(a)), scan(addr(a)), `block ${block}, address ${a}`);
    }
    assert.deepEqual(viaIndex(addr(7)), [], 'an address without coins');
    assert.ok(live.length > 50, `the run left ${live.length} coins`);
  });
