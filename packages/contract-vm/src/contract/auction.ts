/**
 * The per-pair two-way auction (paper eq. 29-34, Algorithm 1; design/babg.md §4).
 *
 * Round t: W = 2/3 p + 1/4 r^min + 1/12 p^max, Q = 2/3 r + 1/4 p^max + 1/12 r^min.
 * If W < Q: p ← W + α (p^max − W), r ← Q − β (Q − r^min) (eq. 31-32), next round.
 * Else the bids have crossed; p and r are kept, and the pair closes in the first crossed round whose
 * CW = |W_t − W_{t−1}| / W_t and CQ = |Q_t − Q_{t−1}| / Q_t are both below ε2 (eq. 33-34); round 1
 * has no previous round and never closes.
 *
 * Improvement over the design note (docs/babg-contract.md): a pair whose bids cannot cross any more
 * (p^max = r^min makes W approach p^max from below and Q from above, never meeting; in doubles the
 * bids then stop moving) or that reaches the round cap closes at the single price
 * clamp((W + Q) / 2, r^min, p^max) for both sides instead of being unmatched, so the optimal
 * allocation stays intact and both sides stay within their limits.
 */

export interface AuctionInput {
  /** p_i: buyer's initial expected price. */
  readonly price: number;
  /** p_i^max. */
  readonly priceMax: number;
  /** r_j: seller's initial expected price. */
  readonly sellPrice: number;
  /** r_j^min. */
  readonly priceMin: number;
}

export interface AuctionParams {
  readonly alpha: number;
  readonly beta: number;
  readonly eps2: number;
  readonly maxRounds: number;
}

export type AuctionClose = 'converged' | 'stalled' | 'cap';

export interface AuctionResult {
  /** W: the buyer's price per kWh. */
  readonly buy: number;
  /** Q: the seller's price per kWh. */
  readonly sell: number;
  readonly rounds: number;
  readonly close: AuctionClose;
}

/** Called once per round with the round's bids (for the paper's Fig. 5). */
export type RoundObserver = (round: number, w: number, q: number) => void;

const TWO_THIRDS = 2 / 3;

export function runAuction(x: AuctionInput, a: AuctionParams, observe?: RoundObserver): AuctionResult {
  const { priceMax: pMax, priceMin: rMin } = x;
  const wConst = 0.25 * rMin + pMax / 12;
  const qConst = 0.25 * pMax + rMin / 12;
  let p = x.price;
  let r = x.sellPrice;
  let prevW = Number.NaN;
  let prevQ = Number.NaN;
  for (let t = 1; t <= a.maxRounds; t++) {
    const w = TWO_THIRDS * p + wConst;
    const q = TWO_THIRDS * r + qConst;
    if (observe) observe(t, w, q);
    if (w >= q) {
      const cw = abs(w - prevW) / w;
      const cq = abs(q - prevQ) / q;
      if (cw < a.eps2 && cq < a.eps2) return crossed(w, q, x, t);
    } else {
      if (w === prevW && q === prevQ) return single(w, q, x, t, 'stalled');
      p = w + a.alpha * (pMax - w);
      r = q - a.beta * (q - rMin);
    }
    prevW = w;
    prevQ = q;
  }
  return single(prevW, prevQ, x, a.maxRounds, 'cap');
}

const abs = (v: number): number => (v < 0 ? -v : v);

/**
 * The crossing bids. In exact arithmetic r^min ≤ Q ≤ W ≤ p^max; in doubles W or Q can overshoot
 * its limit by an ulp when p^max and r^min are (nearly) equal, so both are clamped into the limits.
 */
function crossed(w: number, q: number, x: AuctionInput, rounds: number): AuctionResult {
  const buy = w > x.priceMax ? x.priceMax : w < x.priceMin ? x.priceMin : w;
  const sell = q < x.priceMin ? x.priceMin : q > buy ? buy : q;
  return { buy, sell, rounds, close: 'converged' };
}

function single(w: number, q: number, x: AuctionInput, rounds: number, close: AuctionClose): AuctionResult {
  let m = (w + q) / 2;
  if (m < x.priceMin) m = x.priceMin;
  if (m > x.priceMax) m = x.priceMax;
  return { buy: m, sell: m, rounds, close };
}
