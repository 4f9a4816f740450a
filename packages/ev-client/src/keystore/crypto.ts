/**
 * Keystore encryption: scrypt (from @noble/hashes) stretches the passphrase into a 32-byte key,
 * XChaCha20-Poly1305 (from @noble/ciphers) encrypts the wallet with a random 24-byte nonce. The
 * file's public header (format, KDF and cipher parameters) is the AEAD's associated data, so a
 * change to any byte of the file is caught as tampering, and a wrong passphrase fails the tag.
 */

import { randomBytes } from 'node:crypto';
import { LeagError, utf8 } from '@leag/core';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';

export interface KdfParams {
  name: 'scrypt';
  /** CPU/memory cost, a power of two. */
  n: number;
  r: number;
  p: number;
  salt: Uint8Array;
}

/** Default scrypt cost (2^16: about 64 MiB and a fraction of a second here). */
export const DEFAULT_SCRYPT_N = 1 << 16;
/** Lowest cost accepted (tests and fleets use it; a real wallet should not). */
export const MIN_SCRYPT_N = 1 << 10;
/** Highest cost accepted when READING a file, so a crafted file cannot make us run for minutes. */
export const MAX_SCRYPT_N = 1 << 20;

export function checkKdf(k: KdfParams): void {
  const okN = Number.isInteger(k.n) && k.n >= MIN_SCRYPT_N && k.n <= MAX_SCRYPT_N && (k.n & (k.n - 1)) === 0;
  if (!okN)
    throw new LeagError(
      'KEYSTORE_BAD_KDF',
      `scrypt N must be a power of two in [${MIN_SCRYPT_N}, ${MAX_SCRYPT_N}], found ${k.n}`,
    );
  if (k.r !== 8 || k.p !== 1)
    throw new LeagError('KEYSTORE_BAD_KDF', `scrypt r must be 8 and p must be 1, found r=${k.r} p=${k.p}`);
  if (k.salt.length !== 32)
    throw new LeagError('KEYSTORE_BAD_KDF', `scrypt salt must be 32 bytes, found ${k.salt.length}`);
}

export function newKdf(n = DEFAULT_SCRYPT_N): KdfParams {
  const k: KdfParams = { name: 'scrypt', n, r: 8, p: 1, salt: new Uint8Array(randomBytes(32)) };
  checkKdf(k);
  return k;
}

export async function deriveKey(passphrase: string, kdf: KdfParams): Promise<Uint8Array> {
  checkKdf(kdf);
  return scryptAsync(utf8(passphrase.normalize('NFKC')), kdf.salt, {
    N: kdf.n,
    r: kdf.r,
    p: kdf.p,
    dkLen: 32,
    maxmem: 256 * kdf.n * kdf.r + 1024 * 1024,
  });
}

export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): { nonce: Uint8Array; ct: Uint8Array } {
  const nonce = new Uint8Array(randomBytes(24));
  return { nonce, ct: xchacha20poly1305(key, nonce, aad).encrypt(plaintext) };
}

/** Decrypts; a wrong key or any changed byte of nonce, ciphertext or header is KEYSTORE_DECRYPT. */
export function open(key: Uint8Array, nonce: Uint8Array, ct: Uint8Array, aad: Uint8Array): Uint8Array {
  if (nonce.length !== 24)
    throw new LeagError('KEYSTORE_CORRUPT', `the keystore nonce must be 24 bytes, found ${nonce.length}`);
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(ct);
  } catch {
    throw new LeagError(
      'KEYSTORE_DECRYPT',
      'cannot decrypt the keystore: the passphrase is wrong or the file was modified',
    );
  }
}
