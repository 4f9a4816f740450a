/**
 * Watches the offset between live proposals' block times and the local clock. A proposal is built
 * at its primary's clock and validated here moments later, so the offset is the difference of the
 * two clocks (plus the network delay). Block timestamps are checked only against an upper bound
 * (ledger/block-header.ts: at most maxClockDriftMs ahead of the local clock), so a node whose clock
 * runs behind by more than that rejects honest proposals, and one whose clock runs ahead makes the
 * chain's time run ahead while it leads. Past half the bound the node says so (a warning at most
 * once a minute) and reports the offset as a metric (leag_clock_offset_ms).
 */
import type { Logger } from 'pino';

export const CLOCK_WARN_EVERY_MS = 60_000;

export class ClockWatch {
  private lastWarnAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly maxDriftMs: number,
    private readonly m: { log: Logger; onOffset?: (offsetMs: number) => void },
  ) {}

  /** A live proposal's block time against the local clock when it is validated. */
  observe(blockTimeMs: number, proposer: number, nowMs: number): void {
    const offset = blockTimeMs - nowMs;
    this.m.onOffset?.(offset);
    if (Math.abs(offset) <= this.maxDriftMs / 2 || nowMs - this.lastWarnAt < CLOCK_WARN_EVERY_MS) return;
    this.lastWarnAt = nowMs;
    this.m.log.warn(
      { offsetMs: offset, proposer, maxClockDriftMs: this.maxDriftMs },
      offset > 0
        ? `a proposal's block time is ${offset} ms ahead of this node's clock: this clock is behind or the proposer's is ahead; past ${this.maxDriftMs} ms this node rejects such blocks (check NTP)`
        : `a proposal's block time is ${-offset} ms behind this node's clock: this clock is ahead or the proposer's is behind; while this node leads, the chain's time runs ahead by as much (check NTP)`,
    );
  }
}
