/**
 * @leag/consensus: credit-weighted PBFT as a pure, deterministic state machine, with its quorum
 * and credit math, and a seeded in-memory network for simulation (src/sim/).
 */

export type { CommittedBlock, ReplicaDeps, RestoreState } from './core.js';
export * from './credit.js';
export * from './crypto.js';
export {
  bytesEqual,
  certificateDigest,
  checkpointMessage,
  creditTableHash,
  DOMAIN_TAG,
  hex,
  newViewMessage,
  prePrepareVote,
  stateDigest,
  viewChangeMessage,
  voteMessage,
} from './encoding.js';
export * from './epochs.js';
export * from './guard.js';
export * from './io.js';
export * from './params.js';
export * from './quorum.js';
export { Replica, type ReplicaStatus } from './replica.js';
export { checkKeyMatches, secpSigner, secpVerifier } from './secp.js';
export * from './types.js';
export {
  commitCertificateError,
  evidenceError,
  evidenceKey,
  preparedProofError,
  type VerifyContext,
  voteError,
} from './verify.js';
export { memoVerifier } from './verify-memo.js';
export { fromWire, toWire, type WireMessage } from './wire.js';
