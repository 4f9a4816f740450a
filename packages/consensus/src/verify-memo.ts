/**
 * A Verifier that remembers the signatures it has accepted. A validator's COMMIT is checked when
 * the vote arrives and again inside the next block's parent certificate (by the replica and by
 * the ledger's header rule), a PREPARE again inside a prepared proof: the same (validator,
 * message, signature) up to three times, each an ECDSA verification. Only successes are kept
 * (a rejected signature costs its check every time, so a flood of bad votes cannot evict good
 * ones faster than it pays for them), keyed by the exact message and signature bytes, so the
 * answer is the inner verifier's for every input: deterministic, like the inner one.
 */
import type { Verifier } from './crypto.js';
import { hex } from './encoding.js';

export function memoVerifier(inner: Verifier, max = 4096): Verifier & { readonly size: number } {
  // insertion order is age: at the bound the oldest half goes (votes are checked within a few blocks)
  const accepted = new Set<string>();
  return {
    get size() {
      return accepted.size;
    },
    verify(validator, message, signature) {
      const key = `${validator}:${hex(signature)}:${hex(message)}`;
      if (accepted.has(key)) return true;
      const ok = inner.verify(validator, message, signature);
      if (ok) {
        if (accepted.size >= max) {
          let drop = accepted.size - Math.floor(max / 2);
          for (const k of accepted) {
            if (drop-- <= 0) break;
            accepted.delete(k);
          }
        }
        accepted.add(key);
      }
      return ok;
    },
  };
}
