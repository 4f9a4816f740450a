/** Ledger rule failures: every rule throws a LeagError with its own code (see docs/ledger.md). */
import { LeagError } from '@leag/core';

export function fail(code: string, message: string, details?: Record<string, unknown>): never {
  throw new LeagError(code, message, details);
}

export function need(cond: unknown, code: string, message: string, details?: Record<string, unknown>): asserts cond {
  if (!cond) fail(code, message, details);
}
