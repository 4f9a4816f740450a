/**
 * Signing and verifying schema messages and transactions.
 *
 * A message with a signature field (Vote, PrePrepare, Checkpoint, ViewChange, NewView: `signature`;
 * AuthorityCertificate: `authoritySig`) is signed over
 *   signingMessage(domain, chainId, len(typeName) ‖ typeName ‖ encode(value with that field empty)).
 * A transaction is signed over signingMessage(DOMAINS.TX, tx.chainId, len('Tx') ‖ 'Tx' ‖ encode(tx));
 * the Tx holds no signatures (they are the SignedTx's witnesses), so every witness signs the same
 * message and the tx id does not depend on them.
 */
import { bytesEqual } from './bytes.js';
import { encode } from './codec/codec.js';
import { publicKeyOf, sign } from './crypto/secp256k1.js';
import { verifySignature } from './crypto/verify-fast.js';
import { DOMAINS, type Domain, signingMessage, typedPayload } from './domains.js';
import { LeagError } from './errors.js';
import type { MessageName, MessageTypes, SignedTx, Tx, Witness } from './gen/types.gen.js';

const EMPTY = new Uint8Array(0);

function withField<T>(value: T, field: string, v: Uint8Array): T {
  if (typeof value !== 'object' || value === null || !(field in value)) {
    throw new LeagError('SIG_FIELD', `the value has no signature field "${field}"`, { field });
  }
  return { ...value, [field]: v };
}

/** The signing message of a schema value: its signature field is emptied first. */
export function messageSigningBytes<N extends MessageName>(
  typeName: N,
  value: MessageTypes[N],
  domain: Domain,
  chainId: string,
  sigField = 'signature',
): Uint8Array {
  const unsigned = withField(value, sigField, EMPTY);
  return signingMessage(domain, chainId, typedPayload(typeName, encode(typeName, unsigned)));
}

/** Returns a copy of `value` with its signature field set by `secretKey`. */
export function signValue<N extends MessageName>(
  typeName: N,
  value: MessageTypes[N],
  domain: Domain,
  chainId: string,
  secretKey: Uint8Array,
  sigField = 'signature',
): MessageTypes[N] {
  const sig = sign(secretKey, messageSigningBytes(typeName, value, domain, chainId, sigField));
  return withField(value, sigField, sig);
}

/** True when the value's signature field holds a valid signature of `pubkey` (fast path). */
export function verifyValue<N extends MessageName>(
  typeName: N,
  value: MessageTypes[N],
  domain: Domain,
  chainId: string,
  pubkey: Uint8Array,
  sigField = 'signature',
): boolean {
  const sig = (value as unknown as Record<string, unknown>)[sigField];
  if (!(sig instanceof Uint8Array)) return false;
  return verifySignature(pubkey, messageSigningBytes(typeName, value, domain, chainId, sigField), sig);
}

/** What every witness of a transaction signs. */
export function txSigningBytes(tx: Tx): Uint8Array {
  return signingMessage(DOMAINS.TX, tx.chainId, typedPayload('Tx', encode('Tx', tx)));
}

/** A witness of `secretKey` for `tx`. */
export function makeWitness(tx: Tx, secretKey: Uint8Array): Witness {
  return { pubkey: publicKeyOf(secretKey), signature: sign(secretKey, txSigningBytes(tx)) };
}

/** Signs `tx` with each key in order: witnesses[i] belongs to secretKeys[i]. */
export function signTx(tx: Tx, secretKeys: readonly Uint8Array[]): SignedTx {
  const msg = txSigningBytes(tx);
  return { tx, witnesses: secretKeys.map((sk) => ({ pubkey: publicKeyOf(sk), signature: sign(sk, msg) })) };
}

/**
 * True when witness i of a tx is byte for byte an earlier witness (same key, same signature). Every
 * witness of a tx signs the same digest, so such a witness has the earlier one's verdict: a buy
 * order whose input coin and payload belong to one key carries the same signature twice (RFC 6979
 * signing is deterministic), and one ECDSA check covers both.
 */
export function repeatsEarlierWitness(witnesses: readonly Witness[], i: number): boolean {
  const w = witnesses[i];
  if (w === undefined) return false;
  for (let j = 0; j < i; j++) {
    const x = witnesses[j] as Witness;
    if (bytesEqual(x.signature, w.signature) && bytesEqual(x.pubkey, w.pubkey)) return true;
  }
  return false;
}

/** True when the witness's signature over `tx` is valid for the witness's public key. */
export function verifyWitness(tx: Tx, witness: Witness, msg: Uint8Array = txSigningBytes(tx)): boolean {
  return verifySignature(witness.pubkey, msg, witness.signature);
}
