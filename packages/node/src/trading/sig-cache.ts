/**
 * Each tx's witnesses are verified once per node: the verdict is cached by tx id (which covers the
 * tx but not its witnesses, so the key also covers the witness bytes' hash). Block validation then
 * runs the ledger with `verifySignatures: false` after this cache checked every tx of the block.
 */
import { createHash } from 'node:crypto';
import { type SignedTx, toHex, txId, txSigningBytes, verifyWitness } from '@leag/core';

export class SigCache {
  private readonly ok = new Map<string, true>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 200_000) {}

  private key(stx: SignedTx): string {
    const h = createHash('sha256');
    for (const x of stx.witnesses) h.update(x.pubkey).update(x.signature);
    return toHex(txId(stx.tx)) + h.digest('base64').slice(0, 16);
  }

  /** True when every witness signature is valid (ECDSA only: key ↔ owner is the ledger's rule). */
  verify(stx: SignedTx): boolean {
    const k = this.key(stx);
    if (this.ok.has(k)) {
      this.hits++;
      return true;
    }
    this.misses++;
    const msg = txSigningBytes(stx.tx);
    for (const w of stx.witnesses) {
      try {
        if (!verifyWitness(stx.tx, w, msg)) return false;
      } catch {
        return false;
      }
    }
    if (this.ok.size >= this.capacity) {
      const first = this.ok.keys().next().value;
      if (first !== undefined) this.ok.delete(first);
    }
    this.ok.set(k, true);
    return true;
  }

  /** Verifies every tx of a block (settlement txs carry no witnesses and pass trivially). */
  verifyAll(txs: readonly SignedTx[]): boolean {
    return txs.every((t) => this.verify(t));
  }
}
