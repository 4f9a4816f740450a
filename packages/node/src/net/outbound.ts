/**
 * One outbound lane to one validator for one protocol: a bounded FIFO of messages written, in
 * order and several at a time, as length-prefixed frames on ONE long-lived stream. The stream is
 * opened on first use and again after it closes or a write fails; a batch whose write failed is
 * tried once more on a fresh stream (receivers are idempotent: consensus messages and txs are
 * deduplicated), then dropped. Opening a stream per message (multistream negotiation, yamux
 * stream set-up and close for every vote and every tx) was the node's largest cost under load.
 */
import type { Stream } from '@libp2p/interface';
import { type LengthPrefixedStream, lpStream } from '@libp2p/utils';
import type { Logger } from 'pino';
import { STREAM_TIMEOUT_MS } from './protocols.js';

/** Messages written in one frame batch (one stream write). */
const WRITE_BATCH = 128;

export interface LaneOptions {
  proto: string;
  peer: number;
  maxQueue: number;
  maxMessageBytes: number;
}

export interface LaneModules {
  open(signal: AbortSignal): Promise<Stream>;
  connected(): boolean;
  log: Logger;
  onSent(bytes: number): void;
}

export class OutboundLane {
  private queue: Uint8Array[] = [];
  private stream: Stream | null = null;
  private lp: LengthPrefixedStream<Stream> | null = null;
  private sending = false;
  private closed = false;
  private dropped = 0;

  constructor(
    private readonly o: LaneOptions,
    private readonly m: LaneModules,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  /** Queues one message; when the lane is full the message is dropped (and counted). */
  push(bytes: Uint8Array): void {
    if (this.closed) return;
    if (this.queue.length >= this.o.maxQueue) {
      if (this.dropped++ % 1000 === 0)
        this.m.log.warn(
          { to: this.o.peer, proto: this.o.proto, dropped: this.dropped },
          'peer send queue full; message dropped',
        );
      return;
    }
    this.queue.push(bytes);
    this.kick();
  }

  /** Starts writing when there is something to write and nobody is writing. */
  kick(): void {
    if (!this.sending && !this.closed && this.queue.length > 0) void this.drain();
  }

  private reset(reason: Error | null): void {
    const s = this.stream;
    this.stream = null;
    this.lp = null;
    if (s !== null && reason !== null) s.abort(reason);
  }

  private async ensureStream(): Promise<LengthPrefixedStream<Stream>> {
    if (this.lp !== null) return this.lp;
    const stream = await this.m.open(AbortSignal.timeout(STREAM_TIMEOUT_MS));
    stream.addEventListener('close', () => {
      if (this.stream === stream) this.reset(null);
    });
    this.stream = stream;
    this.lp = lpStream(stream, { maxDataLength: this.o.maxMessageBytes });
    return this.lp;
  }

  private async drain(): Promise<void> {
    this.sending = true;
    let failures = 0;
    try {
      while (this.queue.length > 0 && !this.closed && this.m.connected()) {
        const batch = this.queue.splice(0, WRITE_BATCH);
        try {
          const lp = await this.ensureStream();
          await lp.writeV(batch, { signal: AbortSignal.timeout(STREAM_TIMEOUT_MS) });
          for (const b of batch) this.m.onSent(b.length);
          failures = 0;
        } catch (e) {
          this.reset(e as Error);
          this.m.log.debug({ to: this.o.peer, proto: this.o.proto, err: (e as Error).message }, 'send failed');
          if (++failures >= 2) break; // dropped; the redial timer kicks the lane again
          this.queue.unshift(...batch);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    const s = this.stream;
    this.stream = null;
    this.lp = null;
    s?.close().catch(() => undefined);
  }
}

/** The next message of an inbound lane, or null when the peer closed the stream between messages. */
export async function readMessage(lp: LengthPrefixedStream<Stream>): Promise<Uint8Array | null> {
  try {
    return (await lp.read()).subarray();
  } catch (e) {
    if ((e as Error).name === 'UnexpectedEOFError') return null;
    throw e;
  }
}
