/**
 * The contract's output. `Settlement` mirrors the `Settlement` protobuf message of
 * packages/core/proto (the consensus state, hashed); `ClearResult` adds the unrounded per-pair values
 * and the reported figures, which are for people and are not hashed.
 */

import type { AuctionClose } from './contract/auction.js';
import type { Figures } from './metrics.js';

export interface SettlementPair {
  readonly buyer: string;
  readonly seller: string;
  /** s_ji in Wh (what the seller discharges). */
  readonly energySoldWh: bigint;
  /** d_ij = floor(ρ s_ji) in Wh (what the buyer receives). */
  readonly energyBoughtWh: bigint;
  /** W_ij in µ/kWh (half to even). */
  readonly buyPrice: bigint;
  /** Q_ji in µ/kWh (half to even). */
  readonly sellPrice: bigint;
  readonly rounds: number;
  /** floor(W_ij · d_ij) in µ. */
  readonly buyerPays: bigint;
  /** floor(Q_ji · d_ij) in µ. */
  readonly sellerGets: bigint;
}

export interface Refund {
  /** The buy order whose escrow is (partly) returned. */
  readonly order: string;
  /** µ. */
  readonly amount: bigint;
}

export interface Settlement {
  readonly window: bigint;
  /** τ in µ/kWh. */
  readonly bandPrice: bigint;
  /** Canonical order: by buyer (canonical), then seller (canonical). */
  readonly pairs: readonly SettlementPair[];
  /** Ids in canonical order. */
  readonly unmatchedBuyers: readonly string[];
  readonly unmatchedSellers: readonly string[];
  /** One per buyer with a non-zero refund, canonical buyer order. */
  readonly refunds: readonly Refund[];
  /** LEAG margin, µ: Σ buyerPays − Σ sellerGets. */
  readonly margin: bigint;
  /** Buyers and sellers that entered SWM2 (after the band price and the feasibility rule). */
  readonly buyersAdmitted: number;
  readonly sellersAdmitted: number;
}

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
