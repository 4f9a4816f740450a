/**
 * The ledger's one door to @leag/core's schema, hashing and signatures: codecs, tx ids, the tx
 * signing message, block hash, tx Merkle root, addresses, vote signatures. Keeping them here means
 * the ledger names each rule once and follows core's definitions exactly.
 */
import {
  type BlockHeader,
  blockHash,
  codecs,
  DOMAINS,
  HALF_CURVE_ORDER,
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

export const txIdOf = (tx: Tx): Uint8Array => txId(tx);
export const blockHashOf = (h: BlockHeader): Uint8Array => blockHash(h);
export const txRootOf = (txs: readonly SignedTx[]): Uint8Array => txRoot(txs);

/** The message every witness of a tx signs (domain leag/tx/v1, the tx's chain id, the Tx bytes). */
export const txSigningMessage = (tx: Tx): Uint8Array => txSigningBytes(tx);

export function verifySig(pubkey: Uint8Array, message: Uint8Array, sig: Uint8Array): boolean {
  return verifySignature(pubkey, message, sig);
}

/** True when a 64-byte compact signature's S is above n/2 (malleable; rejected). */
export function isHighS(sig: Uint8Array): boolean {
  let s = 0n;
  for (let i = 32; i < 64; i++) s = (s << 8n) | BigInt(sig[i] as number);
  return s > HALF_CURVE_ORDER;
}

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
