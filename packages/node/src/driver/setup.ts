/** Consensus parameters and crypto deps derived from genesis and the node's config. */
import {
  type ConsensusParams,
  makeParams,
  memoVerifier,
  type ReplicaDeps,
  secpSigner,
  secpVerifier,
  type Verifier,
  type VerifyContext,
} from '@leag/consensus';
import { type Block, type Genesis, LeagError } from '@leag/core';
import { blockHashOf } from '../ledger/index.js';
import { blockEvidence } from './evidence.js';

/** The chain's quorum rule: genesis `consensus.weighted`, credit-weighted when absent (docs/consensus.md). */
export function weightedQuorums(g: Genesis): boolean {
  return g.consensus?.weighted ?? true;
}

export function consensusParams(g: Genesis, t: { viewTimeoutMs: number; syncRetryMs: number }): ConsensusParams {
  g.validators.forEach((v, i) => {
    if (v.index !== i)
      throw new LeagError(
        'GENESIS_BAD_VALIDATORS',
        `genesis validator ${i} has index ${v.index}; indexes must be 0..n-1 in order`,
      );
  });
  const c = g.creditParams;
  const epoch = Number(c.epochBlocks);
  return makeParams({
    chainId: g.chainId,
    validators: g.validators.length,
    f: g.faultToleranceF,
    checkpointInterval: epoch,
    watermarkWindow: 2 * epoch,
    viewTimeoutMs: t.viewTimeoutMs,
    syncRetryMs: t.syncRetryMs,
    weighted: weightedQuorums(g),
    credit: {
      initial: Number(c.initial),
      min: Number(c.min),
      max: Number(c.max),
      commitVote: Number(c.perCommit),
      primaryCommitted: Number(c.perProposal),
      viewChangePenalty: -Number(c.viewChangePenalty),
      leaderThreshold: Number(c.leaderThreshold),
    },
  });
}

/**
 * One verifier per genesis for the replica and the ledger's certificate rule, remembering the vote
 * signatures it accepted (verify-memo.ts): a COMMIT is otherwise verified again in the next
 * block's parent certificate, by both.
 */
const verifiers = new WeakMap<Genesis, Verifier>();
function verifierFor(g: Genesis): Verifier {
  let v = verifiers.get(g);
  if (v === undefined) {
    v = memoVerifier(secpVerifier(g.validators.map((x) => x.pubkey)));
    verifiers.set(g, v);
  }
  return v;
}

export function replicaDeps(g: Genesis, me: number, secretKey: Uint8Array): ReplicaDeps<Block> {
  return {
    signer: secpSigner(me, secretKey),
    verifier: verifierFor(g),
    hashBlock: (b) => blockHashOf(b.header),
    inspect: (b) => ({ parentCert: b.parentCert ?? null, evidence: blockEvidence(b) }),
  };
}

export function verifyContext(g: Genesis): VerifyContext {
  return {
    chainId: g.chainId,
    verifier: verifierFor(g),
    validators: g.validators.length,
  };
}
