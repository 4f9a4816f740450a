/**
 * Input and output shapes shared by the baseline algorithms (IDA, ETA).
 *
 * They follow the contract's JSON interface (design/babg.md §9): energy in kWh, prices per kWh,
 * plain numbers. A baseline returns the same kind of per-pair allocation the contract returns, so
 * all three algorithms are scored by the same metric functions.
 */

export interface BaselineParams {
  /** Delivery efficiency ρ: the buyer receives ρ times what the seller discharges. */
  readonly rho: number;
  /** Quadratic loss factor l1 of the seller's cost. */
  readonly l1: number;
  /** Linear loss factor l2 of the seller's cost. */
  readonly l2: number;
  /** p^G: the price the grid pays (lower bound of V2V prices). */
  readonly gridBuyPrice: number;
  /** r^G: the price the grid charges (upper bound of V2V prices). */
  readonly gridSellPrice: number;
}

export interface BaselineBuyer {
  readonly id: string;
  readonly dMin: number;
  readonly dMax: number;
  readonly omega: number;
  readonly price: number;
  readonly priceMax: number;
}

export interface BaselineSeller {
  readonly id: string;
  readonly sMax: number;
  readonly price: number;
  readonly priceMin: number;
}

export interface BaselineMarket {
  readonly params: BaselineParams;
  readonly buyers: readonly BaselineBuyer[];
  readonly sellers: readonly BaselineSeller[];
}

/** One traded pair: energySold is s_ji (seller side), energyBought is d_ij = ρ s_ji (buyer side). */
export interface PairTrade {
  readonly buyer: string;
  readonly seller: string;
  readonly energySold: number;
  readonly energyBought: number;
  /** Price per kWh the buyer pays for d_ij. */
  readonly buyPrice: number;
  /** Price per kWh the seller receives for d_ij. */
  readonly sellPrice: number;
}
