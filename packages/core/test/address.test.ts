import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bech32, bech32m } from '@scure/base';
import fc from 'fast-check';
import { ADDRESS_PREFIX, addressFromPublicKey, encodeAddress, isAddress, parseAddress } from '../src/address.js';
import { publicKeyOf, secretKeyFromSeed } from '../src/crypto/secp256k1.js';
import { isLeagError } from '../src/errors.js';
import { sha256 } from '../src/hash.js';
import { runs } from './support/arb.js';

const addr20 = fc.uint8Array({ minLength: 20, maxLength: 20 });
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function expectCode(text: string, code: string): void {
  assert.throws(
    () => parseAddress(text),
    (e: unknown) => isLeagError(e, code) || assert.fail(`${text}: expected ${code}, got ${String(e)}`),
  );
}

describe('addresses', () => {
  test('derived from the public key: first 20 bytes of sha256', () => {
    const pub = publicKeyOf(secretKeyFromSeed(Uint8Array.of(1)));
    assert.deepStrictEqual(addressFromPublicKey(pub), sha256(pub).slice(0, 20));
    assert.throws(
      () => addressFromPublicKey(pub.slice(1)),
      (e) => isLeagError(e, 'ADDR_PUBKEY'),
    );
  });

  test('encode/parse round trip; upper case accepted', () => {
    fc.assert(
      fc.property(addr20, (a) => {
        const s = encodeAddress(a);
        assert.match(s, /^leag1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{38}$/);
        assert.deepStrictEqual(parseAddress(s), a);
        assert.deepStrictEqual(parseAddress(s.toUpperCase()), a);
      }),
      { numRuns: runs(100) },
    );
  });

  test('any single-character typo is caught', () => {
    fc.assert(
      fc.property(addr20, fc.nat(), fc.nat({ max: 31 }), (a, pos, c) => {
        const s = encodeAddress(a);
        const i = 5 + (pos % (s.length - 5));
        const ch = CHARSET[c]!;
        if (ch === s[i]) return;
        const typo = s.slice(0, i) + ch + s.slice(i + 1);
        assert.equal(isAddress(typo), false);
        expectCode(typo, 'ADDR_CHECKSUM');
      }),
      { numRuns: runs(200) },
    );
  });

  test('errors say what is wrong', () => {
    const good = encodeAddress(new Uint8Array(20).fill(7));
    expectCode('', 'ADDR_EMPTY');
    expectCode(`leag1${'q'.repeat(90)}`, 'ADDR_TOO_LONG');
    expectCode(good.slice(0, 10) + good.slice(10).toUpperCase(), 'ADDR_MIXED_CASE');
    expectCode('leagqqqq', 'ADDR_NO_SEPARATOR');
    expectCode(bech32m.encode('btc', bech32m.toWords(new Uint8Array(20))), 'ADDR_PREFIX');
    expectCode(`${good.slice(0, 8)}b${good.slice(9)}`, 'ADDR_CHAR');
    expectCode(bech32.encode(ADDRESS_PREFIX, bech32.toWords(new Uint8Array(20))), 'ADDR_CHECKSUM');
    expectCode(bech32m.encode(ADDRESS_PREFIX, bech32m.toWords(new Uint8Array(32))), 'ADDR_LENGTH');
    expectCode('leag1qqqq', 'ADDR_CHECKSUM');
    assert.throws(
      () => encodeAddress(new Uint8Array(19)),
      (e) => isLeagError(e, 'ADDR_LENGTH'),
    );
  });

  test('random text never crashes the parser', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (s) => {
        try {
          parseAddress(s);
        } catch (e) {
          assert.ok(isLeagError(e) && e.code.startsWith('ADDR_'), String(e));
        }
      }),
      { numRuns: runs(300) },
    );
  });
});
