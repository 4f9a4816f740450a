import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { concatBytes } from '../src/bytes.js';
import { codecs } from '../src/codec/codec.js';
import { isLeagError } from '../src/errors.js';
import { sha256 } from '../src/hash.js';
import {
  EMPTY_MERKLE_ROOT,
  merkleLeafHash,
  merkleNodeHash,
  merkleProof,
  merkleRoot,
  txRoot,
  verifyMerkleProof,
} from '../src/merkle.js';
import { arbMessage, runs } from './support/arb.js';

const leavesArb = fc.array(fc.uint8Array({ maxLength: 24 }), { minLength: 1, maxLength: 40 });

describe('Merkle trees', () => {
  test('small trees by hand: prefixes, odd node promoted', () => {
    const [a, b, c] = [Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)];
    assert.deepStrictEqual(merkleLeafHash(a), sha256(Uint8Array.of(0, 1)));
    const top = (n: number, h: Uint8Array) => sha256(concatBytes(Uint8Array.of(2, 0, 0, 0, n), h));
    assert.deepStrictEqual(merkleRoot([a]), top(1, merkleLeafHash(a)));
    const ab = merkleNodeHash(merkleLeafHash(a), merkleLeafHash(b));
    assert.deepStrictEqual(ab, sha256(concatBytes(Uint8Array.of(1), merkleLeafHash(a), merkleLeafHash(b))));
    assert.deepStrictEqual(merkleRoot([a, b]), top(2, ab));
    assert.deepStrictEqual(merkleRoot([a, b, c]), top(3, merkleNodeHash(ab, merkleLeafHash(c))));
    assert.deepStrictEqual(merkleRoot([]), EMPTY_MERKLE_ROOT);
    assert.deepStrictEqual(EMPTY_MERKLE_ROOT, sha256(Uint8Array.of(2, 0, 0, 0, 0)));
  });

  test('no duplication ambiguity: [a,b,c] and [a,b,c,c] differ (CVE-2012-2459)', () => {
    const l = [Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)];
    assert.notDeepStrictEqual(merkleRoot(l), merkleRoot([...l, l[2]!]));
  });

  test('a leaf cannot pose as an inner node (second preimage)', () => {
    const l = [Uint8Array.of(1), Uint8Array.of(2)];
    const inner = concatBytes(merkleLeafHash(l[0]!), merkleLeafHash(l[1]!));
    assert.notDeepStrictEqual(merkleRoot([inner]), merkleRoot(l));
  });

  test('a proof for every leaf of random trees verifies', () => {
    fc.assert(
      fc.property(leavesArb, (leaves) => {
        const root = merkleRoot(leaves);
        leaves.forEach((leaf, i) => {
          const p = merkleProof(leaves, i);
          assert.ok(verifyMerkleProof(root, leaf, p), `leaf ${i} of ${leaves.length}`);
          assert.ok(p.siblings.length <= Math.ceil(Math.log2(leaves.length)));
          assert.deepStrictEqual(codecs.MerkleProof.decode(codecs.MerkleProof.encode(p)), p);
        });
      }),
      { numRuns: runs(40) },
    );
  });

  test('tampered proofs, leaves, indices, counts and roots are rejected', () => {
    const tamper = fc.record({
      what: fc.constantFrom('leaf', 'sibling', 'index', 'count', 'drop', 'extra', 'root', 'swap'),
      i: fc.nat(),
      j: fc.nat(),
      byte: fc.integer({ min: 1, max: 255 }),
    });
    fc.assert(
      fc.property(leavesArb, tamper, (leaves, t) => {
        const root = merkleRoot(leaves);
        const i = t.i % leaves.length;
        const p = merkleProof(leaves, i);
        const leaf = leaves[i]!;
        const sibs = p.siblings.map((s) => s.slice());
        let ok: boolean;
        switch (t.what) {
          case 'leaf':
            ok = verifyMerkleProof(root, Uint8Array.from([...leaf, t.byte]), p);
            break;
          case 'sibling':
            if (sibs.length === 0) return;
            {
              const sib = sibs[t.j % sibs.length]!;
              sib[t.j % 32] = sib[t.j % 32]! ^ t.byte;
            }
            ok = verifyMerkleProof(root, leaf, { ...p, siblings: sibs });
            break;
          case 'index': {
            const k = (i + 1 + (t.j % leaves.length)) % leaves.length;
            if (k === i || (leaves[k]!.length === leaf.length && leaves[k]!.every((x, n) => x === leaf[n]))) return;
            ok = verifyMerkleProof(root, leaf, { ...p, index: k });
            break;
          }
          case 'count':
            ok = verifyMerkleProof(root, leaf, { ...p, leafCount: p.leafCount + 1 + (t.j % 5) });
            break;
          case 'drop':
            if (sibs.length === 0) return;
            ok = verifyMerkleProof(root, leaf, { ...p, siblings: sibs.slice(1) });
            break;
          case 'extra':
            ok = verifyMerkleProof(root, leaf, { ...p, siblings: [...sibs, new Uint8Array(32)] });
            break;
          case 'root': {
            const r = root.slice();
            r[t.j % 32] = r[t.j % 32]! ^ t.byte;
            ok = verifyMerkleProof(r, leaf, p);
            break;
          }
          case 'swap':
            if (sibs.length < 2) return;
            ok = verifyMerkleProof(root, leaf, { ...p, siblings: [sibs[1]!, sibs[0]!, ...sibs.slice(2)] });
            break;
        }
        assert.equal(ok, false, t.what);
      }),
      { numRuns: runs(150) },
    );
  });

  test('bad proof shapes return false; a bad index to merkleProof throws MERKLE_INDEX', () => {
    const leaves = [Uint8Array.of(1), Uint8Array.of(2)];
    const root = merkleRoot(leaves);
    assert.equal(verifyMerkleProof(root, leaves[0]!, { index: 0, leafCount: 0, siblings: [] }), false);
    assert.equal(verifyMerkleProof(root, leaves[0]!, { index: 2, leafCount: 2, siblings: [] }), false);
    assert.equal(
      verifyMerkleProof(root, leaves[0]!, { index: 0, leafCount: 2, siblings: [new Uint8Array(31)] }),
      false,
    );
    assert.throws(
      () => merkleProof(leaves, 2),
      (e) => isLeagError(e, 'MERKLE_INDEX'),
    );
    assert.throws(
      () => merkleProof([], 0),
      (e) => isLeagError(e, 'MERKLE_INDEX'),
    );
  });

  test('txRoot commits to the canonical SignedTx encodings', () => {
    fc.assert(
      fc.property(fc.array(arbMessage('SignedTx'), { maxLength: 4 }), (txs) => {
        assert.deepStrictEqual(txRoot(txs), merkleRoot(txs.map((t) => codecs.SignedTx.encode(t))));
      }),
      { numRuns: runs(20) },
    );
  });
});
