/**
 * The big-endian key helpers (storage/bytes.ts) against DataView, the definition they replace:
 * every state and store key is built with them, so a wrong byte would fork the state root.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import fc from 'fast-check';
import { putU32be, putU64be, readU32be, readU64be, u32be, u64be } from '../../src/storage/bytes.js';

const U64_MAX = (1n << 64n) - 1n;

function viaDataView(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v);
  return out;
}

/** Values around every power of two (the 2^32 and 2^53 edges of the fast paths included). */
const edges = [0n, 1n, U64_MAX, U64_MAX - 1n];
for (let k = 1n; k < 64n; k++) edges.push((1n << k) - 1n, 1n << k, (1n << k) + 1n);

describe('u64 and u32 big-endian helpers', () => {
  test('u64be and readU64be agree with DataView on every power-of-two edge', () => {
    for (const v of edges) {
      assert.deepEqual(u64be(v), viaDataView(v), `u64be(${v})`);
      assert.equal(readU64be(viaDataView(v)), v, `readU64be(${v})`);
    }
  });

  test('u64be and readU64be agree with DataView on random values and offsets', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), fc.nat({ max: 16 }), (v, off) => {
        const buf = new Uint8Array(off + 8 + 3).fill(0xa5);
        putU64be(buf, off, v);
        assert.deepEqual(buf.subarray(off, off + 8), viaDataView(v));
        assert.ok(buf.subarray(0, off).every((b) => b === 0xa5) && buf.subarray(off + 8).every((b) => b === 0xa5));
        assert.equal(readU64be(buf, off), v);
        assert.equal(new DataView(buf.buffer).getBigUint64(off), v);
      }),
      { numRuns: 2000 },
    );
  });

  test('u32be and readU32be agree with DataView', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 16 }), (v, off) => {
        const buf = new Uint8Array(off + 4);
        putU32be(buf, off, v);
        assert.equal(new DataView(buf.buffer).getUint32(off), v);
        assert.equal(readU32be(buf, off), v);
        assert.deepEqual(u32be(v), buf.subarray(off));
      }),
      { numRuns: 2000 },
    );
    assert.equal(readU32be(Uint8Array.of(0xff, 0xff, 0xff, 0xff)), 0xffffffff);
  });

  test('out-of-range values and short records are typed errors', () => {
    for (const v of [-1n, U64_MAX + 1n])
      assert.throws(
        () => u64be(v),
        (e) => isLeagError(e, 'STORE_BAD_KEY'),
      );
    for (const v of [-1, 0x1_0000_0000, 1.5, Number.NaN])
      assert.throws(
        () => u32be(v),
        (e) => isLeagError(e, 'STORE_BAD_KEY'),
      );
    assert.throws(
      () => readU64be(new Uint8Array(7)),
      (e) => isLeagError(e, 'STORE_CORRUPT'),
    );
    assert.throws(
      () => readU64be(new Uint8Array(9), 2),
      (e) => isLeagError(e, 'STORE_CORRUPT'),
    );
    assert.throws(
      () => readU32be(new Uint8Array(3)),
      (e) => isLeagError(e, 'STORE_CORRUPT'),
    );
    assert.throws(
      () => readU32be(new Uint8Array(8), -1),
      (e) => isLeagError(e, 'STORE_CORRUPT'),
    );
  });
});
