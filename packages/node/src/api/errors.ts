/**
 * Maps errors to HTTP answers: every error body is `{ error: { code, message, details? } }`.
 * Malformed input is 400, a broken ledger rule 422, unknown things 404, too large 413, a full
 * mempool 503 with Retry-After, rate limits 429 with Retry-After; anything else 500 (logged).
 */
import { isLeagError, LeagError } from '@leag/core';

export interface HttpError {
  status: number;
  body: { error: { code: string; message: string; details?: unknown } };
  retryAfterS?: number;
}

const BAD_REQUEST = ['API_', 'JSON_', 'DECODE_', 'ADDR_', 'UNITS_', 'ENCODE_', 'MERKLE_'];

export function statusOfCode(code: string): number {
  if (code.endsWith('_NOT_FOUND') || code === 'FAUCET_DISABLED') return 404;
  if (code === 'TX_TOO_LARGE' || code === 'API_BODY_TOO_LARGE') return 413;
  if (code === 'MEMPOOL_FULL' || code === 'INTAKE_BUSY' || code === 'NODE_NOT_READY' || code === 'API_TOO_MANY_STREAMS')
    return 503;
  if (code === 'API_RATE_LIMITED') return 429;
  if (code === 'API_UNSUPPORTED_MEDIA_TYPE') return 415;
  if (BAD_REQUEST.some((p) => code.startsWith(p))) return 400;
  if (
    code === 'ORDER_WINDOW_CLOSING' ||
    code === 'ORDER_WINDOW_FULL' ||
    code === 'TX_MEMPOOL_CONFLICT' ||
    code === 'ACCOUNT_ADDRESS_TAKEN'
  )
    return 409;
  return 422;
}

export const notFound = (what: string): LeagError => new LeagError('API_NOT_FOUND', `${what} was not found`);

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
  validation?: unknown;
  validationContext?: string;
}

/** The answer for any thrown value. */
export function toHttpError(e: unknown): HttpError {
  if (isLeagError(e)) {
    const status = statusOfCode(e.code);
    const body = { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } };
    return status === 503 ? { status, body, retryAfterS: 1 } : { status, body };
  }
  const f = (e ?? {}) as FastifyLikeError;
  const msg = f.message ?? 'request failed';
  if (f.validation !== undefined) {
    return { status: 400, body: { error: { code: 'API_BAD_REQUEST', message: `invalid request: ${msg}` } } };
  }
  if (f.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { status: 413, body: { error: { code: 'API_BODY_TOO_LARGE', message: msg } } };
  if (f.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      status: 415,
      body: { error: { code: 'API_UNSUPPORTED_MEDIA_TYPE', message: `${msg}; send application/json` } },
    };
  if (f.statusCode === 429) return { status: 429, body: { error: { code: 'API_RATE_LIMITED', message: msg } } };
  if (f.statusCode !== undefined && f.statusCode >= 400 && f.statusCode < 500)
    return { status: f.statusCode, body: { error: { code: 'API_BAD_REQUEST', message: msg } } };
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error (see the node log)' } } };
}
