/**
 * The replica's state and the small operations every phase uses (signing through the guard,
 * timers, slots, committing a block). The phase logic lives in normal.ts, viewchange.ts,
 * checkpoint.ts and sync.ts; replica.ts dispatches inputs to them.
 */
import { LeagError } from '@leag/core';
import type { Signer, Verifier } from './crypto.js';
import { bytesEqual, voteMessage } from './encoding.js';
import { type EpochInfo, EpochSchedule } from './epochs.js';
import { type SignedRecord, SignGuard } from './guard.js';
import type { Action, TimerRef } from './io.js';
import { type ConsensusParams, validateParams } from './params.js';
import { newSlot, type Slot } from './slot.js';
import type {
  BlockConsensusData,
  Checkpoint,
  CommitCertificate,
  ConsensusMessage,
  Evidence,
  NewView,
  Phase,
  PreparedProof,
  ViewChange,
  Vote,
} from './types.js';
import { evidenceKey, type VerifyContext } from './verify.js';

export interface ReplicaDeps<B> {
  signer: Signer;
  verifier: Verifier;
  /** 32-byte hash of a block. */
  hashBlock(block: B): Uint8Array;
  /** The consensus data a committed block carries (parent certificate, evidence). */
  inspect(block: B): BlockConsensusData;
  /** Skip signature checks of incoming messages (throughput benchmark only). */
  trustSignatures?: boolean;
}

/** A committed block as the node's store gives it back after a restart. */
export interface CommittedBlock<B> {
  height: bigint;
  blockHash: Uint8Array;
  block: B;
  cert: CommitCertificate;
}

export interface RestoreState<B> {
  /** The persisted guard records. */
  signed: readonly SignedRecord[];
  /** The committed chain from height 1, in order. */
  chain: Iterable<CommittedBlock<B>>;
}

/** Views below the current one whose slots are still kept (late commits of an older view). */
export const KEEP_OLD_VIEWS = 4n;
/** Future messages kept per validator until this node reaches their height. */
export const FUTURE_PER_VALIDATOR = 64;
/** Pending evidence items kept for proposals. */
export const MAX_PENDING_EVIDENCE = 64;

export class ReplicaCore<B> {
  readonly me: number;
  readonly ctx: VerifyContext;
  readonly schedule: EpochSchedule;
  readonly guard: SignGuard;
  height = 0n;
  lastHash: Uint8Array;
  lastCert: CommitCertificate | null = null;
  view = 0n;
  inViewChange = false;
  /** A view-change timer is armed for the current target view. */
  vcTimerArmed = false;
  failedViews = 0;
  slots = new Map<bigint, Slot<B>>();
  prepared: PreparedProof<B> | null = null;
  readonly viewChanges = new Map<number, { vc: ViewChange<B>; verified: boolean }>();
  pendingNewView: NewView<B> | null = null;
  /** The last view change this node signed (re-sent while no quorum answers). */
  myViewChange: ViewChange<B> | null = null;
  readonly checkpoints = new Map<bigint, Map<number, Checkpoint>>();
  readonly myCheckpoints = new Map<bigint, Uint8Array>();
  stable = 0n;
  readonly pendingEvidence = new Map<string, Evidence>();
  /** Keys of recently committed evidence (not proposed again). */
  readonly committedEvidence = new Set<string>();
  readonly future = new Map<number, ConsensusMessage<B>[]>();
  readonly aheadSeen = new Map<number, bigint>();
  syncing = false;
  out: Action<B>[] = [];
  /** Set by Replica (phase logic lives in other modules). */
  startViewChange: (target: bigint) => void = () => {};
  /** Set by Replica: called after every commit, to enter the next height. */
  onHeightAdvanced: () => void = () => {};
  readonly selfQueue: ConsensusMessage<B>[] = [];

  constructor(
    readonly p: ConsensusParams,
    readonly deps: ReplicaDeps<B>,
    genesisHash: Uint8Array,
    restore?: RestoreState<B>,
  ) {
    validateParams(p);
    if (
      !Number.isInteger(deps.signer.validator) ||
      deps.signer.validator < 0 ||
      deps.signer.validator >= p.validators
    ) {
      throw new LeagError(
        'CONSENSUS_BAD_SIGNER',
        `signer validator must be in 0..${p.validators - 1}, found ${deps.signer.validator}`,
        {
          validator: deps.signer.validator,
        },
      );
    }
    if (genesisHash.length !== 32) {
      throw new LeagError('CONSENSUS_BAD_GENESIS', `genesis hash must be 32 bytes, found ${genesisHash.length}`);
    }
    this.me = deps.signer.validator;
    this.ctx = {
      chainId: p.chainId,
      verifier: deps.verifier,
      validators: p.validators,
      trustSignatures: deps.trustSignatures ?? false,
    };
    this.schedule = new EpochSchedule(p);
    this.lastHash = genesisHash;
    this.guard = new SignGuard(restore?.signed ?? []);
    if (restore !== undefined) {
      for (const c of restore.chain) this.applyCommitted(c.height, c.blockHash, c.block, c.cert);
      this.view = this.guard.highestView;
      // Without knowing whether this view's NewView arrived, wait for one (or join a later view).
      this.inViewChange = this.view > 0n;
      for (const rec of this.guard.all()) {
        const vc = rec.viewChange as ViewChange<B> | undefined;
        if (vc !== undefined && (this.myViewChange === null || vc.newView > this.myViewChange.newView))
          this.myViewChange = vc;
        const proof = rec.proof as PreparedProof<B> | undefined;
        if (
          proof !== undefined &&
          proof.height === this.height + 1n &&
          (this.prepared === null || proof.view > this.prepared.view)
        ) {
          this.prepared = proof;
        }
      }
    }
  }

  /** Epoch info of the height being decided. */
  get epoch(): EpochInfo {
    if (this.epochCache === null || this.epochCacheHeight !== this.height) {
      this.epochCache = this.schedule.must(this.height + 1n);
      this.epochCacheHeight = this.height;
    }
    return this.epochCache;
  }
  private epochCache: EpochInfo | null = null;
  private epochCacheHeight = -1n;

  primary(view: bigint, height: bigint): number {
    return this.schedule.primary(view, height);
  }

  isPrimary(): boolean {
    return this.primary(this.view, this.height + 1n) === this.me;
  }

  slot(view: bigint): Slot<B> {
    let s = this.slots.get(view);
    if (s === undefined) {
      s = newSlot<B>(view, this.height + 1n);
      this.slots.set(view, s);
    }
    return s;
  }

  signVote(phase: Phase, view: bigint, height: bigint, blockHash: Uint8Array): Vote {
    const unsigned = { phase, view, height, blockHash, validator: this.me };
    return { ...unsigned, signature: this.deps.signer.sign(voteMessage(this.p.chainId, unsigned)) };
  }

  /**
   * Signs-and-sends through the guard: refuses (returns false) when a different digest was signed
   * for the key; otherwise persists the record first (when new), then broadcasts, then delivers
   * the message to this node itself.
   */
  emit(
    message: ConsensusMessage<B>,
    phase: Phase,
    view: bigint,
    height: bigint,
    digest: Uint8Array,
    extra?: { proof?: PreparedProof<B>; viewChange?: ViewChange<B> },
  ): boolean {
    const answer = this.guard.check(phase, view, height, digest);
    if (answer === 'conflict') return false;
    if (answer === 'new') {
      const record = this.guard.record(phase, view, height, digest, extra as { proof?: PreparedProof<unknown> });
      this.out.push({ type: 'persist', record });
    }
    this.out.push({ type: 'broadcast', message });
    this.selfQueue.push(message);
    return true;
  }

  setTimer(timer: TimerRef, afterMs: number): void {
    this.out.push({ type: 'setTimer', timer, afterMs });
  }

  backoffMs(): number {
    return this.p.viewTimeoutMs * 2 ** Math.min(this.failedViews, this.p.maxBackoffExponent);
  }

  armViewTimer(): void {
    this.setTimer({ kind: 'view', view: this.view, height: this.height + 1n }, this.backoffMs());
  }

  addEvidence(e: Evidence): void {
    const k = evidenceKey(e);
    if (
      this.pendingEvidence.has(k) ||
      this.committedEvidence.has(k) ||
      this.pendingEvidence.size >= MAX_PENDING_EVIDENCE
    )
      return;
    this.pendingEvidence.set(k, e);
    this.out.push({ type: 'evidence', evidence: e });
  }

  /** Applies a committed block to the state (no actions): used by commit and by restore. */
  applyCommitted(height: bigint, blockHash: Uint8Array, block: B, cert: CommitCertificate): BlockConsensusData {
    const data = this.deps.inspect(block);
    this.schedule.applyBlock(height, data);
    for (const e of data.evidence) {
      const k = evidenceKey(e);
      this.pendingEvidence.delete(k);
      this.committedEvidence.add(k);
      if (this.committedEvidence.size > MAX_PENDING_EVIDENCE * 4) {
        this.committedEvidence.delete(this.committedEvidence.values().next().value as string);
      }
    }
    this.height = height;
    this.lastHash = blockHash;
    this.lastCert = cert;
    return data;
  }

  /** Same-hash test used by several phases. */
  sameHash(a: Uint8Array, b: Uint8Array): boolean {
    return bytesEqual(a, b);
  }
}
