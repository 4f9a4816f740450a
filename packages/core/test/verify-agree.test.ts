import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import fc from 'fast-check';
import { CURVE_ORDER, publicKeyOf, secretKeyFromSeed, sign, verifySignatureNoble } from '../src/crypto/secp256k1.js';
import { signatureBackend, verifySignature, verifySignatureOpenSsl } from '../src/crypto/verify-fast.js';
import { runs } from './support/arb.js';
import { readScalar, toHighS, withRS } from './support/sig.js';

/** Inputs around a real signature: valid, malleated, mutated, random, edge scalars, bad keys. */
const caseArb = fc
  .record({
    seed: fc.uint8Array({ minLength: 8, maxLength: 8 }),
    msg: fc.uint8Array({ maxLength: 64 }),
    otherMsg: fc.uint8Array({ maxLength: 64 }),
    sigKind: fc.constantFrom('valid', 'highS', 'flipBit', 'random', 'edge', 'truncate', 'otherMsg'),
    keyKind: fc.constantFrom('valid', 'valid', 'flipBit', 'random33', 'prefix', 'short', 'otherKey'),
    bit: fc.nat({ max: 64 * 8 - 1 }),
    random: fc.uint8Array({ minLength: 64, maxLength: 64 }),
    randomKey: fc.uint8Array({ minLength: 33, maxLength: 33 }),
    edge: fc.constantFrom(
      0n,
      1n,
      CURVE_ORDER - 1n,
      CURVE_ORDER,
      CURVE_ORDER + 1n,
      CURVE_ORDER >> 1n,
      (CURVE_ORDER >> 1n) + 1n,
      (1n << 256n) - 1n,
    ),
    edgeWhich: fc.boolean(),
  })
  .map((c) => {
    const sk = secretKeyFromSeed(c.seed);
    let pub = publicKeyOf(sk);
    let sig = sign(sk, c.msg);
    const flip = (b: Uint8Array, bit: number) => {
      const o = b.slice();
      const i = (bit >> 3) % o.length;
      o[i] = o[i]! ^ (1 << (bit & 7));
      return o;
    };
    if (c.sigKind === 'highS') sig = toHighS(sig);
    else if (c.sigKind === 'flipBit') sig = flip(sig, c.bit);
    else if (c.sigKind === 'random') sig = c.random;
    else if (c.sigKind === 'edge')
      sig = c.edgeWhich ? withRS(c.edge, readScalar(sig, 32)) : withRS(readScalar(sig, 0), c.edge);
    else if (c.sigKind === 'truncate') sig = sig.slice(0, c.bit % 64);
    else if (c.sigKind === 'otherMsg') sig = sign(sk, c.otherMsg);
    if (c.keyKind === 'flipBit') pub = flip(pub, c.bit);
    else if (c.keyKind === 'random33') pub = c.randomKey;
    else if (c.keyKind === 'prefix') pub = Uint8Array.from([c.randomKey[0]! % 8, ...pub.slice(1)]);
    else if (c.keyKind === 'short') pub = pub.slice(0, c.bit % 33);
    else if (c.keyKind === 'otherKey') pub = publicKeyOf(secretKeyFromSeed(c.randomKey));
    return { pub, msg: c.msg, sig, kind: `${c.sigKind}/${c.keyKind}` };
  });

test('the hot path (libsecp256k1 here), OpenSSL and noble agree on every input (valid, high-S, malformed keys and signatures)', () => {
  let accepted = 0;
  let total = 0;
  fc.assert(
    fc.property(caseArb, ({ pub, msg, sig, kind }) => {
      const fast = verifySignature(pub, msg, sig);
      const noble = verifySignatureNoble(pub, msg, sig);
      assert.equal(fast, noble, `disagreement on ${kind}`);
      assert.equal(verifySignatureOpenSsl(pub, msg, sig), noble, `OpenSSL disagrees on ${kind}`);
      total++;
      if (fast) accepted++;
    }),
    { numRuns: runs(200) },
  );
  // The generator must exercise both outcomes, or the property says nothing.
  assert.ok(accepted > 0 && accepted < total, `accepted ${accepted} of ${total}`);
});

test('LEAG_SECP_BACKEND=openssl: the process verifies with OpenSSL, with the same answers', () => {
  const script = `
    const c = await import(${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)});
    const sk = c.secretKeyFromSeed(new Uint8Array(8));
    const pub = c.publicKeyOf(sk);
    const msg = new Uint8Array([1, 2, 3]);
    const sig = c.sign(sk, msg);
    const bad = sig.slice(); bad[40] ^= 1;
    console.log(JSON.stringify([c.signatureBackend, c.verifySignature(pub, msg, sig), c.verifySignature(pub, msg, bad)]));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, LEAG_SECP_BACKEND: 'openssl' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop() ?? ''), ['openssl', true, false]);
});

const prebuilt = process.platform === 'linux' && process.arch === 'x64';
test('the prebuilt libsecp256k1 binding loads on this platform (Linux x64), unless switched off', {
  skip: prebuilt ? false : `no check on ${process.platform}-${process.arch}: only Linux x64 is built and tested here`,
}, () => {
  const expected = process.env.LEAG_SECP_BACKEND === 'openssl' ? 'openssl' : 'libsecp256k1';
  assert.equal(signatureBackend, expected);
});
