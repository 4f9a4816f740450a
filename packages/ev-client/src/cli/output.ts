/**
 * Output and exit codes of leag-ev. With --json every command prints ONE JSON object on stdout
 * (errors too: {"error": {code, message, details}}); without it, readable text. Exit codes:
 *   0 ok
 *   1 unexpected internal error
 *   2 bad input or usage (caught locally, nothing was sent)
 *   3 keystore: missing, wrong passphrase, tampered or exists
 *   4 no node reachable (every --node failed) or a node answered nonsense
 *   5 the node refused the request (its error code is printed)
 *   6 verify found a mismatch (the clearing or its proof does not check out)
 *   7 the wallet cannot do it: not registered, no fresh address, insufficient funds
 *   8 timed out waiting (e.g. for a grant or a commit)
 */
import { isLeagError } from '@leag/core';

export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  KEYSTORE: 3,
  UNREACHABLE: 4,
  REJECTED: 5,
  VERIFY_FAILED: 6,
  WALLET: 7,
  TIMEOUT: 8,
} as const;

const WALLET_CODES = new Set([
  'EV_NOT_REGISTERED',
  'EV_NO_FRESH_ADDRESS',
  'EV_INSUFFICIENT_FUNDS',
  'EV_UNKNOWN_ADDRESS',
]);

export function exitCodeOf(e: unknown): number {
  if (!isLeagError(e)) return EXIT.INTERNAL;
  const c = e.code;
  if (c.startsWith('KEYSTORE_')) return EXIT.KEYSTORE;
  if (c === 'EV_NODE_UNREACHABLE' || c === 'EV_BAD_RESPONSE' || c === 'EV_EVENTS') return EXIT.UNREACHABLE;
  if (WALLET_CODES.has(c)) return EXIT.WALLET;
  if (c === 'EV_TIMEOUT') return EXIT.TIMEOUT;
  if (c === 'EV_VERIFY_FAILED') return EXIT.VERIFY_FAILED;
  if (e.details !== undefined && typeof e.details.status === 'number') return EXIT.REJECTED;
  if (c.startsWith('EV_') || c.startsWith('UNITS_') || c.startsWith('ADDR_') || c.startsWith('CLI_')) return EXIT.USAGE;
  return EXIT.INTERNAL;
}

export interface Out {
  json: boolean;
  /** Prints the command's result: the object as JSON, or the text lines. */
  result(obj: unknown, text: () => string): void;
  /** Progress or notes: always on stderr (stdout stays one JSON object with --json). */
  note(msg: string): void;
}

export function makeOut(json: boolean): Out {
  return {
    json,
    result(obj, text) {
      process.stdout.write(json ? `${stringify(obj)}\n` : `${text()}\n`);
    },
    note(msg) {
      process.stderr.write(`${msg}\n`);
    },
  };
}

export function stringify(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}

export function printError(e: unknown, json: boolean): number {
  const code = exitCodeOf(e);
  const err = isLeagError(e)
    ? e.toJSON()
    : { code: 'INTERNAL', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  if (json) process.stdout.write(`${stringify({ error: err })}\n`);
  else process.stderr.write(`leag-ev: error ${err.code}: ${err.message}\n`);
  return code;
}

/** A simple aligned table. */
export function table(head: string[], rows: (string | number | boolean | undefined)[][]): string {
  const cells = [head, ...rows.map((r) => r.map((c) => (c === undefined ? '' : String(c))))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (c ?? '').padEnd(w[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
