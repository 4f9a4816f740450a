/**
 * SWM2 optimality: the KKT conditions of the returned allocation, checked numerically, and its
 * welfare against an independent solver written here (a concave search over the traded volume,
 * with each side's best split for a given volume found by its own bisection).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { admit, type ClearResult, canonicalBuyers, canonicalSellers, clear } from '../src/index.js';
import { runs, type Window, windowArb } from './support/arb.js';

interface B {
  dMin: number;
  dMax: number;
  omega: number;
}

function admitted(w: Window): { bs: B[]; ss: number[] } {
  const a = admit(canonicalBuyers(w.buyers), canonicalSellers(w.sellers), w.params.rhoRatio);
  return {
    bs: a.buyers.map((b) => ({
      dMin: Number(b.dMinWh) / 1000,
      dMax: Number(b.dMaxWh) / 1000,
      omega: b.omegaPpm / 1e6,
    })),
    ss: a.sellers.map((s) => Number(s.sMaxWh) / 1000),
  };
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Buyers' best utility for a total delivered volume V (water-filling by bisection on μ). */
function buyersBest(bs: B[], V: number): number {
  const at = (mu: number) => bs.map((b) => clamp(b.omega / mu - 1 + b.dMin, b.dMin, b.dMax));
  let lo = 1e-12;
  let hi = 1e12;
  for (let k = 0; k < 300; k++) {
    const mid = Math.sqrt(lo * hi);
    const t = at(mid).reduce((a, b) => a + b, 0);
    if (t > V) lo = mid;
    else hi = mid;
  }
  return at(hi).reduce((u, d, i) => u + bs[i]!.omega * Math.log(d - bs[i]!.dMin + 1), 0);
}

/** Sellers' least cost for a total discharge E. */
function sellersBest(ss: number[], E: number, l1: number, l2: number): number {
  const at = (nu: number) => ss.map((m) => clamp((nu - l2) / (2 * l1), 0, m));
  let lo = 0;
  let hi = 1e12;
  for (let k = 0; k < 400; k++) {
    const mid = (lo + hi) / 2;
    if (at(mid).reduce((a, b) => a + b, 0) < E) lo = mid;
    else hi = mid;
  }
  return at(hi).reduce((c, s) => c + l1 * s * s + l2 * s, 0);
}

function independentOptimum(w: Window): number {
  const { bs, ss } = admitted(w);
  if (bs.length === 0 || ss.length === 0) return 0;
  const rho = w.params.rho;
  const vMin = bs.reduce((a, b) => a + b.dMin, 0);
  const vMax = Math.min(
    bs.reduce((a, b) => a + b.dMax, 0),
    rho * ss.reduce((a, b) => a + b, 0),
  );
  const W = (v: number) => buyersBest(bs, v) - sellersBest(ss, v / rho, w.params.l1, w.params.l2);
  let a = vMin;
  let b = Math.max(vMin, vMax);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 200 && b - a > 1e-13 * (1 + b); k++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (W(c) >= W(d)) b = d;
    else a = c;
  }
  return W((a + b) / 2);
}

function welfareOf(w: Window, r: ClearResult): { welfare: number; scale: number } {
  const byId = new Map(w.buyers.map((b) => [b.id, b]));
  let u = 0;
  let c = 0;
  let scale = 0;
  for (const { id, d } of r.allocation.buyers) {
    const b = byId.get(id)!;
    const term = (b.omegaPpm / 1e6) * Math.log(d - Number(b.dMinWh) / 1000 + 1);
    u += term;
    scale += Math.abs(term);
  }
  for (const { s } of r.allocation.sellers) {
    const term = w.params.l1 * s * s + w.params.l2 * s;
    c += term;
    scale += term;
  }
  return { welfare: u - c, scale };
}

describe('SWM2 allocation (design/babg.md §3)', () => {
  test('KKT conditions hold with the returned λ', () => {
    fc.assert(
      fc.property(windowArb(), (w) => {
        const r = clear(w);
        const { l1, l2, rho } = w.params;
        const lam = r.lambda;
        const tol = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
        const byId = new Map(w.buyers.map((b) => [b.id, b]));
        let D = 0;
        for (const { id, d } of r.allocation.buyers) {
          const b = byId.get(id)!;
          const dMin = Number(b.dMinWh) / 1000;
          const dMax = Number(b.dMaxWh) / 1000;
          const mu = b.omegaPpm / 1e6 / (d - dMin + 1); // marginal utility
          assert.ok(d >= dMin && d <= dMax);
          if (d > dMin && d < dMax) assert.ok(Math.abs(mu - lam) <= tol(lam), `interior buyer: ${mu} vs λ ${lam}`);
          if (d === dMax && d > dMin) assert.ok(mu >= lam - tol(lam), 'buyer at d^max wants more');
          if (d === dMin && d < dMax) assert.ok(mu <= lam + tol(lam), 'buyer at d^min wants less');
          D += d;
        }
        let S = 0;
        const sMax = new Map(w.sellers.map((s) => [s.id, Number(s.sMaxWh) / 1000]));
        for (const { id, s } of r.allocation.sellers) {
          const mc = (2 * l1 * s + l2) / rho; // marginal cost per delivered kWh
          assert.ok(s >= 0 && s <= sMax.get(id)!);
          if (s > 0 && s < sMax.get(id)!)
            assert.ok(Math.abs(mc - lam) <= tol(lam), `interior seller: ${mc} vs λ ${lam}`);
          if (s === 0) assert.ok(mc >= lam - tol(lam), 'idle seller is too dear');
          if (s === sMax.get(id)! && s > 0) assert.ok(mc <= lam + tol(lam), 'full seller is cheap enough');
          S += s;
        }
        assert.ok(Math.abs(D - rho * S) <= 1e-9 * Math.max(1, D), `balance Σd = ρΣs: ${D} vs ${rho * S}`);
      }),
      { numRuns: runs(2000, 30_000) },
    );
  });

  test('welfare equals an independent solver’s optimum (1e-9 relative)', () => {
    fc.assert(
      fc.property(windowArb(8, 8), (w) => {
        const r = clear(w);
        const ours = welfareOf(w, r);
        const ref = independentOptimum(w);
        const tol = 1e-9 * Math.max(1, ours.scale);
        assert.ok(ours.welfare >= ref - tol, `contract ${ours.welfare} below the reference optimum ${ref}`);
        assert.ok(ref >= ours.welfare - tol * 10, `reference ${ref} far below contract ${ours.welfare}`);
      }),
      { numRuns: runs(150, 5000) },
    );
  });

  test('no feasible transfer of energy improves welfare', () => {
    fc.assert(
      fc.property(windowArb(10, 10), fc.double({ min: 1e-4, max: 0.05, noNaN: true }), (w, eps) => {
        const r = clear(w);
        const base = welfareOf(w, r).welfare;
        const bs = r.allocation.buyers;
        const byId = new Map(w.buyers.map((b) => [b.id, b]));
        // move eps kWh of delivered energy from buyer x to buyer y where both bounds allow
        for (const x of bs)
          for (const y of bs) {
            if (x === y) continue;
            const bx = byId.get(x.id)!;
            const by = byId.get(y.id)!;
            if (x.d - eps < Number(bx.dMinWh) / 1000 || y.d + eps > Number(by.dMaxWh) / 1000) continue;
            const moved = {
              ...r,
              allocation: {
                ...r.allocation,
                buyers: bs.map((z) => (z === x ? { ...z, d: z.d - eps } : z === y ? { ...z, d: z.d + eps } : z)),
              },
            };
            assert.ok(
              welfareOf(w, moved).welfare <= base + 1e-12 * Math.max(1, Math.abs(base)),
              'a transfer improved welfare',
            );
          }
      }),
      { numRuns: runs(200, 3000) },
    );
  });
});
