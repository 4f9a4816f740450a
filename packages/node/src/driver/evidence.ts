/**
 * Equivocation evidence as ledger txs (docs/node.md, Evidence): the consensus Evidence (two
 * conflicting signed votes of one validator) travels and is stored as an EvidenceTx. One canonical
 * tx per evidence (votes ordered by block hash), so every node that saw the same two votes makes
 * the same tx id. The ledger keeps at most one piece per (validator, phase, view, height).
 */
import { evidenceKey } from '@leag/consensus';
import { type Block, compareBytes, type Evidence, type SignedTx, TxKind } from '@leag/core';
import type { Logger } from 'pino';
import { keys, type Ledger, TX_VERSION } from '../ledger/index.js';
import type { TxIntake } from '../trading/intake.js';

/** At most this many evidence txs go into one proposal (the rest wait for the next block). */
export const MAX_BLOCK_EVIDENCE = 16;

/** The canonical EvidenceTx of a piece of evidence (no inputs, outputs or witnesses: the votes are signed). */
export function evidenceTx(chainId: string, e: Evidence): SignedTx {
  const [a, b] = compareBytes(e.a.blockHash, e.b.blockHash) <= 0 ? [e.a, e.b] : [e.b, e.a];
  return {
    tx: {
      version: TX_VERSION,
      chainId,
      kind: TxKind.TX_KIND_EVIDENCE,
      inputs: [],
      outputs: [],
      lockTime: 0n,
      evidence: { evidence: { a, b } },
    },
    witnesses: [],
  };
}

/** The evidence an EvidenceTx carries, or null for any other tx. */
export function txEvidence(stx: SignedTx): Evidence | null {
  const tx = stx.tx;
  return tx.kind === TxKind.TX_KIND_EVIDENCE && tx.evidence !== undefined ? tx.evidence.evidence : null;
}

/**
 * The evidence a block carries, in block order (for the replica's credit rule). Only committed or
 * validated blocks are inspected, and the ledger admits an EvidenceTx only when its votes conflict,
 * are signed by that validator and are not on chain yet, so every replica reads the same list.
 */
export function blockEvidence(block: Block): Evidence[] {
  const out: Evidence[] = [];
  for (const stx of block.txs) {
    const e = txEvidence(stx);
    if (e !== null) out.push(e);
  }
  return out;
}

/** True when the committed state already holds evidence for this (validator, phase, view, height). */
export function evidenceOnChain(ledger: Ledger, e: Evidence): boolean {
  const { a } = e;
  return ledger.state.get(keys.evidence(a.validator, a.height, a.view, a.phase)) !== undefined;
}

/**
 * The candidate txs of a proposal: the replica's pending evidence first (as EvidenceTxs, at most
 * MAX_BLOCK_EVIDENCE, one per key, none already on chain), then the mempool's txs without the
 * evidence txs those keys already cover. The ledger's build still leaves out anything invalid.
 */
export function proposalTxs(
  chainId: string,
  pending: readonly Evidence[],
  pool: readonly SignedTx[],
  onChain: (e: Evidence) => boolean,
): SignedTx[] {
  const keysIn = new Set<string>();
  const ev: SignedTx[] = [];
  for (const e of pending) {
    const k = evidenceKey(e);
    if (ev.length >= MAX_BLOCK_EVIDENCE || keysIn.has(k) || onChain(e)) continue;
    keysIn.add(k);
    ev.push(evidenceTx(chainId, e));
  }
  const rest = pool.filter((stx) => {
    const e = txEvidence(stx);
    return e === null || !keysIn.has(evidenceKey(e));
  });
  return [...ev, ...rest];
}

/**
 * Spreads evidence held by the local replica: its EvidenceTx goes through the node's tx intake
 * (validated like any tx, journaled, gossiped to the other validators), so the next primary,
 * whoever it is, has it in its mempool. Refusals (already on chain, mempool full) are only logged:
 * the replica offers pending evidence again after every block until one carries it.
 */
export function evidenceSpreader(
  chainId: string,
  intake: Pick<TxIntake, 'submit'>,
  log: Pick<Logger, 'debug'>,
): (e: Evidence) => void {
  return (e) => {
    intake.submit(evidenceTx(chainId, e), 'api').catch((err: Error & { code?: string }) => {
      log.debug({ validator: e.a.validator, code: err.code, err: err.message }, 'evidence tx not admitted');
    });
  };
}
