/** A small HTTP client over core's API routes for the testnet tools (demo, checker, system tests). */
import { LeagError, type RouteName } from '@leag/core';
import { call as api } from '../../packages/node/test/harness/client.js';

/** The harness's typed route client, shared by the packages' e2e tests and the testnet tools. */
export { call as api, type HttpAnswer as Answer } from '../../packages/node/test/harness/client.js';

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
