/** A small HTTP client over core's API routes for the testnet tools (demo, checker, system tests). */
import { API_ROUTES, apiPath, LeagError, type RouteName } from '@leag/core';

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = Record<string, unknown>>(
  base: string,
  name: RouteName,
  o: { params?: Record<string, string>; body?: unknown; query?: string; timeoutMs?: number } = {},
): Promise<Answer<T>> {
  const d = API_ROUTES[name];
  const res = await fetch(`${base}${apiPath(name, o.params)}${o.query ?? ''}`, {
    method: d.method,
    signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    ...(o.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(o.body) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** GET that must answer 200, else a typed error naming the route and the answer. */
export async function get<T>(base: string, name: RouteName, params?: Record<string, string>): Promise<T> {
  const r = await api<T>(base, name, params === undefined ? {} : { params });
  if (r.status !== 200)
    throw new LeagError(
      'TESTNET_API',
      `${name} at ${base} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`,
    );
  return r.body;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something other than undefined; a TESTNET_TIMEOUT error after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 250,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(everyMs);
  }
  throw new LeagError(
    'TESTNET_TIMEOUT',
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}`,
  );
}
