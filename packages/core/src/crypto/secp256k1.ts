/**
 * secp256k1 keys and ECDSA signatures with @noble/secp256k1 v3, and with libsecp256k1 where its
 * prebuilt binding loads (libsecp.ts): signing and public keys then run there, several times
 * faster and with a few objects instead of thousands of BigInts, giving exactly noble's bytes
 * (test/crypto.test.ts compares them); the *Noble functions always use noble.
 *
 * Every LEAG signature is ECDSA over SHA-256 of a message: sign(sk, msg) = ECDSA(sk, sha256(msg)),
 * deterministic (RFC 6979), always low-S, 64-byte compact (r ‖ s). Public keys are 33-byte
 * compressed points. Verification rejects high-S signatures, r or s outside [1, n-1], keys that are
 * not 33-byte compressed points on the curve, and never throws for byte input: it returns false.
 * Messages are normally signingMessage(...) (domains.ts); the digest variants take sha256(msg).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';
import { concatBytes } from '../bytes.js';
import { LeagError } from '../errors.js';
import { sha256, taggedHash } from '../hash.js';
import { libsecp } from './libsecp.js';

secp.hashes.sha256 = nobleSha256 as typeof secp.hashes.sha256;
secp.hashes.hmacSha256 = ((key: Uint8Array, msg: Uint8Array) =>
  hmac(nobleSha256, key, msg)) as typeof secp.hashes.hmacSha256;

export const SECRET_KEY_LENGTH = 32;
export const PUBLIC_KEY_LENGTH = 33;
export const SIGNATURE_LENGTH = 64;
/** The order n of the secp256k1 group. */
export const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export const HALF_CURVE_ORDER = CURVE_ORDER >> 1n;

/** A scalar as 32 big-endian bytes. */
function scalarToBytes(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn);
  return out;
}
const ORDER_BYTES = scalarToBytes(CURVE_ORDER);
const HALF_ORDER_BYTES = scalarToBytes(HALF_CURVE_ORDER);

/**
 * Compares the 32-byte big-endian number b[at..at+32) with c: negative, 0 or positive. Byte by
 * byte, without BigInts or the subarray views bytes.ts's compareBytes would need: every signature
 * check of a node runs it (public data, so no constant time).
 */
function compare32(b: Uint8Array, at: number, c: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const d = (b[at + i] as number) - (c[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

function isZero32(b: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 32; i++) if (b[i] !== 0) return false;
  return true;
}

/** True for a 64-byte signature with 1 ≤ r < n and 1 ≤ s ≤ n/2 (low-S). */
export function isCanonicalSignature(sig: Uint8Array): boolean {
  if (!(sig instanceof Uint8Array) || sig.length !== SIGNATURE_LENGTH) return false;
  return (
    !isZero32(sig, 0) &&
    compare32(sig, 0, ORDER_BYTES) < 0 &&
    !isZero32(sig, 32) &&
    compare32(sig, 32, HALF_ORDER_BYTES) <= 0
  );
}

/** True when a 64-byte compact signature's S is above n/2 (malleable; rejected). False for other lengths. */
export function isHighS(sig: Uint8Array): boolean {
  return sig instanceof Uint8Array && sig.length === SIGNATURE_LENGTH && compare32(sig, 32, HALF_ORDER_BYTES) > 0;
}

/** True for 33 bytes starting 02 or 03 (a compressed point's form; whether it is on the curve aside). */
export const isCompressedKeyShape = (pub: Uint8Array): boolean =>
  pub instanceof Uint8Array && pub.length === PUBLIC_KEY_LENGTH && (pub[0] === 2 || pub[0] === 3);

/** The checks every verification path makes before any curve arithmetic: canonical low-S signature, compressed key form. */
export const wellFormedSignature = (pub: Uint8Array, sig: Uint8Array): boolean =>
  isCanonicalSignature(sig) && isCompressedKeyShape(pub);

/** True for a 33-byte compressed public key that is a point on the curve. */
export function isValidPublicKey(pub: Uint8Array): boolean {
  return isCompressedKeyShape(pub) && secp.utils.isValidPublicKey(pub, true);
}

export function isValidSecretKey(sk: Uint8Array): boolean {
  return sk instanceof Uint8Array && sk.length === SECRET_KEY_LENGTH && secp.utils.isValidSecretKey(sk);
}

function checkSecretKey(sk: Uint8Array): void {
  if (!isValidSecretKey(sk)) {
    throw new LeagError('SIG_SECRET_KEY', 'secret key must be 32 bytes encoding a scalar in [1, n-1]');
  }
}

/** A fresh random secret key (crypto.getRandomValues). */
export function generateSecretKey(): Uint8Array {
  return secp.utils.randomSecretKey();
}

/** A deterministic secret key from a seed (testnets, simulations): taggedHash('leag/keygen', seed ‖ i). */
export function secretKeyFromSeed(seed: Uint8Array): Uint8Array {
  for (let i = 0; i < 256; i++) {
    const sk = taggedHash('leag/keygen', concatBytes(seed, Uint8Array.of(i)));
    if (isValidSecretKey(sk)) return sk;
  }
  throw new LeagError('SIG_SEED', 'no valid secret key derived from this seed in 256 attempts');
}

/** The 33-byte compressed public key of a secret key. */
export function publicKeyOf(sk: Uint8Array): Uint8Array {
  checkSecretKey(sk);
  return libsecp === undefined ? secp.getPublicKey(sk, true) : libsecp.publicKeyCreate(sk, true);
}

/** publicKeyOf with noble whatever the backend (tests). */
export function publicKeyOfNoble(sk: Uint8Array): Uint8Array {
  checkSecretKey(sk);
  return secp.getPublicKey(sk, true);
}

/** ECDSA(sk, sha256(msg)), RFC 6979, low-S, 64-byte compact. */
export function sign(sk: Uint8Array, msg: Uint8Array): Uint8Array {
  checkSecretKey(sk);
  if (libsecp !== undefined) return libsecp.ecdsaSign(sha256(msg), sk).signature;
  return secp.sign(msg, sk, { prehash: true, lowS: true });
}

/** sign with noble whatever the backend (tests). */
export function signNoble(sk: Uint8Array, msg: Uint8Array): Uint8Array {
  checkSecretKey(sk);
  return secp.sign(msg, sk, { prehash: true, lowS: true });
}

/** ECDSA over a 32-byte digest the caller computed: signDigest(sk, sha256(m)) === sign(sk, m). */
export function signDigest(sk: Uint8Array, digest: Uint8Array): Uint8Array {
  checkSecretKey(sk);
  if (!(digest instanceof Uint8Array) || digest.length !== 32) {
    throw new LeagError('SIG_DIGEST', `digest must be 32 bytes, got ${digest?.length}`);
  }
  if (libsecp !== undefined) return libsecp.ecdsaSign(digest, sk).signature;
  return secp.sign(digest, sk, { prehash: false, lowS: true });
}

/** Verification with noble over a 32-byte digest. */
export function verifyDigestNoble(pub: Uint8Array, digest: Uint8Array, sig: Uint8Array): boolean {
  if (!(digest instanceof Uint8Array) || digest.length !== 32 || !wellFormedSignature(pub, sig)) return false;
  try {
    return secp.verify(sig, digest, pub, { prehash: false, lowS: true });
  } catch {
    return false;
  }
}

/** Verification with noble (pure JS) of a signature over sha256(msg). */
export function verifySignatureNoble(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (!(msg instanceof Uint8Array)) return false;
  return verifyDigestNoble(pub, sha256(msg), sig);
}
