import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { codecs } from '../src/codec/codec.js';
import { isLeagError } from '../src/errors.js';
import { MESSAGE_NAMES, type Vote } from '../src/gen/types.gen.js';
import { arbMessage, runs } from './support/arb.js';

/** Decoding must either succeed canonically or throw a LeagError whose code starts with DECODE_. */
function decodeOrTypedError(name: (typeof MESSAGE_NAMES)[number], bytes: Uint8Array): void {
  const c = codecs[name];
  let value: unknown;
  try {
    value = c.decode(bytes, { maxBytes: 1 << 26 });
  } catch (e) {
    assert.ok(isLeagError(e), `${name}: not a LeagError: ${String(e)}`);
    assert.match(e.code, /^DECODE_/, `${name}: ${e.code}`);
    return;
  }
  assert.deepStrictEqual(c.encode(value as never), bytes, `${name}: accepted bytes are canonical`);
}

function expectCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => isLeagError(e, code) || assert.fail(`expected ${code}, got ${String(e)}`));
}

const vote: Vote = {
  phase: 2,
  view: 5n,
  height: 1n,
  blockHash: new Uint8Array([1, 2, 3]),
  validator: 3,
  signature: new Uint8Array(0),
};

describe('decoders reject garbage with typed errors', () => {
  for (const name of MESSAGE_NAMES) {
    test(`random bytes → ${name}`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (b) => decodeOrTypedError(name, b)),
        { numRuns: runs(100) },
      );
    });
    test(`mutated valid encodings → ${name}`, () => {
      const mutation = fc.record({
        at: fc.nat(),
        byte: fc.integer({ min: 0, max: 255 }),
        op: fc.constantFrom('set', 'insert', 'delete', 'truncate', 'append'),
      });
      fc.assert(
        fc.property(arbMessage(name), mutation, (v, m) => {
          const b = codecs[name].encode(v as never);
          const at = b.length === 0 ? 0 : m.at % b.length;
          let out: Uint8Array;
          if (m.op === 'set') out = b.length === 0 ? Uint8Array.of(m.byte) : b.map((x, i) => (i === at ? m.byte : x));
          else if (m.op === 'insert') out = Uint8Array.from([...b.slice(0, at), m.byte, ...b.slice(at)]);
          else if (m.op === 'delete') out = Uint8Array.from([...b.slice(0, at), ...b.slice(at + 1)]);
          else if (m.op === 'truncate') out = b.slice(0, at);
          else out = Uint8Array.from([...b, m.byte]);
          decodeOrTypedError(name, out);
        }),
        { numRuns: runs(40) },
      );
    });
  }
});

describe('non-canonical input is rejected', () => {
  const good = codecs.Vote.encode(vote); // 08 02 10 05 18 01 22 03 01 02 03 28 03
  test('the canonical bytes decode', () => {
    assert.deepStrictEqual(codecs.Vote.decode(good), vote);
  });
  test('explicit default value', () => {
    expectCode(() => codecs.Vote.decode(Uint8Array.from([...good, 0x32, 0x00])), 'DECODE_NON_CANONICAL');
  });
  test('fields out of order', () => {
    expectCode(() => codecs.Vote.decode(Uint8Array.from([0x10, 5, 0x08, 2])), 'DECODE_NON_CANONICAL');
  });
  test('non-minimal varint', () => {
    expectCode(() => codecs.Vote.decode(Uint8Array.from([0x10, 0x85, 0x00])), 'DECODE_NON_CANONICAL');
  });
  test('repeated scalar field', () => {
    expectCode(() => codecs.Vote.decode(Uint8Array.from([0x10, 5, 0x10, 6])), 'DECODE_NON_CANONICAL');
  });
  test('bool encoded as 2', () => {
    expectCode(() => codecs.BuyOrder.decode(Uint8Array.from([0x48, 2])), 'DECODE_NON_CANONICAL');
  });
  test('invalid UTF-8 in a string', () => {
    expectCode(() => codecs.Transfer.decode(Uint8Array.from([0x0a, 1, 0xff])), 'DECODE_BAD_UTF8');
    expectCode(() => codecs.Transfer.decode(Uint8Array.from([0x0a, 3, 0xed, 0xa0, 0x80])), 'DECODE_BAD_UTF8');
  });
  test('empty non-optional sub-message written out', () => {
    expectCode(() => codecs.Block.decode(Uint8Array.from([0x0a, 0x00])), 'DECODE_NON_CANONICAL');
  });
  test('two members of one oneof', () => {
    expectCode(() => codecs.ConsensusMessage.decode(Uint8Array.from([0x12, 0, 0x1a, 0])), 'DECODE_NON_CANONICAL');
  });
  test('uint32 above 2^32', () => {
    expectCode(() => codecs.Vote.decode(Uint8Array.from([0x28, 0x80, 0x80, 0x80, 0x80, 0x10])), 'DECODE_NON_CANONICAL');
  });
  test('unknown field', () => {
    expectCode(() => codecs.Vote.decode(Uint8Array.from([...good, 0x38, 1])), 'DECODE_UNKNOWN_FIELD');
  });
  test('trustedEncoding skips only the canonical-form check (stored records of the node itself)', () => {
    const outOfOrder = Uint8Array.from([0x10, 5, 0x08, 2]);
    const v = codecs.Vote.decode(outOfOrder, { trustedEncoding: true });
    assert.deepStrictEqual(codecs.Vote.encode(v), Uint8Array.from([0x08, 2, 0x10, 5]));
    expectCode(
      () => codecs.Vote.decode(Uint8Array.from([...good, 0x38, 1]), { trustedEncoding: true }),
      'DECODE_UNKNOWN_FIELD',
    );
    expectCode(() => codecs.Vote.decode(Uint8Array.from([0x08, 0x09]), { trustedEncoding: true }), 'DECODE_BAD_ENUM');
  });
  test('wrong wire type', () => {
    expectCode(() => codecs.Vote.decode(Uint8Array.from([0x0a, 0x00])), 'DECODE_WIRE_TYPE');
  });
  test('enum value outside the schema', () => {
    expectCode(() => codecs.Vote.decode(Uint8Array.from([0x08, 0x09])), 'DECODE_BAD_ENUM');
  });
  test('truncated length-delimited field', () => {
    expectCode(() => codecs.Vote.decode(Uint8Array.from([0x22, 5, 1])), 'DECODE_TRUNCATED');
  });
  test('overlong varint', () => {
    expectCode(() => codecs.Vote.decode(new Uint8Array(12).fill(0xff)), 'DECODE_MALFORMED');
  });
  test('not a Uint8Array', () => {
    expectCode(() => codecs.Vote.decode('abc' as unknown as Uint8Array), 'DECODE_TYPE');
  });
});

describe('limits', () => {
  test('size limit: default per type, overridable', () => {
    const big = codecs.Transfer.encode({ memo: 'x'.repeat(3000) });
    assert.equal(codecs.Transfer.decode(big).memo.length, 3000);
    expectCode(() => codecs.Transfer.decode(big, { maxBytes: 100 }), 'DECODE_TOO_LARGE');
    expectCode(() => codecs.Vote.decode(new Uint8Array(70_000)), 'DECODE_TOO_LARGE');
  });
  test('count limit on repeated fields', () => {
    const g = {
      granter: 1,
      addresses: Array.from({ length: 257 }, () => new Uint8Array(20)),
      certHash: new Uint8Array(32),
    };
    const bytes = codecs.AddressGrant.encode(g);
    expectCode(() => codecs.AddressGrant.decode(bytes), 'DECODE_TOO_MANY');
    assert.equal(
      codecs.AddressGrant.decode(bytes, { maxCounts: { 'AddressGrant.addresses': 300 } }).addresses.length,
      257,
    );
  });
  test('string and bytes length limit', () => {
    const bytes = codecs.Transfer.encode({ memo: 'y'.repeat(5000) });
    expectCode(() => codecs.Transfer.decode(bytes), 'DECODE_TOO_LONG');
    assert.equal(codecs.Transfer.decode(bytes, { maxFieldBytes: 8000 }).memo.length, 5000);
  });
});

describe('encode rejects values outside the schema', () => {
  test('uint64 out of range or not a bigint', () => {
    expectCode(() => codecs.Vote.encode({ ...vote, view: -1n }), 'ENCODE_RANGE');
    expectCode(() => codecs.Vote.encode({ ...vote, view: 1n << 64n }), 'ENCODE_RANGE');
    expectCode(() => codecs.Vote.encode({ ...vote, view: 5 as unknown as bigint }), 'ENCODE_TYPE');
  });
  test('uint32, enum, bytes, string', () => {
    expectCode(() => codecs.Vote.encode({ ...vote, validator: 2 ** 32 }), 'ENCODE_RANGE');
    expectCode(() => codecs.Vote.encode({ ...vote, validator: 1.5 }), 'ENCODE_TYPE');
    expectCode(() => codecs.Vote.encode({ ...vote, phase: 42 as never }), 'ENCODE_ENUM');
    expectCode(() => codecs.Vote.encode({ ...vote, blockHash: [1, 2] as unknown as Uint8Array }), 'ENCODE_TYPE');
    expectCode(() => codecs.Transfer.encode({ memo: 'a\uD800b' }), 'ENCODE_STRING');
  });
  test('properties the schema does not have (a typo must not encode as a default)', () => {
    expectCode(() => codecs.Vote.encode({ ...vote, blockhash: Uint8Array.of(1) } as Vote), 'ENCODE_UNKNOWN_FIELD');
    assert.deepStrictEqual(codecs.Vote.encode({ ...vote, extra: undefined } as Vote), codecs.Vote.encode(vote));
  });
  test('two oneof members set', () => {
    expectCode(() => codecs.ConsensusMessage.encode({ vote, checkpoint: codecs.Checkpoint.empty() }), 'ENCODE_ONEOF');
  });
});
