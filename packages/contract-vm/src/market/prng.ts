/**
 * A small seeded PRNG: xoshiro128** (Blackman and Vigna, 2018), seeded through splitmix32 so any
 * 32-bit seed (0 included) gives a well-mixed state. Fast, 2^128 − 1 period, fully deterministic
 * across platforms (32-bit integer arithmetic only). Not for cryptography.
 */
import { LeagError } from '@leag/core';

export interface Rng {
  /** Next 32-bit unsigned integer. */
  nextU32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform integer in [lo, hi] (inclusive; |hi − lo| < 2^53). */
  int(lo: number, hi: number): number;
  /** Uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** A xoshiro128** generator from a seed in [0, 2^32). */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new LeagError('MARKET_SEED', `seed must be a whole number in [0, 4294967295], got ${seed}`, { found: seed });
  }
  const sm = splitmix32(seed);
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c = (c ^ t) >>> 0;
    d = rotl(d >>> 0, 11);
    a >>>= 0;
    b >>>= 0;
    return result;
  };
  const next = (): number => (nextU32() * 2 ** 21 + (nextU32() >>> 11)) / 2 ** 53;
  return {
    nextU32,
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    uniform: (lo, hi) => lo + next() * (hi - lo),
  };
}
