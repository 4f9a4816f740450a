/**
 * The last-signed guard (after CometBFT's double-sign guard): before a validator signs a message
 * for a (phase, view, height) it records what it signs; the record is persisted before the
 * message leaves (the Persist action comes first). After a restart the records come back and the
 * validator never signs a different digest for a key it signed. Old records are pruned once the
 * height is committed or the view is left behind, since those keys are never signed again.
 */
import { bytesEqual } from './encoding.js';
import type { Phase, PreparedProof, ViewChange } from './types.js';

export interface SignedRecord {
  phase: Phase;
  view: bigint;
  height: bigint;
  /** What was signed: a block hash for votes, the state digest for checkpoints, the message digest otherwise. */
  digest: Uint8Array;
  /** With a COMMIT: the prepared proof it rests on, so a restarted node still reports it in a view change. */
  proof?: PreparedProof<unknown>;
  /** With a VIEW_CHANGE: the signed message, so a restarted node can send it again. */
  viewChange?: ViewChange<unknown>;
}

export type GuardAnswer = 'new' | 'same' | 'conflict';

/**
 * A record the node can forget: a vote or checkpoint below its committed height, or a view change
 * or new view below `minView` (the current view - 1). The driver may drop such records from its
 * store with the same rule (they keep the store bounded); the replica never signs for them again.
 */
export function isPrunable(r: SignedRecord, committed: bigint, minView: bigint): boolean {
  return (r.height > 0n && r.height < committed) || (r.height === 0n && r.view < minView);
}

function key(phase: Phase, view: bigint, height: bigint): string {
  return `${phase}/${view}/${height}`;
}

export class SignGuard {
  private readonly records = new Map<string, SignedRecord>();
  private maxViewSeen = 0n;
  private maxHeightSeen = 0n;

  constructor(restored: readonly SignedRecord[] = []) {
    for (const r of restored) this.add(r);
  }

  private add(r: SignedRecord): void {
    this.records.set(key(r.phase, r.view, r.height), r);
    if (r.view > this.maxViewSeen) this.maxViewSeen = r.view;
    if (r.height > this.maxHeightSeen) this.maxHeightSeen = r.height;
  }

  /** The highest view this validator ever signed in (a restarted node resumes there). */
  get highestView(): bigint {
    return this.maxViewSeen;
  }

  check(phase: Phase, view: bigint, height: bigint, digest: Uint8Array): GuardAnswer {
    const r = this.records.get(key(phase, view, height));
    if (r === undefined) return 'new';
    return bytesEqual(r.digest, digest) ? 'same' : 'conflict';
  }

  /** Records a signature (the caller persists the returned record before sending). */
  record(
    phase: Phase,
    view: bigint,
    height: bigint,
    digest: Uint8Array,
    extra?: { proof?: PreparedProof<unknown>; viewChange?: ViewChange<unknown> },
  ): SignedRecord {
    const r: SignedRecord = { phase, view, height, digest, ...extra };
    this.add(r);
    return r;
  }

  /** Drops records that can never be signed again (see isPrunable). */
  prune(committed: bigint, minView: bigint): void {
    for (const [k, r] of this.records) if (isPrunable(r, committed, minView)) this.records.delete(k);
  }

  get size(): number {
    return this.records.size;
  }

  all(): SignedRecord[] {
    return [...this.records.values()];
  }
}
