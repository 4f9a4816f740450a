/**
 * Tx gossip: txs this node accepted from its API are collected for a few milliseconds and sent to
 * every other validator as one batch (net/tx-batch-codec.ts). Txs still waiting in the mempool are
 * sent again to a validator that (re)connects and, every `resendMs`, to all, so that a tx accepted
 * while this node was cut off reaches the next primary after the heal (not only when this node
 * itself leads). Receivers drop what they already hold before any signature check.
 */
import { encodeTxBatch, MAX_BATCH_TXS } from '../net/tx-batch-codec.js';

export interface GossipOptions {
  flushMs: number;
  /** Bytes of tx data per batch (kept under the p2p message limit). */
  maxBatchBytes: number;
}

export interface GossipModules {
  /** Sends one encoded batch to one validator, or to all when `to` is undefined. */
  send(batch: Uint8Array, to?: number): void;
}

export class TxGossip {
  private pending: Uint8Array[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;
  batchesSent = 0;

  constructor(
    private readonly o: GossipOptions,
    private readonly m: GossipModules,
  ) {}

  /** Queues one accepted tx (its SignedTx bytes) for the next batch. */
  add(tx: Uint8Array): void {
    if (this.bytes + tx.length > this.o.maxBatchBytes) this.flush();
    this.pending.push(tx);
    this.bytes += tx.length;
    if (this.pending.length >= MAX_BATCH_TXS) this.flush();
    else if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), this.o.flushMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const txs = this.pending;
    this.pending = [];
    this.bytes = 0;
    this.m.send(encodeTxBatch(txs));
    this.batchesSent++;
  }

  /** Sends `txs` (SignedTx bytes) again, in batches, to one validator or to all. */
  resend(txs: readonly Uint8Array[], to?: number): void {
    let batch: Uint8Array[] = [];
    let bytes = 0;
    for (const t of txs) {
      if (batch.length > 0 && (batch.length >= MAX_BATCH_TXS || bytes + t.length > this.o.maxBatchBytes)) {
        this.m.send(encodeTxBatch(batch), to);
        batch = [];
        bytes = 0;
      }
      batch.push(t);
      bytes += t.length;
    }
    if (batch.length > 0) this.m.send(encodeTxBatch(batch), to);
  }

  stop(): void {
    this.flush();
  }
}
