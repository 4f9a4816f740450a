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

/** The harness's sleep and poll-with-deadline (a TESTNET_TIMEOUT error saying what was awaited, how long). */
export { sleep, waitFor } from '../../packages/node/test/harness/wait.js';
