/** Ledger rule failures: every rule throws a LeagError with its own code (see docs/ledger.md). */
import { LeagError } from '@leag/core';

export function fail(code: string, message: string, details?: Record<string, unknown>): never {
  throw new LeagError(code, message, details);
}

/**
 * A rule: throws unless `cond` holds. A message or details built from the tx's values are passed
 * as functions, called only when the rule fails: every node runs each rule for every tx two or
 * three times (admission, block), and most rules pass: formatting numbers, BigInts and hex into
 * text that is then thrown away was a visible share of a node's per-order work and garbage.
 */
export function need(
  cond: unknown,
  code: string,
  message: string | (() => string),
  details?: Record<string, unknown> | (() => Record<string, unknown>),
): asserts cond {
  if (!cond)
    fail(code, typeof message === 'string' ? message : message(), typeof details === 'function' ? details() : details);
}
