/**
 * What the driver reports about its consensus traffic and rounds (Prometheus metrics,
 * metrics/metrics.ts): messages by type and direction, and each block's commit latency on this
 * node, from the moment this node had the block's proposal (sent it as primary, or received it)
 * to the moment the block's commit was durable here.
 */
import type { ConsensusMessage } from '@leag/consensus';
import { type Block, Phase } from '@leag/core';

export type MessageType =
  | 'pre_prepare'
  | 'header'
  | 'prepare'
  | 'commit'
  | 'checkpoint'
  | 'view_change'
  | 'new_view'
  | 'other';

export interface ConsensusObserver {
  /** `count` messages of `type` sent (one per peer a broadcast was queued to) or received. */
  message(direction: 'in' | 'out', type: MessageType, count: number): void;
  /** A block committed `ms` after its proposal reached (or left) this node; role: this node proposed it or not. */
  commitLatency(role: 'proposer' | 'replica', ms: number): void;
}

/** The metric label of a consensus message (a PRE_PREPARE vote is a relayed proposal header). */
export function messageType(m: ConsensusMessage<Block>): MessageType {
  switch (m.kind) {
    case 'prePrepare':
      return 'pre_prepare';
    case 'vote':
      return m.msg.phase === Phase.PREPARE
        ? 'prepare'
        : m.msg.phase === Phase.COMMIT
          ? 'commit'
          : m.msg.phase === Phase.PRE_PREPARE
            ? 'header'
            : 'other';
    case 'checkpoint':
      return 'checkpoint';
    case 'viewChange':
      return 'view_change';
    case 'newView':
      return 'new_view';
  }
}

/** Heights ahead of the head whose proposal times are kept (bounds memory under junk proposals). */
const MAX_TRACKED = 64;

/**
 * First time (monotonic ms) this node had a proposal for each height above the head; the commit
 * of a height gives its latency and forgets it and every lower height.
 */
export class ProposalClock {
  private readonly firstSeen = new Map<bigint, number>();

  onProposal(height: bigint, nowMs: number): void {
    if (this.firstSeen.has(height) || this.firstSeen.size >= MAX_TRACKED) return;
    this.firstSeen.set(height, nowMs);
  }

  /** The commit latency of `height` in ms, or undefined when its proposal was never seen (catch-up). */
  onCommit(height: bigint, nowMs: number): number | undefined {
    const t = this.firstSeen.get(height);
    for (const h of this.firstSeen.keys()) if (h <= height) this.firstSeen.delete(h);
    return t === undefined ? undefined : nowMs - t;
  }

  get tracked(): number {
    return this.firstSeen.size;
  }
}
