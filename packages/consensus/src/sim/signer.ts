/**
 * The simulation's cheap deterministic signatures: validator i holds a secret s_i and signs a
 * message m as sha256(s_i || m). Each simulated node (honest or byzantine) is given only its own
 * Signer, so a byzantine node cannot forge another's signature; verification is an oracle that
 * knows every secret (it stands for public-key verification). Secrets derive from the run's seed.
 */
import type { Signer, Verifier } from '../crypto.js';
import { bytesEqual, sha256 } from '../encoding.js';

export class SimKeys implements Verifier {
  private readonly secrets: Uint8Array[];

  constructor(seed: number, n: number) {
    const enc = new TextEncoder();
    this.secrets = Array.from({ length: n }, (_, i) => sha256(enc.encode(`leag-sim-secret/${seed}/${i}`)));
  }

  signer(validator: number): Signer {
    const secret = this.secrets[validator]!;
    return { validator, sign: (message) => sha256(secret, message) };
  }

  verify(validator: number, message: Uint8Array, signature: Uint8Array): boolean {
    const secret = this.secrets[validator];
    return secret !== undefined && bytesEqual(sha256(secret, message), signature);
  }
}
