import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { publicKeyOf, secretKeyFromSeed } from '@leag/core';
import fc from 'fast-check';
import type { Verifier } from '../src/crypto.js';
import { secpSigner, secpVerifier } from '../src/secp.js';
import { memoVerifier } from '../src/verify-memo.js';

/** A verifier that counts its calls. */
function counting(inner: Verifier): Verifier & { calls: number } {
  const c = {
    calls: 0,
    verify(v: number, m: Uint8Array, s: Uint8Array) {
      c.calls++;
      return inner.verify(v, m, s);
    },
  };
  return c;
}

const sks = [1, 2, 3].map((i) => secretKeyFromSeed(new Uint8Array(32).fill(i)));
const pubs = sks.map(publicKeyOf);

describe('memoVerifier', () => {
  test('answers exactly as the inner verifier on every input, and checks an accepted signature once', () => {
    const signers = sks.map((sk, i) => secpSigner(i, sk));
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            signer: fc.nat({ max: 2 }),
            claimed: fc.nat({ max: 3 }), // 3 is not a validator
            message: fc.uint8Array({ maxLength: 40 }),
            tamper: fc.constantFrom('none', 'message', 'signature'),
          }),
          { maxLength: 12 },
        ),
        (cases) => {
          const inner = counting(secpVerifier(pubs));
          const memo = memoVerifier(inner);
          const plain = secpVerifier(pubs);
          const seen = new Set<string>();
          for (const c of [...cases, ...cases]) {
            const sig = (signers[c.signer] as ReturnType<typeof secpSigner>).sign(c.message);
            const msg = c.tamper === 'message' ? Uint8Array.of(...c.message, 1) : c.message;
            if (c.tamper === 'signature') sig[5] = (sig[5] as number) ^ 1;
            const before = inner.calls;
            const want = plain.verify(c.claimed, msg, sig);
            assert.equal(memo.verify(c.claimed, msg, sig), want);
            const key = `${c.claimed}/${Buffer.from(sig).toString('hex')}/${Buffer.from(msg).toString('hex')}`;
            // a signature accepted before is not checked again; anything else is
            assert.equal(inner.calls - before, want && seen.has(key) ? 0 : 1);
            if (want) seen.add(key);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  test('a signature accepted for one message or validator is not accepted for another', () => {
    const memo = memoVerifier(secpVerifier(pubs));
    const m = Uint8Array.of(1, 2, 3);
    const sig = secpSigner(0, sks[0] as Uint8Array).sign(m);
    assert.equal(memo.verify(0, m, sig), true);
    assert.equal(memo.verify(0, Uint8Array.of(1, 2, 4), sig), false);
    assert.equal(memo.verify(1, m, sig), false);
    assert.equal(memo.verify(0, m, sig), true);
  });

  test('stays within its bound, keeping the newest entries', () => {
    const inner = counting({ verify: () => true });
    const memo = memoVerifier(inner, 8);
    const msg = (i: number) => Uint8Array.of(i);
    for (let i = 0; i < 100; i++) memo.verify(0, msg(i), Uint8Array.of(9));
    assert.ok(memo.size <= 8, `size ${memo.size}`);
    const calls = inner.calls;
    memo.verify(0, msg(99), Uint8Array.of(9));
    assert.equal(inner.calls, calls, 'the newest entry is kept');
    memo.verify(0, msg(0), Uint8Array.of(9));
    assert.equal(inner.calls, calls + 1, 'the oldest was dropped');
  });
});
