/**
 * Merkle trees over sha256 with domain-separated hashing:
 *   leaf  = sha256(0x00 ‖ data)        node = sha256(0x01 ‖ left ‖ right)
 * so a leaf can never pass for an inner node (second-preimage). At each level nodes are paired left
 * to right; an odd last node is PROMOTED unchanged to the next level, never paired with itself
 * (so no two different leaf lists share a root, unlike Bitcoin's CVE-2012-2459). The root binds
 * the leaf count, so a proof's (index, leafCount) cannot be lied about either:
 *   root  = sha256(0x02 ‖ uint32be(leafCount) ‖ top)   where top is the single node left,
 *   empty = sha256(0x02 ‖ 00 00 00 00)                (EMPTY_MERKLE_ROOT).
 */
import { concatBytes } from './bytes.js';
import { encode } from './codec/codec.js';
import { LeagError } from './errors.js';
import type { MerkleProof, SignedTx } from './gen/types.gen.js';
import { sha256 } from './hash.js';

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);
const ROOT = 2;
/** Largest leaf count (uint32). */
export const MAX_MERKLE_LEAVES = 0xffffffff;

/** sha256(0x02 ‖ uint32be(leafCount) ‖ top): the root of a tree whose top node is `top`. */
export function merkleRootHash(leafCount: number, top: Uint8Array): Uint8Array {
  const head = Uint8Array.of(
    ROOT,
    leafCount >>> 24,
    (leafCount >>> 16) & 0xff,
    (leafCount >>> 8) & 0xff,
    leafCount & 0xff,
  );
  return sha256(concatBytes(head, top));
}

export const EMPTY_MERKLE_ROOT: Uint8Array = merkleRootHash(0, new Uint8Array(0));

export const merkleLeafHash = (data: Uint8Array): Uint8Array => sha256(concatBytes(LEAF, data));
export const merkleNodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array =>
  sha256(concatBytes(NODE, left, right));

function nextLevel(level: Uint8Array[]): Uint8Array[] {
  const up: Uint8Array[] = [];
  for (let i = 0; i + 1 < level.length; i += 2) up.push(merkleNodeHash(level[i]!, level[i + 1]!));
  if (level.length % 2 === 1) up.push(level[level.length - 1]!);
  return up;
}

/** The root over the given leaf data (each leaf is hashed with the 0x00 prefix). */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_MERKLE_ROOT;
  let level = leaves.map(merkleLeafHash);
  while (level.length > 1) level = nextLevel(level);
  return merkleRootHash(leaves.length, level[0]!);
}

/** The inclusion proof of leaves[index]. */
export function merkleProof(leaves: readonly Uint8Array[], index: number): MerkleProof {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new LeagError('MERKLE_INDEX', `leaf index ${index} is outside [0, ${leaves.length - 1}]`, {
      index,
      leafCount: leaves.length,
    });
  }
  const siblings: Uint8Array[] = [];
  let level = leaves.map(merkleLeafHash);
  let i = index;
  while (level.length > 1) {
    const promoted = i === level.length - 1 && level.length % 2 === 1;
    if (!promoted) siblings.push(level[i ^ 1]!);
    level = nextLevel(level);
    i >>= 1;
  }
  return { index, leafCount: leaves.length, siblings };
}

/** True when `proof` shows that `leaf` (data, not its hash) is in the tree with this root. */
export function verifyMerkleProof(root: Uint8Array, leaf: Uint8Array, proof: MerkleProof): boolean {
  const { index, leafCount, siblings } = proof;
  if (
    !Number.isInteger(leafCount) ||
    leafCount < 1 ||
    leafCount > MAX_MERKLE_LEAVES ||
    !Number.isInteger(index) ||
    index < 0 ||
    index >= leafCount
  ) {
    return false;
  }
  let h = merkleLeafHash(leaf);
  let i = index;
  let count = leafCount;
  let used = 0;
  while (count > 1) {
    const promoted = i === count - 1 && count % 2 === 1;
    if (!promoted) {
      const sib = siblings[used++];
      if (sib === undefined || sib.length !== 32) return false;
      h = i % 2 === 0 ? merkleNodeHash(h, sib) : merkleNodeHash(sib, h);
    }
    i >>= 1;
    count = Math.ceil(count / 2);
  }
  if (used !== siblings.length || root.length !== h.length) return false;
  h = merkleRootHash(leafCount, h);
  for (let k = 0; k < h.length; k++) if (h[k] !== root[k]) return false;
  return true;
}

/** A block's tx_root: the Merkle root over the canonical SignedTx encodings (witnesses included). */
export function txRoot(txs: readonly SignedTx[]): Uint8Array {
  return merkleRoot(txs.map((t) => encode('SignedTx', t)));
}
