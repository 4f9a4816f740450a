import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { concatBytes, fromHex, toHex, utf8 } from '../src/bytes.js';
import { codecs } from '../src/codec/codec.js';
import { DOMAINS, signingDigest, signingMessage } from '../src/domains.js';
import { isLeagError } from '../src/errors.js';
import { blockHash, hashOf, sha256, signedTxId, taggedHash, txId } from '../src/hash.js';
import { arbMessage, runs } from './support/arb.js';

describe('sha256 and tagged hashes', () => {
  test('sha256 known vectors', () => {
    assert.equal(toHex(sha256(new Uint8Array(0))), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(toHex(sha256(utf8('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  test('taggedHash is the BIP-340 construction and separates tags', () => {
    const t = sha256(utf8('leag/x'));
    const data = utf8('hello');
    assert.deepStrictEqual(taggedHash('leag/x', data), sha256(concatBytes(t, t, data)));
    assert.deepStrictEqual(taggedHash('leag/x', utf8('hel'), utf8('lo')), taggedHash('leag/x', data));
    assert.notDeepStrictEqual(taggedHash('leag/y', data), taggedHash('leag/x', data));
  });
});

describe('ids', () => {
  test('txId ignores witnesses; changes with any Tx field', () => {
    fc.assert(
      fc.property(arbMessage('SignedTx'), arbMessage('Witness'), (stx, w) => {
        const id = signedTxId(stx);
        assert.deepStrictEqual(id, txId(stx.tx));
        assert.deepStrictEqual(signedTxId({ ...stx, witnesses: [...stx.witnesses, w] }), id);
        const other = { ...stx.tx, lockTime: (stx.tx.lockTime + 1n) % (1n << 64n) };
        assert.notDeepStrictEqual(txId(other), id);
      }),
      { numRuns: runs(30) },
    );
  });
  test('blockHash is the tagged hash of the canonical header', () => {
    fc.assert(
      fc.property(arbMessage('BlockHeader'), (h) => {
        assert.deepStrictEqual(blockHash(h), taggedHash('leag/BlockHeader', codecs.BlockHeader.encode(h)));
        assert.deepStrictEqual(hashOf('BlockHeader', h), blockHash(h));
      }),
      { numRuns: runs(30) },
    );
  });
});

describe('signing message', () => {
  test('layout: tag prefix, length-prefixed chain id, payload', () => {
    const m = signingMessage(DOMAINS.TX, 'leag-test', Uint8Array.of(7, 8));
    const t = sha256(utf8(DOMAINS.TX));
    assert.deepStrictEqual(m, concatBytes(t, t, Uint8Array.of(9), utf8('leag-test'), Uint8Array.of(7, 8)));
    assert.deepStrictEqual(signingDigest(DOMAINS.TX, 'leag-test', Uint8Array.of(7, 8)), sha256(m));
  });
  test('chain id and domain change the digest; unknown domains are refused', () => {
    const p = Uint8Array.of(1);
    assert.notDeepStrictEqual(signingDigest(DOMAINS.TX, 'a', p), signingDigest(DOMAINS.TX, 'b', p));
    assert.notDeepStrictEqual(signingDigest(DOMAINS.TX, 'a', p), signingDigest(DOMAINS.CONSENSUS, 'a', p));
    assert.throws(
      () => signingMessage('leag/other' as never, 'a', p),
      (e) => isLeagError(e, 'SIG_DOMAIN'),
    );
    assert.throws(
      () => signingMessage(DOMAINS.TX, 'x'.repeat(256), p),
      (e) => isLeagError(e, 'SIG_FIELD_LENGTH'),
    );
  });
  test('hex helpers', () => {
    assert.deepStrictEqual(fromHex('00ff10'), Uint8Array.of(0, 255, 16));
    assert.throws(
      () => fromHex('abc'),
      (e) => isLeagError(e, 'BYTES_HEX'),
    );
    assert.throws(
      () => fromHex('zz'),
      (e) => isLeagError(e, 'BYTES_HEX'),
    );
    assert.throws(
      () => fromHex('00', 2),
      (e) => isLeagError(e, 'BYTES_LENGTH'),
    );
  });
});
