/**
 * The direct TxOutput encoder (codec/tx-output-fast.ts) gives exactly protobufjs's canonical bytes
 * for every well-formed value, and hands anything else to the general encoder (same errors).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { codecs } from '../src/codec/codec.js';
import { messageToWire } from '../src/codec/convert.js';
import { messageDesc } from '../src/codec/descriptors.js';
import { encodeTxOutputFast } from '../src/codec/tx-output-fast.js';
import { isLeagError } from '../src/errors.js';
import type { TxOutput } from '../src/gen/types.gen.js';
import { arbMessage, runs } from './support/arb.js';

const desc = messageDesc('TxOutput');
const reference = (v: TxOutput): Uint8Array =>
  new Uint8Array(desc.type.encode(messageToWire(desc, v, 'TxOutput')).finish());

const U64_MAX = (1n << 64n) - 1n;
const edge = fc.constantFrom(0n, 1n, 127n, 128n, 0x7fffffffn, 0x80000000n, 1n << 53n, U64_MAX - 1n, U64_MAX);
const u64 = fc.oneof(edge, fc.bigInt({ min: 0n, max: U64_MAX }));

describe('TxOutput direct encoder', () => {
  test('the same bytes as protobufjs for every well-formed value (random, boundary and schema-generated)', () => {
    fc.assert(
      fc.property(
        u64,
        u64,
        fc.uint8Array({ minLength: 0, maxLength: 127 }),
        u64,
        (value, energyWh, address, escrowWindow) => {
          const v: TxOutput = { value, energyWh, address, escrowWindow };
          const fast = encodeTxOutputFast(v);
          assert.ok(fast !== undefined);
          assert.deepStrictEqual(fast, reference(v));
          assert.deepStrictEqual(codecs.TxOutput.decode(fast), v);
        },
      ),
      { numRuns: runs(500) },
    );
    fc.assert(
      fc.property(arbMessage('TxOutput'), (v) => {
        assert.deepStrictEqual(codecs.TxOutput.encode(v as TxOutput), reference(v as TxOutput));
      }),
      { numRuns: runs(200) },
    );
  });

  test('anything else goes to the general encoder: same bytes or the same error', () => {
    const long = { value: 5n, energyWh: 0n, address: new Uint8Array(200).fill(3), escrowWindow: 0n };
    assert.equal(encodeTxOutputFast(long), undefined);
    assert.deepStrictEqual(codecs.TxOutput.encode(long), reference(long));
    for (const bad of [
      { value: -1n, energyWh: 0n, address: new Uint8Array(20), escrowWindow: 0n },
      { value: U64_MAX + 1n, energyWh: 0n, address: new Uint8Array(20), escrowWindow: 0n },
      { value: 5, energyWh: 0n, address: new Uint8Array(20), escrowWindow: 0n },
      { value: 5n, energyWh: 0n, address: 'ab', escrowWindow: 0n },
      { value: 5n, energyWh: 0n, address: new Uint8Array(20), escrowWindow: 0n, extra: 1 },
    ]) {
      assert.equal(
        encodeTxOutputFast(bad),
        undefined,
        JSON.stringify(bad, (_, x) => (typeof x === 'bigint' ? `${x}n` : x)),
      );
      let fastErr: unknown;
      try {
        codecs.TxOutput.encode(bad as unknown as TxOutput);
      } catch (e) {
        fastErr = e;
      }
      let refErr: unknown;
      try {
        reference(bad as unknown as TxOutput);
      } catch (e) {
        refErr = e;
      }
      if (refErr === undefined) assert.equal(fastErr, undefined);
      else assert.ok(isLeagError(fastErr) && (fastErr as Error).message === (refErr as Error).message);
    }
  });
});
