/** Assertions of design/babg.md §8 over one cleared window, shared by the property suites. */
import assert from 'node:assert/strict';
import { paymentFor } from '@leag/core';
import type { ClearResult } from '../../src/index.js';
import type { Window } from './arb.js';

export function checkInvariants(w: Window, r: ClearResult): void {
  const s = r.settlement;
  const p = w.params;
  const buyers = new Map(w.buyers.map((b) => [b.id, b]));
  const sellers = new Map(w.sellers.map((x) => [x.id, x]));
  const got = new Map<string, bigint>();
  const pairsOf = new Map<string, number>();
  const sold = new Map<string, bigint>();
  const pays = new Map<string, bigint>();
  let paid = 0n;
  let received = 0n;
  assert.ok(s.pairs.length <= Math.max(0, s.buyersAdmitted + s.sellersAdmitted - 1), 'at most N + M − 1 pairs');
  for (const x of s.pairs) {
    const b = buyers.get(x.buyer);
    const sl = sellers.get(x.seller);
    assert.ok(b && sl, 'pair names known orders');
    // energy: d_ij = floor(ρ s_ji) with ρ rational, both positive
    assert.equal(x.energyBoughtWh, (x.energySoldWh * p.rhoRatio.num) / p.rhoRatio.den);
    assert.ok(x.energyBoughtWh > 0n && x.energySoldWh > 0n);
    // prices within both sides' limits and the grid's
    assert.ok(sl.priceMin <= x.sellPrice, 'r^min ≤ Q');
    assert.ok(x.sellPrice <= x.buyPrice, 'Q ≤ W');
    assert.ok(x.buyPrice <= b.priceMax, 'W ≤ p^max');
    assert.ok(p.gridBuyMicro <= x.sellPrice && x.buyPrice <= p.gridSellMicro, 'grid bounds');
    assert.ok(b.priceMax >= s.bandPrice && sl.priceMin <= s.bandPrice, 'both sides admitted by τ');
    assert.ok(x.rounds >= 1 && x.rounds <= p.maxRounds);
    // money
    assert.equal(x.buyerPays, paymentFor(x.buyPrice, x.energyBoughtWh));
    assert.equal(x.sellerGets, paymentFor(x.sellPrice, x.energyBoughtWh));
    paid += x.buyerPays;
    received += x.sellerGets;
    got.set(x.buyer, (got.get(x.buyer) ?? 0n) + x.energyBoughtWh);
    pairsOf.set(x.buyer, (pairsOf.get(x.buyer) ?? 0) + 1);
    sold.set(x.seller, (sold.get(x.seller) ?? 0n) + x.energySoldWh);
    pays.set(x.buyer, (pays.get(x.buyer) ?? 0n) + x.buyerPays);
  }
  assert.equal(paid, received + s.margin, 'books balance');
  assert.ok(s.margin >= 0n);
  for (const [id, v] of sold) assert.ok(v <= sellers.get(id)!.sMaxWh, `Σ_i s_ji ≤ s_j^max for ${id}`);
  // each pair floors < 1 Wh, the buyer's last sliver of need is < 1 Wh delivered, and the window's
  // total can run short by < 1 Wh per admitted order (needs rounded up, sellers' slivers skipped)
  const tol = BigInt(s.buyersAdmitted + s.sellersAdmitted + 1);
  for (const [id, v] of got) {
    const b = buyers.get(id)!;
    assert.ok(v <= b.dMaxWh, `d_i ≤ d_i^max for ${id}`);
    assert.ok(v >= b.dMinWh - BigInt(pairsOf.get(id)!) - tol, `d_i ≥ d_i^min − rounding for ${id}: ${v} < ${b.dMinWh}`);
  }
  // matched / unmatched partition every order exactly once, in canonical order
  assert.deepEqual(
    [...s.unmatchedBuyers].sort(),
    w.buyers
      .map((b) => b.id)
      .filter((id) => !got.has(id))
      .sort(),
  );
  assert.deepEqual(
    [...s.unmatchedSellers].sort(),
    w.sellers
      .map((x) => x.id)
      .filter((id) => !sold.has(id))
      .sort(),
  );
  // escrow: priceMax · dMax pays the trades and the rest is refunded, each exactly once
  const refunds = new Map<string, bigint>();
  for (const f of s.refunds) {
    assert.ok(!refunds.has(f.order), 'one refund per order');
    assert.ok(f.amount > 0n);
    refunds.set(f.order, f.amount);
  }
  for (const b of w.buyers) {
    const escrow = paymentFor(b.priceMax, b.dMaxWh);
    assert.equal((pays.get(b.id) ?? 0n) + (refunds.get(b.id) ?? 0n), escrow, `escrow of ${b.id} spent exactly once`);
  }
  assert.equal(refunds.size, s.refunds.length);
}
