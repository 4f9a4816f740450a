/**
 * Follows the node's server-sent event stream (GET /v1/events): `event: block` and
 * `event: window`, each with one JSON `data:` line checked against core's event schemas. On a
 * dropped connection it reconnects, moving to the next node (fail-over), until aborted.
 */
import {
  API_EVENTS,
  API_EVENTS_URL,
  type ApiEventName,
  type BlockEvent,
  LeagError,
  type WindowEvent,
} from '@leag/core';
import { Value } from '@sinclair/typebox/value';
import type { Transport } from './transport.js';

export type LeagEvent = { event: 'block'; data: BlockEvent } | { event: 'window'; data: WindowEvent };

export interface FollowOptions {
  signal: AbortSignal;
  onEvent: (e: LeagEvent) => void | Promise<void>;
  /** Called when a connection drops or fails, before the next attempt. */
  onReconnect?: (node: string, reason: string) => void;
  /** Give up after this many consecutive failed connection attempts (default 10). */
  maxFailures?: number;
}

/** Splits an SSE byte stream into events (WHATWG "event stream interpretation", subset). */
export function parseSseChunk(buffer: string): { events: { event: string; data: string }[]; rest: string } {
  const events: { event: string; data: string }[] = [];
  const text = buffer.replace(/\r\n?/g, '\n');
  const blocks = text.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const b of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of b.split('\n')) {
      if (line.startsWith(':') || line.length === 0) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

export async function followEvents(transport: Transport, o: FollowOptions): Promise<void> {
  let failures = 0;
  let k = 0;
  const max = o.maxFailures ?? 10;
  while (!o.signal.aborted) {
    const node = transport.nodes[k % transport.nodes.length] as string;
    let reason = 'stream ended';
    try {
      const res = await fetch(node + API_EVENTS_URL, { headers: { accept: 'text/event-stream' }, signal: o.signal });
      if (res.status !== 200 || res.body === null) throw new LeagError('EV_EVENTS', `HTTP ${res.status}`);
      failures = 0;
      const dec = new TextDecoder();
      let buf = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += dec.decode(chunk, { stream: true });
        if (buf.length > 1 << 20) throw new LeagError('EV_EVENTS', 'an event is larger than 1 MiB');
        const { events, rest } = parseSseChunk(buf);
        buf = rest;
        for (const e of events) {
          if (!(e.event in API_EVENTS)) continue;
          let data: unknown;
          try {
            data = JSON.parse(e.data);
          } catch {
            continue;
          }
          const name = e.event as ApiEventName;
          if (!Value.Check(API_EVENTS[name], data)) continue;
          await o.onEvent({ event: name, data } as LeagEvent);
        }
      }
    } catch (e) {
      if (o.signal.aborted) return;
      reason = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      failures++;
    }
    if (o.signal.aborted) return;
    if (failures >= max)
      throw new LeagError('EV_NODE_UNREACHABLE', `the event stream failed ${failures} times in a row: ${reason}`);
    o.onReconnect?.(node, reason);
    k++;
    await new Promise((ok) => setTimeout(ok, Math.min(2000, 200 * failures)));
  }
}
