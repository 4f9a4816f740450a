/** Server-sent events: `block` and `window` events to every subscriber, with a bounded client count. */
import type { ServerResponse } from 'node:http';
import { type ApiEventName, LeagError } from '@leag/core';

export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly maxClients = 256) {
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) c.write(': keep-alive\n\n');
    }, 15_000);
    this.heartbeat.unref();
  }

  get count(): number {
    return this.clients.size;
  }

  subscribe(res: ServerResponse): void {
    if (this.clients.size >= this.maxClients)
      throw new LeagError('API_TOO_MANY_STREAMS', `at most ${this.maxClients} event streams are served at once`);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write(': leagd events\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  publish(event: ApiEventName, data: unknown): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of this.clients) {
      // a client that cannot keep up is dropped rather than buffered without bound
      if (c.writableLength > 1 << 20) c.destroy();
      else c.write(frame);
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
