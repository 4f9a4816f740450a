/**
 * Injected signing. The node passes its secp256k1 key (core); the simulation passes a cheap
 * deterministic signer (sim/signer.ts). A Signer signs only for its own validator index.
 */
export interface Signer {
  readonly validator: number;
  sign(digest: Uint8Array): Uint8Array;
}

export interface Verifier {
  verify(validator: number, digest: Uint8Array, signature: Uint8Array): boolean;
}
