/**
 * LtHash16 (Lewi, Kim, Maykov, Weis: "Securing Update Propagation with Homomorphic Hashing",
 * IACR ePrint 2019/227; also Solana's accounts lattice hash): a homomorphic multiset hash.
 * An element is expanded by SHAKE128 to 1024 16-bit lanes; the set's hash is the lane-wise sum
 * mod 2^16 of its elements. Adding or removing an element is one expansion plus 1024 additions,
 * independent of the set size, so the state root is cheap to update per block. Finding two
 * different multisets with one hash reduces to a short-integer-solution lattice problem (about
 * 200 bits of security for n = 1024, q = 2^16 per the paper); SHAKE128 caps it at 128 bits, the
 * level of secp256k1. See docs/ledger.md.
 */
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { LeagError } from '@leag/core';

export const LTHASH_LANES = 1024;
export const LTHASH_BYTES = LTHASH_LANES * 2;

const LITTLE_ENDIAN = endianness() === 'LE';

function expand(element: Uint8Array): Uint16Array {
  const d = createHash('shake128', { outputLength: LTHASH_BYTES }).update(element).digest();
  // Lanes are little-endian on every platform: view the bytes directly when the host is LE.
  if (LITTLE_ENDIAN && d.byteOffset % 2 === 0) return new Uint16Array(d.buffer, d.byteOffset, LTHASH_LANES);
  const out = new Uint16Array(LTHASH_LANES);
  for (let i = 0; i < LTHASH_LANES; i++) out[i] = (d[2 * i] as number) | ((d[2 * i + 1] as number) << 8);
  return out;
}

export class LtHash {
  readonly lanes: Uint16Array;

  constructor(lanes?: Uint16Array) {
    this.lanes = lanes === undefined ? new Uint16Array(LTHASH_LANES) : lanes.slice();
  }

  clone(): LtHash {
    return new LtHash(this.lanes);
  }

  add(element: Uint8Array): void {
    const v = expand(element);
    const l = this.lanes;
    // Uint16Array stores wrap mod 2^16.
    for (let i = 0; i < LTHASH_LANES; i++) l[i] = (l[i] as number) + (v[i] as number);
  }

  remove(element: Uint8Array): void {
    const v = expand(element);
    const l = this.lanes;
    for (let i = 0; i < LTHASH_LANES; i++) l[i] = (l[i] as number) - (v[i] as number);
  }

  /** Adds another hash's lanes (the multiset union: a precomputed change of many elements at once). */
  addLanes(other: Uint16Array): void {
    if (other.length !== LTHASH_LANES)
      throw new LeagError('STATE_BAD_ACCUMULATOR', `an LtHash has ${LTHASH_LANES} lanes, found ${other.length}`);
    const l = this.lanes;
    for (let i = 0; i < LTHASH_LANES; i++) l[i] = (l[i] as number) + (other[i] as number);
  }

  /** Canonical bytes: lanes little-endian. */
  bytes(): Uint8Array {
    const out = new Uint8Array(LTHASH_BYTES);
    for (let i = 0; i < LTHASH_LANES; i++) {
      const v = this.lanes[i] as number;
      out[2 * i] = v & 0xff;
      out[2 * i + 1] = v >> 8;
    }
    return out;
  }

  static fromBytes(b: Uint8Array): LtHash {
    if (b.length !== LTHASH_BYTES)
      throw new LeagError('STATE_BAD_ACCUMULATOR', `an LtHash is ${LTHASH_BYTES} bytes, found ${b.length}`);
    const lanes = new Uint16Array(LTHASH_LANES);
    for (let i = 0; i < LTHASH_LANES; i++) lanes[i] = (b[2 * i] as number) | ((b[2 * i + 1] as number) << 8);
    return new LtHash(lanes);
  }

  /** The 32-byte digest used as the state root. */
  digest(): Uint8Array {
    const h = createHash('sha256').update('leag/state-root/v1').update(this.bytes()).digest();
    return new Uint8Array(h.buffer, h.byteOffset, 32).slice();
  }
}
