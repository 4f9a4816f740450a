/**
 * Inputs to and actions out of the state machine (CometBFT's split: the driver, "reactor", turns
 * network traffic, timers and storage into inputs and carries out the actions in order).
 *
 * Contract for the driver: actions are carried out in the order returned; a `persist` or `commit`
 * action must be durable before any later action is carried out (write-ahead), so a signed message
 * never leaves before its guard record, and a block is stored before the next height's votes.
 */
import type { SignedRecord } from './guard.js';
import type { CommitCertificate, ConsensusMessage, Evidence } from './types.js';

export type TimerKind = 'view' | 'sync';

export interface TimerRef {
  kind: TimerKind;
  view: bigint;
  height: bigint;
}

export type Input<B> =
  /** First input after construction (and after a restart). */
  | { type: 'start' }
  | { type: 'message'; message: ConsensusMessage<B> }
  | { type: 'timeout'; timer: TimerRef }
  /** Answer to requestProposal. */
  | { type: 'proposalBuilt'; view: bigint; height: bigint; block: B }
  /** Answer to requestValidation. */
  | { type: 'proposalValidated'; view: bigint; height: bigint; blockHash: Uint8Array; ok: boolean }
  /** A committed block fetched from a peer for catch-up (answer to requestSync), heights in order. */
  | { type: 'syncBlock'; block: B; cert: CommitCertificate }
  /** Evidence gossiped by peers (carried as a transaction in the node); verified before it is kept. */
  | { type: 'evidence'; evidence: Evidence };

export type Action<B> =
  | { type: 'persist'; record: SignedRecord }
  | { type: 'broadcast'; message: ConsensusMessage<B> }
  | { type: 'send'; to: number; message: ConsensusMessage<B> }
  | { type: 'commit'; height: bigint; blockHash: Uint8Array; block: B; cert: CommitCertificate }
  /** Replaces any timer of the same kind. */
  | { type: 'setTimer'; timer: TimerRef; afterMs: number }
  | { type: 'cancelTimer'; kind: TimerKind }
  /** Build a block for (view, height) carrying parentCert and these evidence items; answer proposalBuilt. */
  | {
      type: 'requestProposal';
      view: bigint;
      height: bigint;
      parentCert: CommitCertificate | null;
      evidence: readonly Evidence[];
    }
  /** Validate a proposal against the ledger; answer proposalValidated. */
  | { type: 'requestValidation'; view: bigint; height: bigint; blockHash: Uint8Array; block: B }
  /**
   * Fetch committed blocks with their certificates from peers, starting at fromHeight, and feed
   * them as syncBlock in height order; keep fetching while a peer has more (the replica asks
   * again only when its retry timer finds it still behind).
   */
  | { type: 'requestSync'; fromHeight: bigint }
  /** Equivocation seen; also kept for the next proposal of this node. */
  | { type: 'evidence'; evidence: Evidence };
