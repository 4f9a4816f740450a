/**
 * The normal case: PRE-PREPARE, PREPARE, COMMIT for the next height, proposal building and
 * validation through the ledger, and committing a block.
 */

import { sendCheckpoint } from './checkpoint.js';
import type { ReplicaCore } from './core.js';
import { prePrepareVote } from './encoding.js';
import { matching, matchingWeight } from './slot.js';
import { type CommitCertificate, Phase, type PrePrepare, type Vote } from './types.js';
import { voteError } from './verify.js';

/** True when the node takes part in the normal case of `view` now. */
function active<B>(r: ReplicaCore<B>, view: bigint): boolean {
  return view === r.view && !r.inViewChange;
}

/** Called whenever the node enters a (view, height) in the normal case. */
export function enterSlot<B>(r: ReplicaCore<B>): void {
  r.armViewTimer();
  const s = r.slot(r.view);
  if (r.isPrimary() && s.prePrepare === null && s.required === null && !s.proposalRequested) {
    s.proposalRequested = true;
    r.out.push({
      type: 'requestProposal',
      view: r.view,
      height: r.height + 1n,
      parentCert: r.lastCert,
      evidence: [...r.pendingEvidence.values()],
    });
  }
  evaluate(r, r.view);
}

export function onProposalBuilt<B>(r: ReplicaCore<B>, view: bigint, height: bigint, block: B): void {
  if (!active(r, view) || height !== r.height + 1n || !r.isPrimary()) return;
  const s = r.slot(view);
  if (s.prePrepare !== null) return;
  const blockHash = r.deps.hashBlock(block);
  const header = r.signVote(Phase.PRE_PREPARE, view, height, blockHash);
  const pp: PrePrepare<B> = { view, height, blockHash, block, validator: r.me, signature: header.signature };
  const m = { kind: 'prePrepare', msg: pp } as const;
  if (r.emit(m, Phase.PRE_PREPARE, view, height, blockHash)) {
    s.mine.push(m);
    progress(r, view);
  }
}

/**
 * The slot made progress (a valid proposal arrived, or this node finished validating or building
 * one): the view timer starts over with its full budget. The timer is there to replace a primary
 * that does not lead, not to punish a replica for its own CPU time: a heavy block (a window's
 * clearing, thousands of orders) takes seconds to build and as long again to validate on a loaded
 * machine, and a budget counted from the previous commit ran out during that work and started
 * view changes in which every next primary built the same heavy block again (stalls of 20-30 s
 * in the benchmark). Progress events are bounded per slot (one proposal, one validation), so a
 * primary cannot extend its view forever.
 */
function progress<B>(r: ReplicaCore<B>, view: bigint): void {
  if (!active(r, view)) return;
  r.slot(view).retransmitted = false;
  r.armViewTimer();
}

/**
 * First expiry of the view timer in the normal case: re-send what this node signed in the slot
 * (messages may have been lost) and wait once more; the second expiry starts a view change.
 */
export function onNormalTimeout<B>(r: ReplicaCore<B>): void {
  const s = r.slot(r.view);
  if (s.retransmitted) {
    r.startViewChange(r.view + 1n);
    return;
  }
  s.retransmitted = true;
  for (const m of s.mine) r.out.push({ type: 'broadcast', message: m });
  // A primary whose proposal was never built asks again (the builder may have failed).
  if (r.isPrimary() && s.prePrepare === null && s.required === null) s.proposalRequested = false;
  enterSlot(r);
}

/** A PrePrepare for the current height (window checked by the caller). */
export function onPrePrepare<B>(r: ReplicaCore<B>, pp: PrePrepare<B>, trusted: boolean): void {
  if (pp.validator !== r.primary(pp.view, pp.height)) return;
  const header = prePrepareVote(pp);
  if (!trusted) {
    if (voteError(r.ctx, header) !== null) return;
    if (!r.sameHash(r.deps.hashBlock(pp.block), pp.blockHash)) return;
  }
  const s = r.slot(pp.view);
  if (s.prePrepare !== null) {
    if (!r.sameHash(s.prePrepare.blockHash, pp.blockHash))
      r.addEvidence({ a: prePrepareVote(s.prePrepare), b: header });
    return;
  }
  if (s.required !== null && !r.sameHash(s.required, pp.blockHash)) return;
  s.prePrepare = pp;
  if (trusted || pp.validator === r.me) s.accepted = true;
  else progress(r, pp.view);
  evaluate(r, pp.view);
}

export function onValidated<B>(r: ReplicaCore<B>, view: bigint, height: bigint, hash: Uint8Array, ok: boolean): void {
  if (height !== r.height + 1n) return;
  const s = r.slots.get(view);
  if (s === undefined || s.prePrepare === null || !s.validating || !r.sameHash(s.prePrepare.blockHash, hash)) return;
  s.validating = false;
  if (ok) {
    s.accepted = true;
    progress(r, view);
    evaluate(r, view);
  } else if (active(r, view)) {
    r.out.push({ type: 'cancelTimer', kind: 'view' });
    r.startViewChange(view + 1n);
  }
}

/** A vote (PREPARE, COMMIT, or a relayed PRE_PREPARE header) for the current height. */
export function onVote<B>(r: ReplicaCore<B>, v: Vote, trusted: boolean): void {
  if (!trusted && voteError(r.ctx, v) !== null) return;
  const s = r.slot(v.view);
  if (v.phase === Phase.PRE_PREPARE) {
    if (
      s.prePrepare !== null &&
      s.prePrepare.validator === v.validator &&
      !r.sameHash(s.prePrepare.blockHash, v.blockHash)
    ) {
      r.addEvidence({ a: prePrepareVote(s.prePrepare), b: v });
    }
    return;
  }
  const votes = v.phase === Phase.PREPARE ? s.prepares : s.commits;
  const old = votes.get(v.validator);
  if (old !== undefined) {
    if (!r.sameHash(old.blockHash, v.blockHash)) r.addEvidence({ a: old, b: v });
    return;
  }
  votes.set(v.validator, v);
  // A vote for another block than the proposal we hold: relay the primary's signed header once,
  // so that a primary that sent different proposals to different nodes is caught.
  if (s.prePrepare !== null && !s.relayedHeader && !r.sameHash(s.prePrepare.blockHash, v.blockHash)) {
    s.relayedHeader = true;
    r.out.push({ type: 'broadcast', message: { kind: 'vote', msg: prePrepareVote(s.prePrepare) } });
  }
  evaluate(r, v.view);
}

/** Moves a slot of the current height forward as far as its log allows. */
export function evaluate<B>(r: ReplicaCore<B>, view: bigint): void {
  const s = r.slots.get(view);
  if (s === undefined || s.height !== r.height + 1n) return;
  const q = r.epoch.quorum;
  const pp = s.prePrepare;
  if (pp !== null && s.commits.size > 0 && matchingWeight(q, s.commits, pp.blockHash) >= q.quorum) {
    const c = matching(q, s.commits, pp.blockHash);
    commitBlock(r, pp.block, pp.blockHash, { view, height: s.height, blockHash: pp.blockHash, commits: c.votes });
    return;
  }
  if (!active(r, view) || pp === null) return;
  if (!s.accepted) {
    if (s.required !== null) s.accepted = r.sameHash(s.required, pp.blockHash);
    else if (!s.validating) {
      s.validating = true;
      r.out.push({ type: 'requestValidation', view, height: s.height, blockHash: pp.blockHash, block: pp.block });
    }
    if (!s.accepted) return;
  }
  if (!s.sentPrepare) {
    s.sentPrepare = true;
    const m = { kind: 'vote', msg: r.signVote(Phase.PREPARE, view, s.height, pp.blockHash) } as const;
    if (r.emit(m, Phase.PREPARE, view, s.height, pp.blockHash)) s.mine.push(m);
    return;
  }
  if (s.sentCommit || matchingWeight(q, s.prepares, pp.blockHash) < q.quorum) return;
  s.sentCommit = true;
  const proof = {
    view,
    height: s.height,
    blockHash: pp.blockHash,
    block: pp.block,
    prepares: matching(q, s.prepares, pp.blockHash).votes,
  };
  if (r.prepared === null || r.prepared.view < view) r.prepared = proof;
  const m = { kind: 'vote', msg: r.signVote(Phase.COMMIT, view, s.height, pp.blockHash) } as const;
  if (r.emit(m, Phase.COMMIT, view, s.height, pp.blockHash, { proof })) s.mine.push(m);
}

/** Commits the block of the next height (locally decided or fetched with its certificate). */
export function commitBlock<B>(r: ReplicaCore<B>, block: B, blockHash: Uint8Array, cert: CommitCertificate): void {
  const height = r.height + 1n;
  r.out.push({ type: 'commit', height, blockHash, block, cert });
  r.applyCommitted(height, blockHash, block, cert);
  r.failedViews = 0;
  r.prepared = null;
  r.slots = new Map();
  if (height % BigInt(r.p.checkpointInterval) === 0n) sendCheckpoint(r, height, blockHash);
  r.guard.prune(height, r.view - 1n);
  r.onHeightAdvanced();
}
