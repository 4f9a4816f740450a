/**
 * The real signer and verifier: secp256k1 from @leag/core (RFC 6979, low-S, 64-byte compact),
 * over the 32-byte digests of encoding.ts. Validators are given by their compressed public keys
 * in genesis order.
 */
import { LeagError, publicKeyOf, signDigest, verifyDigestNoble } from '@leag/core';
import type { Signer, Verifier } from './crypto.js';

export function secpSigner(validator: number, secretKey: Uint8Array): Signer {
  return { validator, sign: (digest) => signDigest(secretKey, digest) };
}

export function secpVerifier(publicKeys: readonly Uint8Array[]): Verifier {
  return {
    verify(validator, digest, signature) {
      const pub = publicKeys[validator];
      return pub !== undefined && verifyDigestNoble(pub, digest, signature);
    },
  };
}

/** Checks that a secret key belongs to the validator's public key (a misconfigured node must not start). */
export function checkKeyMatches(validator: number, secretKey: Uint8Array, publicKeys: readonly Uint8Array[]): void {
  const pub = publicKeys[validator];
  const mine = publicKeyOf(secretKey);
  if (pub === undefined || pub.length !== mine.length || !pub.every((b, i) => b === mine[i])) {
    throw new LeagError(
      'CONSENSUS_KEY_MISMATCH',
      `the secret key does not belong to validator ${validator} of the genesis list`,
      {
        validator,
      },
    );
  }
}
