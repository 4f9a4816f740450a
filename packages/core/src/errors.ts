/**
 * Typed errors used across the project.
 *
 * Every error the project raises on purpose is a `LeagError` with a stable `code` (UPPER_SNAKE,
 * prefixed by its domain: DECODE_, SIG_, ADDR_, UNITS_, MERKLE_, TX_, BLOCK_, ORDER_, MARKET_,
 * CONSENSUS_, STORE_, API_, CONFIG_ ...), a message that says what was wrong and what is allowed,
 * and optional structured `details` (field, expected, found). Bare `Error` is not thrown by project
 * code (scripts/lint-extra.mjs checks it); callers switch on `code`, never on message text.
 */
export class LeagError<C extends string = string> extends Error {
  readonly code: C;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: C, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LeagError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: C; message: string; details?: Readonly<Record<string, unknown>> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** True when `e` is a LeagError, optionally with the given code. */
export function isLeagError(e: unknown, code?: string): e is LeagError {
  return e instanceof LeagError && (code === undefined || e.code === code);
}

/** Asserts a condition, throwing a LeagError with the given code and message when it does not hold. */
export function check(cond: unknown, code: string, message: string, details?: Record<string, unknown>): asserts cond {
  if (!cond) throw new LeagError(code, message, details);
}

/** Wraps an unknown thrown value into a LeagError (keeps LeagErrors as they are). */
export function toLeagError(e: unknown, code = 'INTERNAL'): LeagError {
  if (e instanceof LeagError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new LeagError(code, msg, undefined, { cause: e });
}
