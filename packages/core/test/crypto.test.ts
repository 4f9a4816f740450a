import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fromHex, toHex } from '../src/bytes.js';
import {
  CURVE_ORDER,
  generateSecretKey,
  HALF_CURVE_ORDER,
  isCanonicalSignature,
  isHighS,
  isValidPublicKey,
  publicKeyOf,
  publicKeyOfNoble,
  secretKeyFromSeed,
  sign,
  signDigest,
  signNoble,
  verifyDigestNoble,
  verifySignatureNoble,
} from '../src/crypto/secp256k1.js';
import { verifySignature } from '../src/crypto/verify-fast.js';
import { isLeagError } from '../src/errors.js';
import { sha256 } from '../src/hash.js';
import { runs } from './support/arb.js';
import { readScalar, toHighS, withRS } from './support/sig.js';

const sk32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((seed) => secretKeyFromSeed(seed));

describe('secp256k1 keys and signatures', () => {
  test('sign then verify (both paths); low-S, 64 bytes, deterministic', () => {
    fc.assert(
      fc.property(sk32, fc.uint8Array({ maxLength: 100 }), (sk, msg) => {
        const pub = publicKeyOf(sk);
        assert.equal(pub.length, 33);
        const sig = sign(sk, msg);
        assert.equal(sig.length, 64);
        assert.ok(readScalar(sig, 32) <= HALF_CURVE_ORDER, 'low-S');
        assert.deepStrictEqual(sign(sk, msg), sig, 'RFC 6979 is deterministic');
        assert.deepStrictEqual(signDigest(sk, sha256(msg)), sig);
        assert.ok(verifySignature(pub, msg, sig));
        assert.ok(verifySignatureNoble(pub, msg, sig));
        assert.ok(verifyDigestNoble(pub, sha256(msg), sig));
      }),
      { numRuns: runs(25) },
    );
  });

  test('libsecp256k1 signs and derives keys to exactly the bytes noble gives (RFC 6979, low-S)', () => {
    fc.assert(
      fc.property(sk32, fc.uint8Array({ maxLength: 300 }), (sk, msg) => {
        assert.deepStrictEqual(sign(sk, msg), signNoble(sk, msg));
        assert.deepStrictEqual(signDigest(sk, sha256(msg)), signNoble(sk, msg));
        assert.deepStrictEqual(publicKeyOf(sk), publicKeyOfNoble(sk));
        assert.equal(sign(sk, msg).constructor, Uint8Array);
        assert.equal(publicKeyOf(sk).constructor, Uint8Array);
      }),
      { numRuns: runs(200) },
    );
    // edge secret keys: 1 and n-1
    for (const k of [1n, CURVE_ORDER - 1n]) {
      const sk = Uint8Array.from(Buffer.from(k.toString(16).padStart(64, '0'), 'hex'));
      assert.deepStrictEqual(sign(sk, Uint8Array.of(7)), signNoble(sk, Uint8Array.of(7)));
      assert.deepStrictEqual(publicKeyOf(sk), publicKeyOfNoble(sk));
    }
  });

  test('a signature does not verify for another message or key', () => {
    fc.assert(
      fc.property(sk32, sk32, fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b, m1, m2) => {
        const sig = sign(a, m1);
        if (toHex(m1) !== toHex(m2)) assert.equal(verifySignature(publicKeyOf(a), m2, sig), false);
        if (toHex(a) !== toHex(b)) assert.equal(verifySignature(publicKeyOf(b), m1, sig), false);
      }),
      { numRuns: runs(30) },
    );
  });

  test('high-S twins of valid signatures are rejected by both paths', () => {
    fc.assert(
      fc.property(sk32, fc.uint8Array({ maxLength: 60 }), (sk, msg) => {
        const pub = publicKeyOf(sk);
        const high = toHighS(sign(sk, msg));
        assert.equal(isCanonicalSignature(high), false);
        assert.equal(verifySignature(pub, msg, high), false);
        assert.equal(verifySignatureNoble(pub, msg, high), false);
      }),
      { numRuns: runs(30) },
    );
  });

  test('RFC 6979 known vector (secret key 1, message "Satoshi Nakamoto")', () => {
    const sk = fromHex('0000000000000000000000000000000000000000000000000000000000000001');
    const sig = sign(sk, new TextEncoder().encode('Satoshi Nakamoto'));
    assert.equal(
      toHex(sig),
      '934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d82442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5',
    );
  });

  test('hand cases: r or s = 0 or ≥ n, wrong lengths, invalid points', () => {
    const sk = secretKeyFromSeed(new Uint8Array(32));
    const pub = publicKeyOf(sk);
    const msg = Uint8Array.of(1, 2, 3);
    const sig = sign(sk, msg);
    const r = readScalar(sig, 0);
    const s = readScalar(sig, 32);
    const bad: [string, Uint8Array, Uint8Array][] = [
      ['r = 0', pub, withRS(0n, s)],
      ['s = 0', pub, withRS(r, 0n)],
      ['r = n', pub, withRS(CURVE_ORDER, s)],
      ['r + n', pub, withRS(r + CURVE_ORDER < 1n << 256n ? r + CURVE_ORDER : CURVE_ORDER + 1n, s)],
      ['s = n', pub, withRS(r, CURVE_ORDER)],
      ['63-byte signature', pub, sig.slice(0, 63)],
      ['65-byte signature', pub, Uint8Array.from([...sig, 1])],
      ['empty signature', pub, new Uint8Array(0)],
      ['32-byte key', pub.slice(1), sig],
      ['uncompressed prefix', Uint8Array.from([4, ...pub.slice(1)]), sig],
      ['x not on the curve', Uint8Array.from([2, ...new Uint8Array(32).fill(0xff)]), sig],
      ['x = 0', Uint8Array.from([2, ...new Uint8Array(32)]), sig],
      ['flipped parity', Uint8Array.from([pub[0] === 2 ? 3 : 2, ...pub.slice(1)]), sig],
    ];
    for (const [what, p, sg] of bad) {
      assert.equal(verifySignature(p, msg, sg), false, `fast: ${what}`);
      assert.equal(verifySignatureNoble(p, msg, sg), false, `noble: ${what}`);
    }
    assert.equal(isValidPublicKey(Uint8Array.from([2, ...new Uint8Array(32)])), false);
    assert.ok(isValidPublicKey(pub));
  });

  test('scalar range checks agree with their BigInt definition (edges and random bytes)', () => {
    const edges = [
      0n,
      1n,
      2n,
      HALF_CURVE_ORDER - 1n,
      HALF_CURVE_ORDER,
      HALF_CURVE_ORDER + 1n,
      CURVE_ORDER - 1n,
      CURVE_ORDER,
    ];
    const edge = fc.constantFrom(...edges, CURVE_ORDER + 1n, (1n << 256n) - 1n, 1n << 255n, 0xffn, 0xff00n);
    // random words, and words that share a long prefix with n or n/2 (the byte loop's hard cases)
    const near = fc
      .tuple(
        fc.constantFrom(CURVE_ORDER, HALF_CURVE_ORDER),
        fc.integer({ min: 0, max: 31 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
      )
      .map(([base, keep, tail]) => {
        const b = withRS(base, 0n).slice(0, 32);
        b.set(tail.subarray(keep), keep);
        return readScalar(b, 0);
      });
    const word = fc.oneof(edge, near, fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }));
    fc.assert(
      fc.property(word, word, (r, s) => {
        const sig = withRS(r, s);
        const want = r >= 1n && r < CURVE_ORDER && s >= 1n && s <= HALF_CURVE_ORDER;
        assert.equal(isCanonicalSignature(sig), want, `r=${r.toString(16)} s=${s.toString(16)}`);
        assert.equal(isHighS(sig), s > HALF_CURVE_ORDER, `s=${s.toString(16)}`);
      }),
      { numRuns: runs(2000) },
    );
    for (const r of edges)
      for (const s of edges)
        assert.equal(
          isCanonicalSignature(withRS(r, s)),
          r >= 1n && r < CURVE_ORDER && s >= 1n && s <= HALF_CURVE_ORDER,
        );
    assert.equal(isHighS(new Uint8Array(63).fill(0xff)), false, 'not a 64-byte signature');
    assert.equal(isCanonicalSignature(new Uint8Array(65)), false);
  });

  test('bad secret keys are refused with SIG_SECRET_KEY', () => {
    for (const sk of [new Uint8Array(32), new Uint8Array(31).fill(1), fromHex(CURVE_ORDER.toString(16))]) {
      assert.throws(
        () => sign(sk, Uint8Array.of(1)),
        (e) => isLeagError(e, 'SIG_SECRET_KEY'),
      );
      assert.throws(
        () => publicKeyOf(sk),
        (e) => isLeagError(e, 'SIG_SECRET_KEY'),
      );
    }
    assert.throws(
      () => signDigest(generateSecretKey(), new Uint8Array(31)),
      (e) => isLeagError(e, 'SIG_DIGEST'),
    );
  });

  test('generated and seeded keys are valid; seeds are deterministic', () => {
    const a = generateSecretKey();
    assert.equal(a.length, 32);
    assert.notDeepStrictEqual(generateSecretKey(), a);
    assert.deepStrictEqual(secretKeyFromSeed(Uint8Array.of(7)), secretKeyFromSeed(Uint8Array.of(7)));
    assert.notDeepStrictEqual(secretKeyFromSeed(Uint8Array.of(7)), secretKeyFromSeed(Uint8Array.of(8)));
  });
});
