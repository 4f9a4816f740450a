/**
 * EV certificates (paper Sec. III-B step 1): the authority signs an EV's public key, name and
 * validity period (domain leag/authority-cert/v1, field authority_sig). A LEAG checks one before it
 * registers the EV; only the certificate's hash goes on chain.
 */
import {
  type AuthorityCertificate,
  DOMAINS,
  hashOf,
  isValidPublicKey,
  LeagError,
  signValue,
  verifyValue,
} from '@leag/core';

export interface CertificateFields {
  evPubkey: Uint8Array;
  name: string;
  issuedAt: bigint;
  expiresAt: bigint;
}

/** The authority's side: signs a certificate (used by the authority tool and tests). */
export function issueCertificate(authoritySk: Uint8Array, f: CertificateFields, chainId: string): AuthorityCertificate {
  if (f.expiresAt <= f.issuedAt)
    throw new LeagError('ACCOUNT_CERT_PERIOD', `expires_at ${f.expiresAt} must be after issued_at ${f.issuedAt}`);
  return signValue(
    'AuthorityCertificate',
    { ...f, authoritySig: new Uint8Array(0) },
    DOMAINS.AUTHORITY_CERT,
    chainId,
    authoritySk,
    'authoritySig',
  );
}

/** Checks a certificate at time `nowMs`; throws an ACCOUNT_ error saying what is wrong. */
export function verifyCertificate(
  cert: AuthorityCertificate,
  authorityPubkey: Uint8Array,
  chainId: string,
  nowMs: bigint,
): void {
  if (!isValidPublicKey(cert.evPubkey))
    throw new LeagError('ACCOUNT_BAD_PUBKEY', 'the certificate must name a 33-byte compressed secp256k1 public key');
  if (!verifyValue('AuthorityCertificate', cert, DOMAINS.AUTHORITY_CERT, chainId, authorityPubkey, 'authoritySig')) {
    throw new LeagError('ACCOUNT_CERT_BAD_SIGNATURE', "the certificate is not signed by this chain's authority");
  }
  if (nowMs < cert.issuedAt)
    throw new LeagError(
      'ACCOUNT_CERT_NOT_YET_VALID',
      `the certificate is valid from ${cert.issuedAt}, now is ${nowMs}`,
    );
  if (nowMs >= cert.expiresAt)
    throw new LeagError('ACCOUNT_CERT_EXPIRED', `the certificate expired at ${cert.expiresAt}, now is ${nowMs}`);
}

/** The hash put on chain in an AddressGrant (no identity leaves the LEAG). */
export const certificateHash = (cert: AuthorityCertificate): Uint8Array => hashOf('AuthorityCertificate', cert);
