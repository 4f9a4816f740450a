import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { codecs } from '../src/codec/codec.js';
import { MESSAGE_NAMES } from '../src/gen/types.gen.js';
import { arbMessage, runs } from './support/arb.js';

describe('every message type round-trips canonically', () => {
  for (const name of MESSAGE_NAMES) {
    test(name, () => {
      const codec = codecs[name];
      fc.assert(
        fc.property(arbMessage(name), (v) => {
          const bytes = codec.encode(v as never);
          const back = codec.decode(bytes, { maxBytes: 1 << 26 });
          assert.deepStrictEqual(back, v);
          assert.deepStrictEqual(codec.encode(back as never), bytes);
        }),
        { numRuns: runs(40) },
      );
    });
  }

  test('empty() decodes from empty bytes and encodes to empty bytes', () => {
    for (const name of MESSAGE_NAMES) {
      const c = codecs[name];
      assert.deepStrictEqual(c.decode(new Uint8Array(0)), c.empty(), name);
      assert.equal(c.encode(c.empty() as never).length, 0, name);
    }
  });
});

test('encodings and hashes own their ArrayBuffer (no view on a shared pool)', async () => {
  const { sha256 } = await import('../src/hash.js');
  const b = codecs.Transfer.encode({ memo: 'x' });
  assert.equal(b.byteOffset, 0);
  assert.equal(b.buffer.byteLength, b.length);
  assert.equal(Object.getPrototypeOf(b), Uint8Array.prototype);
  const h = sha256(b);
  assert.equal(h.buffer.byteLength, 32);
  assert.equal(Object.getPrototypeOf(h), Uint8Array.prototype);
});
