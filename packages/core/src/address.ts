/**
 * Wallet addresses. An address is 20 bytes: the first 20 bytes of sha256(33-byte compressed public
 * key). It is printed in bech32m (BIP-350) with the human-readable prefix "leag" ("leag1..."),
 * whose checksum catches any single typo and most others. parseAddress says what is wrong:
 * ADDR_EMPTY, ADDR_TOO_LONG, ADDR_MIXED_CASE, ADDR_NO_SEPARATOR, ADDR_PREFIX, ADDR_CHAR,
 * ADDR_CHECKSUM, ADDR_PADDING, ADDR_LENGTH.
 */
import { bech32, bech32m } from '@scure/base';
import { toHex } from './bytes.js';
import { isValidPublicKey } from './crypto/secp256k1.js';
import { LeagError } from './errors.js';
import { sha256 } from './hash.js';

export const ADDRESS_LENGTH = 20;
export const ADDRESS_PREFIX = 'leag';
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const MAX_LENGTH = 90;

/** The 20-byte address of a compressed public key. */
export function addressFromPublicKey(pub: Uint8Array): Uint8Array {
  if (!isValidPublicKey(pub)) {
    throw new LeagError('ADDR_PUBKEY', 'an address is derived from a 33-byte compressed secp256k1 public key');
  }
  return sha256(pub).slice(0, ADDRESS_LENGTH);
}

/** bech32m text of a 20-byte address: "leag1" + 32 data characters + 6 checksum characters. */
export function encodeAddress(addr: Uint8Array, prefix: string = ADDRESS_PREFIX): string {
  if (!(addr instanceof Uint8Array) || addr.length !== ADDRESS_LENGTH) {
    throw new LeagError('ADDR_LENGTH', `an address is ${ADDRESS_LENGTH} bytes, got ${addr?.length}`, {
      expected: ADDRESS_LENGTH,
      found: addr?.length,
    });
  }
  return bech32m.encode(prefix, bech32m.toWords(addr));
}

function fail(code: string, message: string, text: string, extra: Record<string, unknown> = {}): never {
  throw new LeagError(code, `invalid address "${text.slice(0, MAX_LENGTH + 10)}": ${message}`, { ...extra, code });
}

/** Parses "leag1..." text into the 20 address bytes, or throws an ADDR_ LeagError saying what is wrong. */
export function parseAddress(text: string, prefix: string = ADDRESS_PREFIX): Uint8Array {
  if (typeof text !== 'string' || text.length === 0) fail('ADDR_EMPTY', 'empty', String(text ?? ''));
  if (text.length > MAX_LENGTH) fail('ADDR_TOO_LONG', `${text.length} characters, at most ${MAX_LENGTH}`, text);
  const lower = text.toLowerCase();
  if (lower !== text && text.toUpperCase() !== text) fail('ADDR_MIXED_CASE', 'mixes upper and lower case', text);
  const sep = lower.lastIndexOf('1');
  if (sep < 1) fail('ADDR_NO_SEPARATOR', `must start with "${prefix}1"`, text);
  const hrp = lower.slice(0, sep);
  if (hrp !== prefix)
    fail('ADDR_PREFIX', `prefix "${hrp}", expected "${prefix}"`, text, { found: hrp, expected: prefix });
  const data = lower.slice(sep + 1);
  for (let i = 0; i < data.length; i++) {
    if (!CHARSET.includes(data[i]!)) {
      fail('ADDR_CHAR', `character "${text[sep + 1 + i]}" at position ${sep + 1 + i} is not a bech32 character`, text, {
        position: sep + 1 + i,
      });
    }
  }
  if (data.length < 6) fail('ADDR_CHECKSUM', 'too short to hold a checksum', text);
  let words: number[];
  try {
    words = bech32m.decode(lower as `${string}1${string}`, MAX_LENGTH).words;
  } catch {
    let legacy = false;
    try {
      bech32.decode(lower as `${string}1${string}`, MAX_LENGTH);
      legacy = true;
    } catch {}
    fail('ADDR_CHECKSUM', legacy ? 'bech32 checksum; LEAG addresses use bech32m' : 'checksum mismatch (a typo?)', text);
  }
  let bytes: Uint8Array;
  try {
    bytes = bech32m.fromWords(words);
  } catch {
    return fail('ADDR_PADDING', 'data does not convert to whole bytes', text);
  }
  if (bytes.length !== ADDRESS_LENGTH) {
    fail('ADDR_LENGTH', `holds ${bytes.length} bytes, an address has ${ADDRESS_LENGTH}`, text, { found: bytes.length });
  }
  return bytes;
}

/** True when `text` parses as an address with this prefix. */
export function isAddress(text: string, prefix: string = ADDRESS_PREFIX): boolean {
  try {
    parseAddress(text, prefix);
    return true;
  } catch {
    return false;
  }
}

/** Short, human form for logs: "leag1abcd…wxyz". */
export function shortAddress(addr: Uint8Array): string {
  if (addr.length !== ADDRESS_LENGTH) return `0x${toHex(addr)}`;
  const s = encodeAddress(addr);
  return `${s.slice(0, 9)}…${s.slice(-4)}`;
}
