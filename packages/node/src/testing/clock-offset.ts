/**
 * Test-only clock skew: LEAG_TEST_CLOCK_OFFSET_MS shifts the node's clock (every use of the
 * `clock` module: block times, the block-time check, windows at intake, status) by a signed number
 * of milliseconds, so the system tests can run a node 30 s ahead without libfaketime. Refused like
 * every test mode unless the genesis is a testnet AND LEAG_TEST_MODES_ALLOWED=1.
 */
import { type Genesis, LeagError } from '@leag/core';
import { requireTestModesAllowed } from './modes.js';

/** At most a day either way. */
export const MAX_TEST_CLOCK_OFFSET_MS = 86_400_000;

/** The offset asked for (0 when unset); throws TEST_MODE_BAD_VALUE or TEST_MODE_REFUSED. */
export function readTestClockOffset(env: NodeJS.ProcessEnv, genesis: Genesis): number {
  const text = env.LEAG_TEST_CLOCK_OFFSET_MS ?? '';
  if (text === '') return 0;
  const ms = /^-?\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > MAX_TEST_CLOCK_OFFSET_MS)
    throw new LeagError(
      'TEST_MODE_BAD_VALUE',
      `LEAG_TEST_CLOCK_OFFSET_MS must be an integer number of ms within ±${MAX_TEST_CLOCK_OFFSET_MS}, found "${text}"`,
    );
  requireTestModesAllowed(env, genesis);
  return ms;
}

/** The clock shifted by `offsetMs` (the clock itself when 0). */
export function offsetClock(clock: () => number, offsetMs: number): () => number {
  return offsetMs === 0 ? clock : () => clock() + offsetMs;
}
