import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fromJson, toJson } from '../src/codec/json.js';
import { isLeagError } from '../src/errors.js';
import { MESSAGE_NAMES, TxKind } from '../src/gen/types.gen.js';
import { arbMessage, runs } from './support/arb.js';

function code(fn: () => unknown, c: string): void {
  assert.throws(fn, (e: unknown) => isLeagError(e, c) || assert.fail(`expected ${c}, got ${String(e)}`));
}

describe('JSON form', () => {
  for (const name of ['Tx', 'Block', 'Genesis', 'ConsensusMessage', 'Settlement'] as const) {
    test(`${name}: fromJson(JSON.parse(JSON.stringify(toJson(v)))) = v`, () => {
      fc.assert(
        fc.property(arbMessage(name), (v) => {
          const text = JSON.stringify(toJson(name, v as never));
          assert.deepStrictEqual(fromJson(name, JSON.parse(text)), v);
        }),
        { numRuns: runs(12) },
      );
    });
  }

  test('every type accepts {} as its default', () => {
    for (const name of MESSAGE_NAMES) assert.ok(fromJson(name, {}));
  });

  test('readable forms', () => {
    const j = toJson('TxOutput', { value: 5n, energyWh: 0n, address: Uint8Array.of(0xab), escrowWindow: 0n });
    assert.deepStrictEqual(j, { value: '5', energyWh: '0', address: 'ab', escrowWindow: '0' });
    assert.equal(toJson('Tx', { ...fromJson('Tx', {}), kind: TxKind.TX_KIND_MINT }).kind, 'TX_KIND_MINT');
    assert.equal(fromJson('Tx', { kind: 'TX_KIND_MINT' }).kind, TxKind.TX_KIND_MINT);
  });

  test('strict errors name the field', () => {
    code(() => fromJson('TxOutput', { valu: '1' }), 'JSON_UNKNOWN_FIELD');
    code(() => fromJson('TxOutput', { value: '-1' }), 'JSON_TYPE');
    code(() => fromJson('TxOutput', { value: '1.5' }), 'JSON_TYPE');
    code(() => fromJson('TxOutput', { value: '18446744073709551616' }), 'JSON_RANGE');
    code(() => fromJson('TxOutput', { address: 'abc' }), 'JSON_HEX');
    code(() => fromJson('Tx', { kind: 'TX_KIND_NOPE' }), 'JSON_ENUM');
    code(() => fromJson('Tx', { version: 2 ** 32 }), 'JSON_TYPE');
    code(() => fromJson('Tx', { inputs: {} }), 'JSON_TYPE');
    code(() => fromJson('Tx', []), 'JSON_TYPE');
    code(() => fromJson('Tx', { transfer: {}, mint: {} }), 'JSON_ONEOF');
    assert.throws(
      () => fromJson('Tx', { outputs: [{ value: 'x' }] }),
      (e: unknown) => isLeagError(e, 'JSON_TYPE') && e.message.startsWith('Tx.outputs[0].value'),
    );
  });
});
