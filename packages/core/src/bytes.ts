/** Byte helpers: concatenation, comparison, hex and UTF-8. */
import { LeagError } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Equal contents (a native compare: codec checks and sealed-tx reuse compare whole encodings). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

/** Lexicographic byte order (shorter prefix first): for deterministic sorting. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(hex: string, expectedLength?: number): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new LeagError('BYTES_HEX', `expected an even-length hex string, got "${String(hex).slice(0, 80)}"`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new LeagError('BYTES_LENGTH', `expected ${expectedLength} bytes of hex, got ${out.length}`, {
      expected: expectedLength,
      found: out.length,
    });
  }
  return out;
}

export const utf8 = (s: string): Uint8Array => encoder.encode(s);

export function fromUtf8(b: Uint8Array): string {
  try {
    return decoder.decode(b);
  } catch (e) {
    throw new LeagError('BYTES_UTF8', 'bytes are not valid UTF-8', undefined, { cause: e });
  }
}
