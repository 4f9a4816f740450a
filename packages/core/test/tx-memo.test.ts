import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { toHex as hex } from '../src/bytes.js';
import { type Codec, codecs } from '../src/codec/codec.js';
import { messageDesc } from '../src/codec/descriptors.js';
import { blockSize, signedTxSize } from '../src/codec/sizes.js';
import { blockSpans, containsTx, isSealed, knownEncoding, sealSignedTx, sealTx } from '../src/codec/tx-memo.js';
import { type Block, MESSAGE_NAMES, type SignedTx, type Tx } from '../src/gen/types.gen.js';
import { hashOf, signedTxIdOfEncoding, txId, txIdOfEncoding } from '../src/hash.js';
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

  test("txIdOfEncoding of a Tx's canonical bytes is its id", () => {
    fc.assert(
      fc.property(arbMessage('Tx'), (v) => {
        assert.deepStrictEqual(txIdOfEncoding(codecs.Tx.encode(v as Tx)), freshId(v as Tx));
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

  test('every Tx nested in a decoded consensus message keeps its own canonical bytes', () => {
    let nested = 0;
    fc.assert(
      fc.property(arbMessage('ConsensusMessage'), (v) => {
        const back = codecs.ConsensusMessage.decode(codecs.ConsensusMessage.encode(v), MAX);
        const txs: Tx[] = [];
        const blocks = [back.prePrepare?.block, ...(back.newView?.prePrepares ?? []).map((p) => p.block)];
        for (const b of blocks) for (const stx of b?.txs ?? []) txs.push(stx.tx);
        for (const tx of txs) {
          assert.ok(isSealed(tx));
          const known = knownEncoding('Tx', tx); // before any encode: taken from the wire at decode
          const fresh = codecs.Tx.encode(structuredClone(tx));
          if (fresh.length > 0) {
            assert.deepStrictEqual(known, fresh);
            nested++;
          }
          assert.deepStrictEqual(codecs.Tx.encode(tx), fresh);
        }
      }),
      { numRuns: runs(80) },
    );
    assert.ok(nested > 0, 'the generator produced consensus messages with txs');
  });

  test('a SignedTx with a sealed Tx encodes exactly as from scratch', () => {
    fc.assert(
      fc.property(arbMessage('SignedTx'), (v) => {
        const bytes = codecs.SignedTx.encode(structuredClone(v));
        const decoded = codecs.SignedTx.decode(bytes, MAX); // Tx sealed with its bytes
        assert.deepStrictEqual(codecs.SignedTx.encode(decoded), bytes);
        const sealedLater = { tx: sealTx(structuredClone(v.tx)), witnesses: structuredClone(v.witnesses) };
        assert.deepStrictEqual(codecs.SignedTx.encode(sealedLater), bytes);
        assert.deepStrictEqual(codecs.SignedTx.encode(sealedLater), bytes, 'and again, from the remembered Tx bytes');
        assert.equal(signedTxSize(decoded), bytes.length);
      }),
      { numRuns: runs(100) },
    );
  });

  test('every message that can hold a Tx encodes exactly as from scratch, its sealed Txs spliced in', () => {
    const holders = MESSAGE_NAMES.filter((n) => containsTx(messageDesc(n)));
    assert.ok(holders.includes('Block') && holders.includes('ConsensusMessage') && holders.includes('SignedTx'));
    for (const name of holders) {
      fc.assert(
        fc.property(arbMessage(name), (v) => {
          const codec = codecs[name] as Codec<unknown>;
          const bytes = codec.encode(structuredClone(v));
          const decoded = codec.decode(bytes, MAX); // every Tx inside sealed with its bytes
          assert.deepStrictEqual(codec.encode(decoded), bytes, name);
        }),
        { numRuns: runs(25) },
      );
    }
  });

  test('a decoded SignedTx is sealed whole: its remembered bytes are the canonical ones, from the wire', () => {
    fc.assert(
      fc.property(arbMessage('SignedTx'), arbMessage('Block'), (v, b) => {
        const bytes = codecs.SignedTx.encode(structuredClone(v));
        const back = codecs.SignedTx.decode(bytes, MAX);
        assert.ok(isSealed(back) && Object.isFrozen(back.witnesses));
        const known = knownEncoding('SignedTx', back); // before any encode
        assert.deepStrictEqual(known, bytes);
        assert.notEqual(known, bytes, 'a copy, not the array decoded');
        assert.equal(codecs.SignedTx.encode(back), known, 'encode returns the remembered bytes');
        const block = codecs.Block.decode(codecs.Block.encode(structuredClone(b)), MAX);
        for (const stx of block.txs)
          assert.deepStrictEqual(knownEncoding('SignedTx', stx), codecs.SignedTx.encode(structuredClone(stx)));
      }),
      { numRuns: runs(60) },
    );
  });

  test('an all-default SignedTx (empty bytes) and one with an all-default Tx are sealed as well', () => {
    const w = { pubkey: new Uint8Array(33).fill(2), signature: new Uint8Array(64).fill(1) };
    for (const v of [codecs.SignedTx.empty(), { tx: codecs.Tx.empty(), witnesses: [w] }]) {
      const bytes = codecs.SignedTx.encode(v);
      const back = codecs.SignedTx.decode(bytes, MAX);
      assert.ok(isSealed(back) && isSealed(back.tx));
      assert.deepStrictEqual(knownEncoding('SignedTx', back), bytes);
      assert.deepStrictEqual(codecs.SignedTx.encode(back), bytes);
      assert.deepStrictEqual(codecs.Tx.encode(back.tx), new Uint8Array(0));
      assert.deepStrictEqual(txId(back.tx), freshId(back.tx));
    }
  });

  test('sealSignedTx: encoded once and never stale; a sealed SignedTx cannot be changed, an unsealed one re-encodes', () => {
    const v = sample();
    const fresh = codecs.SignedTx.encode(structuredClone(v));
    const sealed = sealSignedTx(structuredClone(v));
    assert.equal(knownEncoding('SignedTx', sealed), undefined);
    const first = codecs.SignedTx.encode(sealed);
    assert.deepStrictEqual(first, fresh);
    assert.equal(codecs.SignedTx.encode(sealed), first, 'remembered after the first encode');
    assert.throws(() => {
      (sealed.witnesses as unknown[]).push({ pubkey: new Uint8Array(33), signature: new Uint8Array(64) });
    }, TypeError);
    assert.throws(() => {
      (sealed as { tx: unknown }).tx = codecs.Tx.empty();
    }, TypeError);
    const open = structuredClone(v);
    const b1 = codecs.SignedTx.encode(open);
    open.witnesses = [...open.witnesses, { pubkey: new Uint8Array(33).fill(2), signature: new Uint8Array(64).fill(3) }];
    assert.notDeepEqual(codecs.SignedTx.encode(open), b1);
    assert.equal(knownEncoding('SignedTx', open), undefined, 'nothing is remembered for an unsealed SignedTx');
  });

  test('an all-default Tx is left out of its SignedTx, sealed or not (canonical protobuf)', () => {
    for (const tx of [codecs.Tx.empty(), sealTx(codecs.Tx.empty())]) {
      const w = { pubkey: new Uint8Array(33).fill(2), signature: new Uint8Array(64).fill(1) };
      assert.equal(codecs.SignedTx.encode({ tx, witnesses: [] }).length, 0);
      const one = codecs.SignedTx.encode({ tx, witnesses: [w] });
      assert.deepStrictEqual(one.subarray(0, 2), Uint8Array.from([0x12, 101]), 'the witness field comes first');
      assert.deepStrictEqual(codecs.SignedTx.decode(one, MAX).witnesses, [w]);
    }
  });

  test('a SignedTx with a sealed Tx still refuses what does not fit the schema', () => {
    const stx = codecs.SignedTx.decode(codecs.SignedTx.encode(sample()), MAX);
    assert.throws(
      () => codecs.SignedTx.encode({ ...stx, extra: 1 } as unknown as SignedTx),
      (e: Error & { code?: string }) => e.code === 'ENCODE_UNKNOWN_FIELD',
    );
    assert.throws(
      () =>
        codecs.SignedTx.encode({ tx: stx.tx, witnesses: [{ pubkey: 'x', signature: new Uint8Array(64) }] } as never),
      (e: Error & { code?: string }) => e.code === 'ENCODE_TYPE',
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

  test('a trusted decode seals the Tx with those very bytes: its encoding is that array, its id their hash, the next trusted decode of them is free', () => {
    fc.assert(
      fc.property(arbMessage('Tx'), (v) => {
        const record = codecs.Tx.encode(structuredClone(v as Tx)); // a record written from a value that is not sealed
        const tx = codecs.Tx.decode(record, { trustedEncoding: true });
        assert.ok(isSealed(tx));
        assert.deepStrictEqual(tx, codecs.Tx.decode(record), 'the same value as an untrusted decode');
        if (record.length > 0) {
          assert.equal(knownEncoding('Tx', tx), record, 'remembered without a copy');
          assert.equal(codecs.Tx.encode(tx), record);
          assert.equal(codecs.Tx.decode(record, { trustedEncoding: true }), tx);
        }
        assert.deepStrictEqual(txId(tx), freshId(tx));
      }),
      { numRuns: runs(60) },
    );
  });

  test('heldSignedTx: a block tx whose bytes are exactly a held sealed copy is that object; anything else is decoded', () => {
    fc.assert(
      fc.property(arbMessage('Block'), (v) => {
        const bytes = codecs.Block.encode(v as Block);
        const plain = codecs.Block.decode(bytes, MAX);
        // the "mempool": sealed copies of every other tx, decoded alone (what gossip gives a replica)
        const held = new Map<string, SignedTx>();
        plain.txs.forEach((stx, i) => {
          if (i % 2 === 0)
            held.set(
              hex(signedTxIdOfEncoding(codecs.SignedTx.encode(stx))),
              codecs.SignedTx.decode(codecs.SignedTx.encode(stx), MAX),
            );
        });
        const asked: Uint8Array[] = [];
        const back = codecs.Block.decode(bytes, {
          ...MAX,
          heldSignedTx: (enc) => {
            asked.push(enc);
            return held.get(hex(signedTxIdOfEncoding(enc)));
          },
        });
        assert.deepStrictEqual(back, plain, 'the same value as a plain decode');
        assert.equal(asked.length, plain.txs.length, 'asked once per block tx');
        back.txs.forEach((stx, i) => {
          const copy = held.get(hex(txId(stx.tx)));
          if (i % 2 === 0 && copy !== undefined) assert.equal(stx, copy, `tx ${i} is the held object`);
          else if (copy === undefined) assert.ok(isSealed(stx) && isSealed(stx.tx), `tx ${i} decoded and sealed`);
          assert.deepStrictEqual(
            knownEncoding('SignedTx', stx) ?? codecs.SignedTx.encode(stx),
            codecs.SignedTx.encode(structuredClone(stx)),
          );
        });
        assert.deepStrictEqual(codecs.Block.encode(back), bytes);
      }),
      { numRuns: runs(40) },
    );
  });

  test('heldSignedTx: a held object is used only when sealed with exactly these bytes', () => {
    const stx = codecs.SignedTx.decode(codecs.SignedTx.encode(sample()), MAX);
    const block: Block = { ...codecs.Block.empty(), txs: [stx] };
    const bytes = codecs.Block.encode(block);
    const decodeWith = (held: object) => codecs.Block.decode(bytes, { ...MAX, heldSignedTx: () => held }).txs[0];
    assert.equal(decodeWith(stx), stx);
    // the same tx with another witness (a different signature): equal id, different bytes
    const other = sealSignedTx({
      ...structuredClone(stx),
      witnesses: [{ ...structuredClone(stx.witnesses[0]!), signature: new Uint8Array(64).fill(7) }],
    });
    codecs.SignedTx.encode(other); // remembered
    assert.notEqual(decodeWith(other), other);
    assert.deepStrictEqual(decodeWith(other), structuredClone(stx));
    // equal bytes but not sealed: never trusted
    const loose = structuredClone(stx);
    assert.notEqual(decodeWith(loose), loose);
    // sealed but its encoding never remembered: decoded
    const unencoded = sealSignedTx(structuredClone(stx));
    assert.notEqual(decodeWith(unencoded), unencoded);
    // a trusted decode never asks
    let asked = 0;
    const count = () => {
      asked++;
      return stx;
    };
    codecs.Block.decode(bytes, { trustedEncoding: true, heldSignedTx: count });
    assert.equal(asked, 0);
  });

  test('signedTxIdOfEncoding is the id of the tx inside the encoding', () => {
    fc.assert(
      fc.property(arbMessage('SignedTx'), (v) => {
        const bytes = codecs.SignedTx.encode(v as SignedTx);
        assert.deepStrictEqual(signedTxIdOfEncoding(bytes), freshId((v as SignedTx).tx ?? codecs.Tx.empty()));
      }),
      { numRuns: runs(60) },
    );
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

  test('all-default parts: an empty Tx or header is left out, an empty repeated element or set optional message is not', () => {
    const emptyTx: SignedTx = { tx: codecs.Tx.empty(), witnesses: [] };
    const cases: Block[] = [
      codecs.Block.empty(),
      { ...codecs.Block.empty(), txs: [emptyTx] },
      { ...codecs.Block.empty(), txs: [emptyTx, emptyTx], parentCert: codecs.CommitCertificate.empty() },
    ];
    assert.equal(signedTxSize(emptyTx), codecs.SignedTx.encode(emptyTx).length);
    for (const b of cases) assert.equal(blockSize(b), codecs.Block.encode(b).length);
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

test("blockSpans gives a Block's header and tx encodings without decoding them; a cut input is refused", () => {
  fc.assert(
    fc.property(arbMessage('Block'), (v) => {
      const b = v as Block;
      const bytes = codecs.Block.encode(b);
      const spans = blockSpans(bytes);
      assert.deepStrictEqual(spans.header, codecs.BlockHeader.encode(b.header ?? codecs.BlockHeader.empty()));
      assert.deepStrictEqual(
        spans.txs.map((t) => hex(t)),
        b.txs.map((t) => hex(codecs.SignedTx.encode(t))),
      );
      assert.deepStrictEqual(
        spans.txs.map((t) => hex(signedTxIdOfEncoding(t))),
        b.txs.map((t) => hex(txId(t.tx))),
      );
      if (bytes.length > 2)
        assert.throws(
          () => blockSpans(bytes.subarray(0, bytes.length - 1)),
          (e: Error & { code?: string }) => e.code === 'DECODE_TRUNCATED',
        );
    }),
    { numRuns: runs(60) },
  );
});
