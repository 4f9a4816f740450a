import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { publicKeyOf, secretKeyFromSeed } from '../src/crypto/secp256k1.js';
import { DOMAINS } from '../src/domains.js';
import { isLeagError } from '../src/errors.js';
import { txId } from '../src/hash.js';
import { messageSigningBytes, signTx, signValue, verifyValue, verifyWitness } from '../src/signed.js';
import { arbMessage, runs } from './support/arb.js';

const sk = secretKeyFromSeed(Uint8Array.of(1));
const pub = publicKeyOf(sk);
const other = publicKeyOf(secretKeyFromSeed(Uint8Array.of(2)));

describe('signed messages', () => {
  test('votes: sign, verify; any change, other chain, domain or key fails', () => {
    fc.assert(
      fc.property(arbMessage('Vote'), (v) => {
        const s = signValue('Vote', v, DOMAINS.CONSENSUS, 'leag-test', sk);
        assert.equal(s.signature.length, 64);
        assert.ok(verifyValue('Vote', s, DOMAINS.CONSENSUS, 'leag-test', pub));
        assert.equal(verifyValue('Vote', s, DOMAINS.CONSENSUS, 'leag-other', pub), false);
        assert.equal(verifyValue('Vote', s, DOMAINS.TX, 'leag-test', pub), false);
        assert.equal(verifyValue('Vote', s, DOMAINS.CONSENSUS, 'leag-test', other), false);
        const changed = { ...s, height: (s.height + 1n) % (1n << 64n) };
        assert.equal(verifyValue('Vote', changed, DOMAINS.CONSENSUS, 'leag-test', pub), false);
      }),
      { numRuns: runs(25) },
    );
  });

  test('the signing bytes ignore the signature and bind the type name', () => {
    const c = { height: 9n, stateDigest: Uint8Array.of(1), validator: 2, signature: Uint8Array.of(5) };
    const a = messageSigningBytes('Checkpoint', c, DOMAINS.CONSENSUS, 'x');
    assert.deepStrictEqual(
      messageSigningBytes('Checkpoint', { ...c, signature: Uint8Array.of(6) }, DOMAINS.CONSENSUS, 'x'),
      a,
    );
    const cert = signValue(
      'AuthorityCertificate',
      { evPubkey: pub, name: 'ev-1', issuedAt: 1n, expiresAt: 2n, authoritySig: new Uint8Array(0) },
      DOMAINS.AUTHORITY_CERT,
      'x',
      sk,
      'authoritySig',
    );
    assert.ok(verifyValue('AuthorityCertificate', cert, DOMAINS.AUTHORITY_CERT, 'x', pub, 'authoritySig'));
    assert.throws(
      () => signValue('Transfer', { memo: '' }, DOMAINS.TX, 'x', sk),
      (e) => isLeagError(e, 'SIG_FIELD'),
    );
  });

  test('transactions: witnesses verify, do not change the id, and fail for a changed tx', () => {
    fc.assert(
      fc.property(arbMessage('Tx'), (tx) => {
        const stx = signTx(tx, [sk, secretKeyFromSeed(Uint8Array.of(2))]);
        assert.equal(stx.witnesses.length, 2);
        for (const w of stx.witnesses) assert.ok(verifyWitness(tx, w));
        assert.deepStrictEqual(txId(stx.tx), txId(tx));
        const changed = { ...tx, version: (tx.version + 1) % 2 ** 32 };
        assert.equal(verifyWitness(changed, stx.witnesses[0]!), false);
      }),
      { numRuns: runs(20) },
    );
  });
});
