/**
 * How fast this node's chain commits, for order admission: the interval between commits and the
 * cost per tx of loaded blocks (interval ÷ txs, blocks of at least LOADED_TXS), each as the median
 * of the last SAMPLES blocks, so one stall (a view change, a paused node) does not make the node
 * refuse orders for minutes after, nor one lucky block let it accept too much.
 * `expectedCommitMs(pending)` is the time a tx joining a queue of `pending` txs may need: the block
 * in flight, the next one, and the queue ahead of it at the measured cost per tx. The intake refuses
 * an order whose window would close before that (design: an acknowledged order must make its
 * window, or be refused up front). Until a loaded block has been measured, the cost per tx is a
 * cautious prior (PRIOR_MS_PER_TX: a 4-node testnet sharing 2 cores commits ~200 orders/s, 5 ms
 * each), so a first burst right after start is not acknowledged on a guess of zero cost.
 */
const SAMPLES = 15;
const LOADED_TXS = 50;
export const PRIOR_MS_PER_TX = 5;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

export class CommitPace {
  private lastAtMs: number | null = null;
  private readonly intervals: number[] = [];
  private readonly perTx: number[] = [];
  // the medians, updated per commit: the intake reads them for every order it checks
  private blockMs: number;
  private msPerTx: number;

  constructor(initialBlockMs: number, priorMsPerTx = PRIOR_MS_PER_TX) {
    this.blockMs = initialBlockMs;
    this.msPerTx = priorMsPerTx;
  }

  /** A block with `txs` transactions was committed at `atMs` (local clock). */
  onCommit(atMs: number, txs: number): void {
    if (this.lastAtMs !== null) {
      const dt = Math.max(0, atMs - this.lastAtMs);
      push(this.intervals, dt);
      this.blockMs = median(this.intervals);
      if (txs >= LOADED_TXS) {
        push(this.perTx, dt / txs);
        this.msPerTx = median(this.perTx);
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

function push(xs: number[], x: number): void {
  xs.push(x);
  if (xs.length > SAMPLES) xs.shift();
}
