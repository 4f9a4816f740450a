/** Signature helpers for tests: flip a signature to its high-S twin, build scalars. */
import { CURVE_ORDER } from '../../src/crypto/secp256k1.js';

export function scalarBytes(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = x;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function readScalar(b: Uint8Array, at: number): bigint {
  let x = 0n;
  for (let i = at; i < at + 32; i++) x = (x << 8n) | BigInt(b[i]!);
  return x;
}

/** (r, s) → (r, n - s): the same signature in its malleated high-S form. */
export function toHighS(sig: Uint8Array): Uint8Array {
  const out = sig.slice();
  out.set(scalarBytes(CURVE_ORDER - readScalar(sig, 32)), 32);
  return out;
}

export function withRS(r: bigint, s: bigint): Uint8Array {
  const out = new Uint8Array(64);
  out.set(scalarBytes(r), 0);
  out.set(scalarBytes(s), 32);
  return out;
}
