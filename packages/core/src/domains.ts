/**
 * Signature domains and the signed message. Every signature in LEAG is ECDSA-secp256k1 with SHA-256
 * over the signing message
 *   M = sha256(domain) ‖ sha256(domain) ‖ len(chainId) ‖ utf8(chainId) ‖ payload
 * so signingDigest = sha256(M) = taggedHash(domain, len(chainId) ‖ chainId ‖ payload). For schema
 * messages the payload is len(typeName) ‖ typeName ‖ canonical encoding with the signature field
 * empty (signingPayload in signed.ts). A signature for one domain, chain or message type never
 * verifies for another.
 */
import { concatBytes, utf8 } from './bytes.js';
import { LeagError } from './errors.js';
import { sha256, tagPrefix } from './hash.js';

export const DOMAINS = {
  /** Transaction witnesses (over the Tx, which holds no witnesses). */
  TX: 'leag/tx/v1',
  /** PBFT messages: PrePrepare, Vote, Checkpoint, ViewChange, NewView. */
  CONSENSUS: 'leag/consensus/v1',
  /** The authority's signature on an EV's AuthorityCertificate. */
  AUTHORITY_CERT: 'leag/authority-cert/v1',
  /** Requests an EV client signs for a node's API (outside the chain). */
  API_REQUEST: 'leag/api-request/v1',
  /** Peer handshakes between validators. */
  P2P_HANDSHAKE: 'leag/p2p-handshake/v1',
} as const;
export type Domain = (typeof DOMAINS)[keyof typeof DOMAINS];

const KNOWN = new Set<string>(Object.values(DOMAINS));

function lengthPrefixed(what: string, s: string): Uint8Array {
  const b = utf8(s);
  if (b.length > 255) {
    throw new LeagError('SIG_FIELD_LENGTH', `${what} is ${b.length} bytes of UTF-8; at most 255 are allowed`);
  }
  return concatBytes(Uint8Array.of(b.length), b);
}

/** The signed message M for a domain, chain id and payload bytes (see the module comment). */
export function signingMessage(domain: Domain, chainId: string, payload: Uint8Array): Uint8Array {
  if (!KNOWN.has(domain)) {
    throw new LeagError('SIG_DOMAIN', `unknown signature domain "${domain}"; allowed: ${[...KNOWN].join(', ')}`);
  }
  return concatBytes(tagPrefix(domain), lengthPrefixed('chain id', chainId), payload);
}

/** sha256 of the signing message: what ECDSA signs. */
export function signingDigest(domain: Domain, chainId: string, payload: Uint8Array): Uint8Array {
  return sha256(signingMessage(domain, chainId, payload));
}

/** len(typeName) ‖ typeName ‖ bytes: binds a payload to its message type. */
export function typedPayload(typeName: string, bytes: Uint8Array): Uint8Array {
  return concatBytes(lengthPrefixed('type name', typeName), bytes);
}
