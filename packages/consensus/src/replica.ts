/**
 * The public state machine: `handle(input)` returns the actions to carry out, in order (see io.ts
 * for the driver's contract). Pure and deterministic: no clock, no randomness, no I/O.
 */

import { noteAhead, onCheckpoint, tryStable } from './checkpoint.js';
import { FUTURE_PER_VALIDATOR, KEEP_OLD_VIEWS, ReplicaCore, type ReplicaDeps, type RestoreState } from './core.js';
import { prePrepareVote } from './encoding.js';
import type { EpochInfo } from './epochs.js';
import type { Action, Input } from './io.js';
import { enterSlot, onNormalTimeout, onPrePrepare, onProposalBuilt, onValidated, onVote } from './normal.js';
import type { ConsensusParams } from './params.js';
import { onSyncBlock, onSyncTimeout } from './sync.js';
import type { CommitCertificate, ConsensusMessage, Evidence } from './types.js';
import { evidenceError, voteError } from './verify.js';
import {
  afterViewChanges,
  onNewView,
  onViewChange,
  onViewChangeTimeout,
  retryPendingNewView,
  startViewChange,
} from './viewchange.js';

/** A read-only view of a replica for drivers, tests and the simulation's checker. */
export interface ReplicaStatus {
  validator: number;
  height: bigint;
  view: bigint;
  inViewChange: boolean;
  stableCheckpoint: bigint;
  credits: readonly number[];
  guardRecords: number;
  bufferedMessages: number;
}

export class Replica<B> {
  private readonly r: ReplicaCore<B>;

  constructor(params: ConsensusParams, deps: ReplicaDeps<B>, genesisHash: Uint8Array, restore?: RestoreState<B>) {
    this.r = new ReplicaCore(params, deps, genesisHash, restore);
    this.r.startViewChange = (t) => startViewChange(this.r, t);
    this.r.onHeightAdvanced = () => this.afterCommit();
  }

  status(): ReplicaStatus {
    const r = this.r;
    let buffered = 0;
    for (const q of r.future.values()) buffered += q.length;
    return {
      validator: r.me,
      height: r.height,
      view: r.view,
      inViewChange: r.inViewChange,
      stableCheckpoint: r.stable,
      credits: [...r.schedule.currentCredits()],
      guardRecords: r.guard.size,
      bufferedMessages: buffered,
    };
  }

  /** Epoch table (credits, weights, quorum, leader order) in force at a height, when known. */
  epochAt(height: bigint): EpochInfo | undefined {
    return this.r.schedule.at(height);
  }

  lastCertificate(): CommitCertificate | null {
    return this.r.lastCert;
  }

  pendingEvidence(): Evidence[] {
    return [...this.r.pendingEvidence.values()];
  }

  handle(input: Input<B>): Action<B>[] {
    const r = this.r;
    r.out = [];
    switch (input.type) {
      case 'start':
        if (r.inViewChange) {
          r.armViewTimer();
          afterViewChanges(r);
        } else enterSlot(r);
        break;
      case 'message':
        this.route(input.message, false);
        break;
      case 'timeout':
        this.onTimeout(input.timer.kind, input.timer.view, input.timer.height);
        break;
      case 'proposalBuilt':
        onProposalBuilt(r, input.view, input.height, input.block);
        break;
      case 'proposalValidated':
        onValidated(r, input.view, input.height, input.blockHash, input.ok);
        break;
      case 'syncBlock':
        onSyncBlock(r, input.block, input.cert);
        break;
      case 'evidence':
        if (evidenceError(r.ctx, input.evidence) === null) r.addEvidence(input.evidence);
        break;
    }
    while (r.selfQueue.length > 0) this.route(r.selfQueue.shift()!, true);
    return r.out;
  }

  private onTimeout(kind: 'view' | 'sync', view: bigint, height: bigint): void {
    const r = this.r;
    if (kind === 'sync') {
      onSyncTimeout(r);
      return;
    }
    if (view !== r.view || height !== r.height + 1n) return;
    if (r.inViewChange) onViewChangeTimeout(r);
    else onNormalTimeout(r);
  }

  private afterCommit(): void {
    const r = this.r;
    // Pending evidence is offered again with every block until a block carries it (gossip may be lost).
    let k = 0;
    for (const e of r.pendingEvidence.values()) if (k++ < 8) r.out.push({ type: 'evidence', evidence: e });
    if (!r.inViewChange) enterSlot(r);
    else {
      r.armViewTimer();
      afterViewChanges(r);
    }
    tryStable(r, r.height);
    retryPendingNewView(r);
    this.replayFuture();
  }

  /** Re-handles buffered messages that are now for the next height; drops those now old. */
  private replayFuture(): void {
    const r = this.r;
    const next = r.height + 1n;
    const ready: ConsensusMessage<B>[] = [];
    for (const [v, q] of r.future) {
      const keep = q.filter((m) => heightOf(m) > next);
      for (const m of q) if (heightOf(m) === next) ready.push(m);
      if (keep.length === 0) r.future.delete(v);
      else r.future.set(v, keep);
    }
    for (const m of ready) this.route(m, false);
  }

  private route(m: ConsensusMessage<B>, trusted: boolean): void {
    const r = this.r;
    switch (m.kind) {
      case 'checkpoint':
        onCheckpoint(r, m.msg, trusted);
        return;
      case 'viewChange':
        onViewChange(r, m.msg, trusted);
        return;
      case 'newView':
        onNewView(r, m.msg, trusted);
        return;
      default:
        break;
    }
    const view = m.msg.view;
    const height = m.msg.height;
    const validator = m.msg.validator;
    if (!Number.isInteger(validator) || validator < 0 || validator >= r.p.validators) return;
    if (height <= r.height) return;
    const outside = view + KEEP_OLD_VIEWS < r.view || view > r.view + BigInt(r.p.maxViewAhead);
    if (height > r.height + 1n) {
      // Any view: a later height is a sign of being behind even when its view is out of our window.
      this.bufferFuture(m, validator, height, outside);
      return;
    }
    if (outside) return;
    if (m.kind === 'prePrepare') onPrePrepare(r, m.msg, trusted);
    else onVote(r, m.msg, trusted);
  }

  /** Keeps a bounded number of messages per validator for heights within the watermarks. */
  private bufferFuture(m: ConsensusMessage<B>, validator: number, height: bigint, signalOnly: boolean): void {
    const r = this.r;
    const beyond =
      signalOnly || height > r.stable + BigInt(r.p.watermarkWindow) || height > r.height + BigInt(r.p.watermarkWindow);
    // Beyond the high watermark a message is only a sign that this node is behind: it is checked
    // (once per validator and new height) and not kept.
    if (beyond && height <= (r.aheadSeen.get(validator) ?? 0n)) return;
    const header = m.kind === 'prePrepare' ? prePrepareVote(m.msg) : m.kind === 'vote' ? m.msg : null;
    if (header === null || voteError(r.ctx, header) !== null) return;
    noteAhead(r, validator, height);
    if (beyond) return;
    let q = r.future.get(validator);
    if (q === undefined) {
      q = [];
      r.future.set(validator, q);
    }
    if (q.length >= FUTURE_PER_VALIDATOR) q.shift();
    q.push(m);
  }
}

function heightOf<B>(m: ConsensusMessage<B>): bigint {
  switch (m.kind) {
    case 'prePrepare':
    case 'vote':
      return m.msg.height;
    case 'checkpoint':
      return m.msg.height;
    default:
      return 0n;
  }
}
