/** Waiting in tests: a sleep and a poll with a deadline, shared by the harness and the testnet tools. */
import { LeagError } from '@leag/core';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `fn` every `everyMs` until it returns a value that is not undefined (a throw counts as "not
 * yet"); after `timeoutMs` a TESTNET_TIMEOUT error naming what was awaited, for how long, and the
 * last error seen.
 */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 200,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      lastErr = e;
    }
    await sleep(everyMs);
  }
  const last = lastErr === undefined ? '' : ` (last error: ${(lastErr as Error).message})`;
  throw new LeagError('TESTNET_TIMEOUT', `timed out after ${timeoutMs} ms waiting for ${what}${last}`, {
    what,
    timeoutMs,
  });
}
