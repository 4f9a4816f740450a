/**
 * Epoch schedule: which credit table, weights, quorum and leader order hold at a height.
 * Heights start at 1; epoch e covers heights e*K+1 .. (e+1)*K (K = checkpoint interval).
 * The table of epoch e is the credit after block (e-1)*K (genesis for e < 2): a one-epoch lag, so
 * that while deciding any height the weights of the next epoch are already known (the view-change
 * rule needs them; docs/consensus.md).
 */
import { LeagError } from '@leag/core';
import { applyCommittedBlock, creditWeights, initialCredits, leaderOrder } from './credit.js';
import { creditTableHash } from './encoding.js';
import type { ConsensusParams } from './params.js';
import { makeSafe, type Quorum, quorumOf } from './quorum.js';
import type { BlockConsensusData } from './types.js';

export interface EpochInfo {
  readonly epoch: bigint;
  readonly credits: readonly number[];
  readonly creditHash: Uint8Array;
  readonly quorum: Quorum;
  readonly order: readonly number[];
}

/** Epochs kept in memory behind the newest known (older ones cannot be asked for any more). */
const KEEP_EPOCHS = 8n;

export function epochOf(p: ConsensusParams, height: bigint): bigint {
  return height <= 0n ? 0n : (height - 1n) / BigInt(p.checkpointInterval);
}

export function makeEpochInfo(p: ConsensusParams, epoch: bigint, credits: readonly number[]): EpochInfo {
  const weights = makeSafe(creditWeights(p, credits), p.f);
  return {
    epoch,
    credits: [...credits],
    creditHash: creditTableHash(credits),
    quorum: quorumOf(weights, p.f),
    order: leaderOrder(p, credits),
  };
}

/** The running credit computation and the tables it fixes per epoch. */
export class EpochSchedule {
  private readonly epochs = new Map<bigint, EpochInfo>();
  private credits: number[];
  private prevCertView = 0n;
  /** Height of the last committed block applied. */
  private applied = 0n;

  constructor(private readonly p: ConsensusParams) {
    this.credits = initialCredits(p);
    const g = makeEpochInfo(p, 0n, this.credits);
    this.epochs.set(0n, g);
    this.epochs.set(1n, { ...g, epoch: 1n });
  }

  get appliedHeight(): bigint {
    return this.applied;
  }

  /** The current running credits (after the last applied block). */
  currentCredits(): readonly number[] {
    return this.credits;
  }

  /** Epoch info for a height, or undefined when not known (too old or too far ahead). */
  at(height: bigint): EpochInfo | undefined {
    return this.epochs.get(epochOf(this.p, height));
  }

  /** Like at(), but throws: callers use it only for heights they know are covered. */
  must(height: bigint): EpochInfo {
    const e = this.at(height);
    if (e === undefined) {
      throw new LeagError(
        'CONSENSUS_EPOCH_UNKNOWN',
        `no epoch table for height ${height}: applied up to ${this.applied}`,
        {
          height,
        },
      );
    }
    return e;
  }

  primary(view: bigint, height: bigint): number {
    const e = this.must(height);
    return e.order[Number(view % BigInt(e.order.length))]!;
  }

  /** Applies the consensus data of the next committed block (heights strictly in order). */
  applyBlock(height: bigint, data: BlockConsensusData): void {
    if (height !== this.applied + 1n) {
      throw new LeagError(
        'CONSENSUS_CREDIT_ORDER',
        `credit update for height ${height} out of order: expected ${this.applied + 1n}`,
        {
          height,
        },
      );
    }
    this.prevCertView = applyCommittedBlock(this.p, this.credits, height, data, this.prevCertView, (v, h) =>
      this.primary(v, h),
    );
    this.applied = height;
    const K = BigInt(this.p.checkpointInterval);
    if (height % K === 0n) {
      const e = height / K + 1n;
      this.epochs.set(e, makeEpochInfo(this.p, e, this.credits));
      for (const old of [...this.epochs.keys()]) if (old + KEEP_EPOCHS < e) this.epochs.delete(old);
    }
  }
}
