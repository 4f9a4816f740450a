/**
 * Consensus message types. Same shape and names as the agreed wire schema (core's
 * proto/votes.proto and proto/consensus.proto): uint64 fields are bigint, bytes are Uint8Array,
 * validators are uint32 indexes into the genesis validator list. Blocks are opaque to consensus:
 * the type parameter `B` is whatever the ledger uses; consensus only needs its hash (injected).
 */
export const Phase = {
  PRE_PREPARE: 1,
  PREPARE: 2,
  COMMIT: 3,
  CHECKPOINT: 4,
  VIEW_CHANGE: 5,
  NEW_VIEW: 6,
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

/** A signed vote. PREPARE and COMMIT on the wire; PRE_PREPARE is the signed header of a PrePrepare. */
export interface Vote {
  phase: Phase;
  view: bigint;
  height: bigint;
  blockHash: Uint8Array;
  validator: number;
  signature: Uint8Array;
}

/** The primary's proposal. Its signature is the signature of its header vote (phase PRE_PREPARE). */
export interface PrePrepare<B> {
  view: bigint;
  height: bigint;
  blockHash: Uint8Array;
  block: B;
  validator: number;
  signature: Uint8Array;
}

export interface Checkpoint {
  height: bigint;
  stateDigest: Uint8Array;
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

/** Weight >= Q of COMMIT votes for one block at one height (all in one view). */
export interface CommitCertificate {
  view: bigint;
  height: bigint;
  blockHash: Uint8Array;
  commits: Vote[];
}

/**
 * A validator's request to move to `newView`. `stableHeight` is the sender's last committed height
 * and `checkpointProof` that block's commit certificate (null at height 0, genesis); `prepared`
 * holds at most one proof, for height stableHeight + 1 (docs/consensus.md explains why that is
 * enough with one block in flight).
 */
export interface ViewChange<B> {
  newView: bigint;
  stableHeight: bigint;
  checkpointProof: CommitCertificate | null;
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

/** Two conflicting signed votes of one validator: same phase, view and height, different hashes. */
export interface Evidence {
  a: Vote;
  b: Vote;
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
