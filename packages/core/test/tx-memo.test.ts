import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { codecs } from '../src/codec/codec.js';
import { blockSize, signedTxSize } from '../src/codec/sizes.js';
import { isSealed, sealTx } from '../src/codec/tx-memo.js';
import type { Block, SignedTx, Tx } from '../src/gen/types.gen.js';
import { hashOf, txId } from '../src/hash.js';
import { arbMessage, runs } from './support/arb.js';

const MAX = { maxBytes: 1 << 26 };
/** The id computed from scratch, on an unsealed deep copy. */
const freshId = (tx: Tx): Uint8Array => hashOf('Tx', structuredClone(tx));

describe('sealed txs: encoded and hashed once, never stale', () => {
  test('a decoded SignedTx has a sealed Tx whose remembered bytes and id are the canonical ones', () => {
    fc.assert(
      fc.property(arbMessage('SignedTx'), (v) => {
        const bytes = codecs.SignedTx.encode(v as SignedTx);
        const back = codecs.SignedTx.decode(bytes, MAX);
        assert.ok(isSealed(back.tx));
        assert.deepStrictEqual(codecs.Tx.encode(back.tx), codecs.Tx.encode(structuredClone(back.tx)));
        assert.deepStrictEqual(txId(back.tx), freshId(back.tx));
        assert.equal(txId(back.tx), txId(back.tx), 'the id is computed once');
      }),
      { numRuns: runs(60) },
    );
  });

  test('every tx of a decoded Block is sealed with its own canonical bytes', () => {
    fc.assert(
      fc.property(arbMessage('Block'), (v) => {
        const back = codecs.Block.decode(codecs.Block.encode(v as Block), MAX);
        for (const stx of back.txs) {
          assert.ok(isSealed(stx.tx));
          assert.deepStrictEqual(codecs.Tx.encode(stx.tx), codecs.Tx.encode(structuredClone(stx.tx)));
          assert.deepStrictEqual(txId(stx.tx), freshId(stx.tx));
        }
      }),
      { numRuns: runs(40) },
    );
  });

  test("a trusted decode of a sealed Tx's remembered encoding is that Tx; equal bytes elsewhere decode afresh", () => {
    const stx = codecs.SignedTx.decode(codecs.SignedTx.encode(sample()), MAX);
    const record = codecs.Tx.encode(stx.tx); // the remembered array (what the ledger stores)
    assert.equal(codecs.Tx.decode(record, { trustedEncoding: true }), stx.tx);
    const copy = record.slice();
    const fresh = codecs.Tx.decode(copy, { trustedEncoding: true });
    assert.notEqual(fresh, stx.tx);
    assert.deepStrictEqual(fresh, structuredClone(stx.tx));
    assert.notEqual(codecs.Tx.decode(record), stx.tx, 'an untrusted decode never takes the shortcut');
  });

  test('an unsealed Tx is encoded afresh: changing it changes its bytes and id', () => {
    const tx = structuredClone(codecs.SignedTx.decode(codecs.SignedTx.encode(sample()), MAX).tx);
    assert.equal(isSealed(tx), false);
    const id1 = txId(tx);
    const b1 = codecs.Tx.encode(tx);
    tx.lockTime = tx.lockTime + 1n;
    assert.notDeepEqual(codecs.Tx.encode(tx), b1);
    assert.notDeepEqual(txId(tx), id1);
  });

  test('a sealed Tx cannot be changed (strict mode throws)', () => {
    const tx = sealTx(structuredClone(sample().tx));
    assert.throws(() => {
      (tx as { lockTime: bigint }).lockTime = 5n;
    }, TypeError);
    assert.throws(() => {
      (tx.inputs as unknown[]).push({});
    }, TypeError);
    assert.deepStrictEqual(txId(tx), freshId(tx));
  });
});

describe('encoded sizes without encoding', () => {
  test('signedTxSize equals the encoding length (sealed or not)', () => {
    fc.assert(
      fc.property(arbMessage('SignedTx'), (v) => {
        const bytes = codecs.SignedTx.encode(v as SignedTx);
        assert.equal(signedTxSize(v as SignedTx), bytes.length);
        assert.equal(signedTxSize(codecs.SignedTx.decode(bytes, MAX)), bytes.length);
      }),
      { numRuns: runs(80) },
    );
  });

  test('blockSize equals the encoding length', () => {
    fc.assert(
      fc.property(arbMessage('Block'), (v) => {
        const bytes = codecs.Block.encode(v as Block);
        assert.equal(blockSize(v as Block), bytes.length);
        assert.equal(blockSize(codecs.Block.decode(bytes, MAX)), bytes.length);
      }),
      { numRuns: runs(60) },
    );
  });
});

function sample(): SignedTx {
  return fc.sample(arbMessage('SignedTx'), { numRuns: 1, seed: 7 })[0] as SignedTx;
}

test('a Tx nested deeper (a proposal block in a consensus message) is sealed on decode', () => {
  fc.assert(
    fc.property(arbMessage('PrePrepare'), (v) => {
      const back = codecs.ConsensusMessage.decode(codecs.ConsensusMessage.encode({ prePrepare: v } as never), MAX);
      for (const stx of back.prePrepare?.block?.txs ?? []) {
        assert.ok(isSealed(stx.tx));
        assert.deepStrictEqual(codecs.Tx.encode(stx.tx), codecs.Tx.encode(structuredClone(stx.tx)));
        assert.deepStrictEqual(txId(stx.tx), freshId(stx.tx));
      }
    }),
    { numRuns: runs(30) },
  );
  const vote = codecs.ConsensusMessage.decode(codecs.ConsensusMessage.encode({ vote: { view: 1n } } as never), MAX);
  assert.ok(vote.vote !== undefined);
});
