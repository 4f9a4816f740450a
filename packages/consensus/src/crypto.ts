/**
 * Injected signing over signing messages (encoding.ts; ECDSA hashes the message with SHA-256).
 * The node passes its secp256k1 key (secp.ts, core's fast OpenSSL verification); the simulation
 * passes a cheap deterministic signer (sim/signer.ts). A Signer signs only for its own validator.
 */
export interface Signer {
  readonly validator: number;
  sign(message: Uint8Array): Uint8Array;
}

export interface Verifier {
  verify(validator: number, message: Uint8Array, signature: Uint8Array): boolean;
}
