/**
 * Consensus message types. Same shape and names as the agreed wire schema (core's
 * proto/votes.proto and proto/consensus.proto): uint64 fields are bigint, bytes are Uint8Array,
 * validators are uint32 indexes into the genesis validator list. Blocks are opaque to consensus:
 * the type parameter `B` is whatever the ledger uses; consensus only needs its hash (injected).
 */
import type { Checkpoint, CommitCertificate, Evidence, Vote } from '@leag/core';

export { Phase } from '@leag/core';
/**
 * Wire types shared with core (proto/votes.proto, proto/consensus.proto): a PREPARE or COMMIT
 * vote (PRE_PREPARE is the signed header of a PrePrepare), a checkpoint, a commit certificate and
 * equivocation evidence.
 */
export type { Checkpoint, CommitCertificate, Evidence, Vote };

/** The primary's proposal. Its signature is the signature of its header vote (phase PRE_PREPARE). */
export interface PrePrepare<B> {
  view: bigint;
  height: bigint;
  blockHash: Uint8Array;
  block: B;
  validator: number;
  signature: Uint8Array;
}

/** Weight >= Q of PREPARE votes for one block in one view at one height. */
export interface PreparedProof<B> {
  view: bigint;
  height: bigint;
  blockHash: Uint8Array;
  block: B;
  prepares: Vote[];
}

/**
 * A validator's request to move to `newView`. `stableHeight` is the sender's last committed height
 * and `checkpointProof` that block's commit certificate (absent at height 0, genesis); `prepared`
 * holds at most one proof, for height stableHeight + 1 (docs/consensus.md explains why that is
 * enough with one block in flight).
 */
export interface ViewChange<B> {
  newView: bigint;
  stableHeight: bigint;
  checkpointProof?: CommitCertificate;
  prepared: PreparedProof<B>[];
  validator: number;
  signature: Uint8Array;
}

export interface NewView<B> {
  view: bigint;
  viewChanges: ViewChange<B>[];
  prePrepares: PrePrepare<B>[];
  validator: number;
  signature: Uint8Array;
}

/** Everything that travels between validators. */
export type ConsensusMessage<B> =
  | { kind: 'prePrepare'; msg: PrePrepare<B> }
  | { kind: 'vote'; msg: Vote }
  | { kind: 'checkpoint'; msg: Checkpoint }
  | { kind: 'viewChange'; msg: ViewChange<B> }
  | { kind: 'newView'; msg: NewView<B> };

/** The consensus data a committed block carries (extracted by the ledger, see BlockInspector). */
export interface BlockConsensusData {
  parentCert: CommitCertificate | null;
  evidence: readonly Evidence[];
}
