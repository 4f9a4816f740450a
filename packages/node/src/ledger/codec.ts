/**
 * The ledger's one door to @leag/core's schema, hashing and signatures: codecs, tx ids, the tx
 * signing message, block hash, tx Merkle root, addresses, vote signatures. Keeping them here means
 * the ledger names each rule once and follows core's definitions exactly.
 */
import {
  type Block,
  type BlockHeader,
  blockHash,
  codecs,
  DOMAINS,
  type SignedTx,
  sha256,
  type Tx,
  txId,
  txRoot,
  txSigningBytes,
  type Vote,
  verifySignature,
  verifyValue,
} from '@leag/core';

export { codecs };

/**
 * Decoding limits for blocks: a settlement tx spends every buy order's escrow of its window and
 * pays every pair and refund, so its counts exceed core's per-tx defaults (submitted txs are
 * capped far lower by the ledger's own limits).
 */
export const BLOCK_DECODE_LIMITS = {
  maxCounts: { 'Tx.inputs': 50_000, 'Tx.outputs': 150_000 },
} as const;

export const decodeBlock = (bytes: Uint8Array, maxBytes: number): Block =>
  codecs.Block.decode(bytes, { ...BLOCK_DECODE_LIMITS, maxBytes });

export const txIdOf = (tx: Tx): Uint8Array => txId(tx);
export const blockHashOf = (h: BlockHeader): Uint8Array => blockHash(h);
export const txRootOf = (txs: readonly SignedTx[]): Uint8Array => txRoot(txs);

/** The message every witness of a tx signs (domain leag/tx/v1, the tx's chain id, the Tx bytes). */
export const txSigningMessage = (tx: Tx): Uint8Array => txSigningBytes(tx);

export function verifySig(pubkey: Uint8Array, message: Uint8Array, sig: Uint8Array): boolean {
  return verifySignature(pubkey, message, sig);
}

/** True when a 64-byte compact signature's S is above n/2 (malleable; rejected): core's check. */
export { isHighS } from '@leag/core';

/** A vote's signature by a validator key (domain leag/consensus/v1, signature field empty). */
export function verifyVote(v: Vote, pubkey: Uint8Array, chainId: string): boolean {
  return verifyValue('Vote', v, DOMAINS.CONSENSUS, chainId, pubkey);
}

/**
 * The 20-byte address of a public key: sha256(pubkey)[0..20], i.e. core's addressFromPublicKey
 * without its on-curve check (that costs a point decompression per witness; a key off the curve
 * never passes the signature check, which runs here or in the batch verifier).
 */
export function addressOf(pubkey: Uint8Array): Uint8Array {
  return sha256(pubkey).slice(0, 20);
}
