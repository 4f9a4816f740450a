/**
 * The real signer and verifier: secp256k1 from @leag/core (ECDSA over sha256(message), RFC 6979,
 * low-S, 64-byte compact; verification through core's OpenSSL path, which also rejects high-S).
 * Validators are given by their compressed public keys in genesis order.
 */
import { LeagError, publicKeyOf, sign, verifySignature } from '@leag/core';
import type { Signer, Verifier } from './crypto.js';

export function secpSigner(validator: number, secretKey: Uint8Array): Signer {
  return { validator, sign: (message) => sign(secretKey, message) };
}

export function secpVerifier(publicKeys: readonly Uint8Array[]): Verifier {
  return {
    verify(validator, message, signature) {
      const pub = publicKeys[validator];
      return pub !== undefined && verifySignature(pub, message, signature);
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
