/**
 * Follows committed blocks on node 0's event stream (GET /v1/events): when a `block` event
 * arrives, the time is noted as that block's commit time (PBFT commits are final), the block's tx
 * ids are read (from the nodes in turn, to spread the cost) and every tracked order in it gets its
 * commit time.
 */
import { API_EVENTS_URL } from '@leag/core';
import type { BenchNet } from './net.js';

export interface BlockSeen {
  height: bigint;
  atMs: number;
  txCount: number;
}

export class CommitTracker {
  readonly committed = new Map<string, number>();
  readonly blocks: BlockSeen[] = [];
  private readonly abort = new AbortController();
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  errors = 0;

  constructor(private readonly net: BenchNet) {}

  async start(): Promise<void> {
    const res = await fetch(`${this.net.apiUrl(0)}${API_EVENTS_URL}`, { signal: this.abort.signal });
    if (!res.ok || res.body === null) throw new RangeError(`bench: event stream answered ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let k = buf.indexOf('\n\n');
          while (k >= 0) {
            this.frame(buf.slice(0, k), Date.now());
            buf = buf.slice(k + 2);
            k = buf.indexOf('\n\n');
          }
        }
      } catch {
        // aborted at stop()
      }
    })();
  }

  private frame(text: string, atMs: number): void {
    const ev = /^event: (\w+)$/m.exec(text)?.[1];
    const data = /^data: (.*)$/m.exec(text)?.[1];
    if (ev !== 'block' || data === undefined) return;
    const b = JSON.parse(data) as { height: string; txCount: number };
    const height = BigInt(b.height);
    this.blocks.push({ height, atMs, txCount: b.txCount });
    if (b.txCount === 0) return;
    const from = Number(height % BigInt(this.net.size));
    this.chain = this.chain.then(async () => {
      if (this.stopped) return;
      try {
        for (const id of await this.net.blockTxIds(height, from))
          if (!this.committed.has(id)) this.committed.set(id, atMs);
      } catch {
        this.errors++;
      }
    });
  }

  /** Waits until the block fetches queued so far are done. */
  async settle(): Promise<void> {
    await this.chain;
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }
}
