/**
 * Each tx's witnesses are verified once per node: the verdict is cached by tx id, with a digest of
 * the witness bytes (the id covers the tx but not its witnesses). Block validation then runs the
 * ledger with `verifySignatures: false` after this cache checked every tx of the block.
 * A verdict is only useful while its tx may still be proposed or validated in a block, so the node
 * forgets the verdicts of committed txs (and of expired orders) at each commit; the capacity bounds
 * what remains (txs refused by a ledger rule after their signature check), oldest out first.
 */
import { createHash } from 'node:crypto';
import { repeatsEarlierWitness, type SignedTx, toHex, txId, txSigningBytes, verifyWitness } from '@leag/core';

/**
 * The node's capacity: every tx the mempool can hold, plus every tx the intake may hold waiting for
 * its checks (a verdict evicted too early only costs a second verification, never a wrong answer).
 */
export const sigCacheCapacity = (mempoolCapacity: number, checkQueue: number): number => mempoolCapacity + checkQueue;

export class SigCache {
  /** tx id (hex) → digest of the witnesses that verified, in insertion order (oldest first). */
  private readonly ok = new Map<string, string>();
  hits = 0;
  misses = 0;
  /** ECDSA verifications run (a witness repeating an earlier one of its tx is not checked twice). */
  ecdsa = 0;

  constructor(readonly capacity = 30_000) {}

  get size(): number {
    return this.ok.size;
  }

  private static witnessDigest(stx: SignedTx): string {
    const h = createHash('sha256');
    for (const x of stx.witnesses) h.update(x.pubkey).update(x.signature);
    return h.digest('base64').slice(0, 16);
  }

  /** True when every witness signature is valid (ECDSA only: key ↔ owner is the ledger's rule). */
  verify(stx: SignedTx): boolean {
    const id = toHex(txId(stx.tx));
    const digest = SigCache.witnessDigest(stx);
    if (this.ok.get(id) === digest) {
      this.hits++;
      return true;
    }
    this.misses++;
    const msg = txSigningBytes(stx.tx);
    const ws = stx.witnesses;
    for (let i = 0; i < ws.length; i++) {
      if (repeatsEarlierWitness(ws, i)) continue;
      this.ecdsa++;
      try {
        if (!verifyWitness(stx.tx, ws[i] as (typeof ws)[number], msg)) return false;
      } catch {
        return false;
      }
    }
    this.ok.delete(id);
    if (this.ok.size >= this.capacity) {
      const first = this.ok.keys().next().value;
      if (first !== undefined) this.ok.delete(first);
    }
    this.ok.set(id, digest);
    return true;
  }

  /** Verifies every tx of a block (settlement txs carry no witnesses and pass trivially). */
  verifyAll(txs: readonly SignedTx[]): boolean {
    return txs.every((t) => this.verify(t));
  }

  /** Drops the verdicts of txs that can no longer enter a block (committed, or expired orders). */
  forget(ids: readonly Uint8Array[]): void {
    for (const id of ids) this.ok.delete(toHex(id));
  }
}
