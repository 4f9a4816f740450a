/**
 * The contract's output. `Settlement` mirrors the `Settlement` protobuf message of
 * packages/core/proto (the consensus state, hashed); `ClearResult` adds the unrounded per-pair values
 * and the reported figures, which are for people and are not hashed.
 */

import type { Settlement } from '@leag/core';
import type { AuctionClose } from './contract/auction.js';
import type { Figures } from './metrics.js';

/**
 * The consensus output is @leag/core's generated `Settlement` (packages/core/proto/market.proto):
 * pairs in canonical order (by buyer, then seller), s_ji and d_ij in Wh, prices in µ/kWh (half to
 * even), payments in µ (floor), refunds one per buyer with a non-zero refund (canonical buyer order),
 * margin = Σ buyerPays − Σ sellerGets, buyers/sellersAdmitted = orders that entered SWM2.
 */
export type { Refund, Settlement, SettlementPair } from '@leag/core';

/** One pair before on-chain rounding (kWh, per kWh). */
export interface PairDetail {
  readonly buyer: string;
  readonly seller: string;
  /** s_ji, kWh (the Wh split of the allocation, see docs/babg-contract.md). */
  readonly energySold: number;
  /** d_ij = ρ s_ji, kWh, unrounded. */
  readonly energyBought: number;
  /** W_ij per kWh, unrounded. */
  readonly buyPrice: number;
  /** Q_ji per kWh, unrounded. */
  readonly sellPrice: number;
  readonly rounds: number;
  readonly close: AuctionClose;
}

export interface ClearResult {
  readonly settlement: Settlement;
  /** The SWM2 multiplier λ. */
  readonly lambda: number;
  /** Optimal totals d_i (kWh) of the admitted buyers and s_j of the admitted sellers, by id. */
  readonly allocation: {
    readonly buyers: readonly { readonly id: string; readonly d: number }[];
    readonly sellers: readonly { readonly id: string; readonly s: number }[];
  };
  readonly pairs: readonly PairDetail[];
  /** Buy orders admitted by τ but dropped by the feasibility rule, in drop order. */
  readonly droppedBuyers: readonly string[];
  readonly figures: Figures;
}
