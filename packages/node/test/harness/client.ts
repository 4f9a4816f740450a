/** A tiny typed HTTP client over core's API_ROUTES for tests (the EV client has the real one). */
import { API_ROUTES, apiPath, type RouteName } from '@leag/core';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = Record<string, unknown>>(
  base: string,
  name: RouteName,
  opts: { params?: Record<string, string>; body?: unknown; query?: string; timeoutMs?: number } = {},
): Promise<HttpAnswer<T>> {
  const d = API_ROUTES[name];
  const url = `${base}${apiPath(name, opts.params)}${opts.query ?? ''}`;
  const res = await fetch(url, {
    method: d.method,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    ...(opts.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T, headers: res.headers };
}
