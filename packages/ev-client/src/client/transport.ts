/**
 * HTTP transport with fail-over over several LEAG nodes. A request goes to the preferred node; on a
 * connection error, a timeout, a 5xx or a 429 it moves on to the next node (a 4xx other than 429
 * is the request's fault and is returned as is, since another node would say the same). The node
 * that answered becomes the preferred one. Submitting the same signed tx twice is harmless (the tx
 * id is the same), so POSTs fail over too.
 */
import { LeagError } from '@leag/core';

export interface TransportOptions {
  /** Node base URLs, e.g. http://127.0.0.1:26651; tried in order. */
  nodes: readonly string[];
  /** Per-attempt timeout in ms (default 10 000). */
  timeoutMs?: number;
  /** Extra rounds over all nodes when every node failed (default 1: a second pass). */
  rounds?: number;
  /** Called when a node fails and the next one is tried. */
  onFailover?: (from: string, to: string, reason: string) => void;
}

export interface HttpResult {
  status: number;
  body: unknown;
  node: string;
}

export function normalizeNodeUrl(u: string): string {
  let url: URL;
  try {
    url = new URL(u.includes('://') ? u : `http://${u}`);
  } catch {
    throw new LeagError('EV_BAD_NODE_URL', `"${u}" is not a node URL (expected e.g. http://127.0.0.1:26651)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LeagError('EV_BAD_NODE_URL', `node URL must be http or https, got "${u}"`);
  return url.toString().replace(/\/+$/, '');
}

export class Transport {
  readonly nodes: string[];
  private preferred = 0;

  constructor(private readonly opts: TransportOptions) {
    if (opts.nodes.length === 0)
      throw new LeagError('EV_NO_NODE', 'no node URL given: pass --node URL (repeatable) or set LEAG_EV_NODES');
    this.nodes = opts.nodes.map(normalizeNodeUrl);
  }

  get current(): string {
    return this.nodes[this.preferred] as string;
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<HttpResult> {
    const failures: string[] = [];
    const rounds = 1 + (this.opts.rounds ?? 1);
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < this.nodes.length; k++) {
        const i = (this.preferred + k) % this.nodes.length;
        const node = this.nodes[i] as string;
        const res = await this.attempt(node, method, path, body, signal);
        if ('status' in res && res.status < 500 && res.status !== 429) {
          this.preferred = i;
          return res;
        }
        const reason = 'status' in res ? `HTTP ${res.status}` : res.error;
        failures.push(`${node}: ${reason}`);
        const next = this.nodes[(i + 1) % this.nodes.length] as string;
        if (this.nodes.length > 1) this.opts.onFailover?.(node, next, reason);
        if (signal?.aborted) break;
      }
      if (signal?.aborted) break;
      if (r + 1 < rounds) await new Promise((ok) => setTimeout(ok, 250 * (r + 1)));
    }
    throw new LeagError('EV_NODE_UNREACHABLE', `no node answered ${method} ${path}: ${failures.join('; ')}`, {
      failures,
    });
  }

  private async attempt(
    node: string,
    method: string,
    path: string,
    body: unknown,
    outer?: AbortSignal,
  ): Promise<HttpResult | { error: string }> {
    const ctl = new AbortController();
    const timeoutMs = this.opts.timeoutMs ?? 10_000;
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    const onOuter = (): void => ctl.abort();
    outer?.addEventListener('abort', onOuter);
    try {
      const res = await fetch(node + path, {
        method,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: ctl.signal,
      });
      const text = await res.text();
      let parsed: unknown = text;
      if (text.length > 0) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = { error: { code: 'EV_BAD_RESPONSE', message: text.slice(0, 200) } };
        }
      }
      return { status: res.status, body: parsed, node };
    } catch (e) {
      return { error: ctl.signal.aborted && !outer?.aborted ? `timeout after ${timeoutMs} ms` : describe(e) };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    }
  }
}

function describe(e: unknown): string {
  const err = e as { cause?: { code?: string; message?: string }; message?: string };
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}
