/**
 * Fast signature verification, the hot path of every node: libsecp256k1 where its prebuilt
 * binding loads (libsecp.ts; about 40x noble's speed), else node:crypto (OpenSSL; about 7x
 * noble's). Both run after the same pre-checks as the noble path (canonical low-S signature,
 * 33-byte compressed key), so all three give the same answer on every input
 * (test/verify-agree.test.ts). libsecp256k1 takes the SHA-256 digest of the message; OpenSSL
 * hashes the message itself (a null algorithm still means SHA-256 for EC keys) and is called as
 * crypto.verify('sha256', msg, key, sig) with IEEE P1363 (r ‖ s) encoding, with KeyObjects
 * cached per public key (invalid points are cached as such).
 */
import { createPublicKey, type KeyObject, verify as nodeVerify } from 'node:crypto';
import { toHex } from '../bytes.js';
import { sha256 } from '../hash.js';
import { libsecp } from './libsecp.js';
import { PUBLIC_KEY_LENGTH, wellFormedSignature } from './secp256k1.js';

/** Which library verifies signatures in this process. */
export const signatureBackend: 'libsecp256k1' | 'openssl' = libsecp === undefined ? 'openssl' : 'libsecp256k1';

// SubjectPublicKeyInfo DER prefix for id-ecPublicKey / secp256k1 with a 33-byte compressed point.
const SPKI_PREFIX = Uint8Array.from([
  0x30, 0x36, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00,
  0x0a, 0x03, 0x22, 0x00,
]);
const CACHE_MAX = 10_000;
const cache = new Map<string, KeyObject | null>();

function keyObject(pub: Uint8Array): KeyObject | null {
  const id = toHex(pub);
  const hit = cache.get(id);
  if (hit !== undefined) return hit;
  let key: KeyObject | null;
  try {
    const der = new Uint8Array(SPKI_PREFIX.length + PUBLIC_KEY_LENGTH);
    der.set(SPKI_PREFIX);
    der.set(pub, SPKI_PREFIX.length);
    key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
  } catch {
    key = null;
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(id, key);
  return key;
}

const wellFormed = (pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean =>
  msg instanceof Uint8Array && wellFormedSignature(pub, sig);

/**
 * Verifies a signature over sha256(msg) (signatureBackend: libsecp256k1, else OpenSSL): the hot
 * path of every node. Agrees with verifySignatureNoble on every input (test/verify-agree.test.ts);
 * never throws for byte input.
 */
export function verifySignature(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (libsecp === undefined) return verifySignatureOpenSsl(pub, msg, sig);
  if (!wellFormed(pub, msg, sig)) return false;
  try {
    return libsecp.ecdsaVerify(sig, sha256(msg), pub);
  } catch {
    return false; // a public key that is not a curve point
  }
}

/** verifySignature through OpenSSL whatever the backend (tests, and the benchmark's comparison). */
export function verifySignatureOpenSsl(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (!wellFormed(pub, msg, sig)) return false;
  const key = keyObject(pub);
  if (key === null) return false;
  try {
    return nodeVerify('sha256', msg, { key, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
}

/** Empties the KeyObject cache (tests and benchmarks). */
export function clearVerifyCache(): void {
  cache.clear();
}
