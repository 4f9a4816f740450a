/**
 * settlementHash: SHA-256 over a canonical encoding of the Settlement, so nodes can compare results.
 *
 * Until @leag/core's protobuf codecs land this file holds its own canonical encoding (the one place
 * to switch over): fields in the Settlement message's order, integers as unsigned LEB128 varints
 * (signed values zig-zag), strings as length-prefixed UTF-8, lists length-prefixed, all behind a
 * domain tag. It is deterministic and injective for a given schema.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Settlement } from './settlement.js';

const DOMAIN = 'LEAG/settlement/v0';
const enc = new TextEncoder();

class Writer {
  private chunks: number[] = [];
  uvar(v: bigint): void {
    let x = v;
    while (x >= 0x80n) {
      this.chunks.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.chunks.push(Number(x));
  }
  svar(v: bigint): void {
    this.uvar(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  str(s: string): void {
    const b = enc.encode(s);
    this.uvar(BigInt(b.length));
    for (const x of b) this.chunks.push(x);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

export function encodeSettlement(s: Settlement): Uint8Array {
  const w = new Writer();
  w.str(DOMAIN);
  w.uvar(s.window);
  w.uvar(s.bandPrice);
  w.uvar(BigInt(s.pairs.length));
  for (const p of s.pairs) {
    w.str(p.buyer);
    w.str(p.seller);
    w.uvar(p.energySoldWh);
    w.uvar(p.energyBoughtWh);
    w.uvar(p.buyPrice);
    w.uvar(p.sellPrice);
    w.uvar(BigInt(p.rounds));
    w.uvar(p.buyerPays);
    w.uvar(p.sellerGets);
  }
  for (const list of [s.unmatchedBuyers, s.unmatchedSellers]) {
    w.uvar(BigInt(list.length));
    for (const id of list) w.str(id);
  }
  w.uvar(BigInt(s.refunds.length));
  for (const r of s.refunds) {
    w.str(r.order);
    w.uvar(r.amount);
  }
  w.svar(s.margin);
  w.uvar(BigInt(s.buyersAdmitted));
  w.uvar(BigInt(s.sellersAdmitted));
  return w.bytes();
}

/** Hex SHA-256 of the settlement's canonical encoding. */
export function settlementHash(s: Settlement): string {
  return bytesToHex(sha256(encodeSettlement(s)));
}
