/**
 * The log of one (view, height): the proposal, the votes by validator and what this node did.
 * At most one vote per validator per phase is kept, so a slot holds O(n) entries whatever is sent.
 */
import { bytesEqual, hex } from './encoding.js';
import type { Quorum } from './quorum.js';
import type { ConsensusMessage, PrePrepare, Vote } from './types.js';

export interface Slot<B> {
  readonly view: bigint;
  readonly height: bigint;
  prePrepare: PrePrepare<B> | null;
  /** Proposal accepted: validated by the ledger, built by this node, or certified by a NewView. */
  accepted: boolean;
  validating: boolean;
  /** Block hash a NewView requires in this slot (a certified re-proposal), if any. */
  required: Uint8Array | null;
  /** NewView for this view said no re-proposal was needed: a fresh proposal is allowed. */
  readonly prepares: Map<number, Vote>;
  readonly commits: Map<number, Vote>;
  sentPrepare: boolean;
  sentCommit: boolean;
  relayedHeader: boolean;
  proposalRequested: boolean;
  /** Messages this node signed in the slot (re-sent once when the view timer first fires). */
  readonly mine: ConsensusMessage<B>[];
  retransmitted: boolean;
}

export function newSlot<B>(view: bigint, height: bigint): Slot<B> {
  return {
    view,
    height,
    prePrepare: null,
    accepted: false,
    validating: false,
    required: null,
    prepares: new Map(),
    commits: new Map(),
    sentPrepare: false,
    sentCommit: false,
    relayedHeader: false,
    proposalRequested: false,
    mine: [],
    retransmitted: false,
  };
}

/** Weight of the votes in `votes` that are for `hash` (no allocation: the hot path). */
export function matchingWeight(q: Quorum, votes: Map<number, Vote>, hash: Uint8Array): number {
  let weight = 0;
  for (const v of votes.values()) if (bytesEqual(v.blockHash, hash)) weight += q.weights[v.validator] ?? 0;
  return weight;
}

/** Weight of the votes in `votes` that are for `hash`, and those votes. */
export function matching(q: Quorum, votes: Map<number, Vote>, hash: Uint8Array): { weight: number; votes: Vote[] } {
  let weight = 0;
  const out: Vote[] = [];
  for (const v of votes.values()) {
    if (bytesEqual(v.blockHash, hash)) {
      weight += q.weights[v.validator] ?? 0;
      out.push(v);
    }
  }
  out.sort((a, b) => a.validator - b.validator);
  return { weight, votes: out };
}

/** The hash with the most commit weight in a slot and that weight (for commits seen before the proposal). */
export function heaviestCommit(q: Quorum, votes: Map<number, Vote>): { hash: Uint8Array; weight: number } | null {
  const w = new Map<string, { hash: Uint8Array; weight: number }>();
  for (const v of votes.values()) {
    const k = hex(v.blockHash);
    const e = w.get(k) ?? { hash: v.blockHash, weight: 0 };
    e.weight += q.weights[v.validator] ?? 0;
    w.set(k, e);
  }
  let best: { hash: Uint8Array; weight: number } | null = null;
  for (const e of w.values()) if (best === null || e.weight > best.weight) best = e;
  return best;
}
