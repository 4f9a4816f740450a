/**
 * How fast this node's chain commits, for order admission: the mean interval between commits and
 * the cost per tx of loaded blocks (interval ÷ txs, blocks of at least LOADED_TXS), both as
 * exponentially weighted means of recent blocks. `expectedCommitMs(pending)` is the time a tx
 * joining a queue of `pending` txs may need: the block in flight, the next one, and the queue
 * ahead of it at the measured cost per tx. The intake refuses an order whose window would close
 * before that (design: an acknowledged order must make its window, or be refused up front).
 */
const ALPHA = 0.2;
const LOADED_TXS = 50;

export class CommitPace {
  private lastAtMs: number | null = null;
  private blockMs: number;
  private msPerTx = 0;

  constructor(initialBlockMs: number) {
    this.blockMs = initialBlockMs;
  }

  /** A block with `txs` transactions was committed at `atMs` (local clock). */
  onCommit(atMs: number, txs: number): void {
    if (this.lastAtMs !== null) {
      const dt = Math.max(0, atMs - this.lastAtMs);
      this.blockMs = (1 - ALPHA) * this.blockMs + ALPHA * dt;
      if (txs >= LOADED_TXS) {
        const per = dt / txs;
        this.msPerTx = this.msPerTx === 0 ? per : (1 - ALPHA) * this.msPerTx + ALPHA * per;
      }
    }
    this.lastAtMs = atMs;
  }

  expectedCommitMs(pending: number): number {
    return 2 * this.blockMs + pending * this.msPerTx;
  }

  snapshot(): { blockMs: number; msPerTx: number } {
    return { blockMs: Math.round(this.blockMs), msPerTx: Math.round(this.msPerTx * 1000) / 1000 };
  }
}
