/**
 * On-chain shapes of the BABG contract's inputs: integer units only (design/babg.md §1).
 *
 * Energy is in watt-hours (Wh), prices in micro-units per kWh (µ/kWh), the willingness ω in parts
 * per million (ppm, 1 000 000 = 1). The JSON file interface (kWh and decimals, see market/parse.ts)
 * is converted into these exactly, so a file and a block go through the same contract path. Field
 * names follow @leag/core's BuyOrder and SellOrder messages; the contract adds the order's id.
 */

/** A charging EV's buy order CE_i. */
export interface ContractBuyOrder {
  readonly id: string;
  /** d_i^min in Wh: the least energy it needs for its trip. */
  readonly dMinWh: bigint;
  /** d_i^max in Wh: the most it will take. */
  readonly dMaxWh: bigint;
  /** ω_i in ppm, a whole number in [1, 1 000 000]. */
  readonly omegaPpm: number;
  /** p_i in µ/kWh: initial expected purchase price. */
  readonly price: bigint;
  /** p_i^max in µ/kWh: highest acceptable purchase price. */
  readonly priceMax: bigint;
}

/** A discharging EV's sell order DE_j. */
export interface ContractSellOrder {
  readonly id: string;
  /** s_j^max in Wh: the most energy it will discharge. */
  readonly sMaxWh: bigint;
  /** r_j in µ/kWh: initial expected selling price. */
  readonly price: bigint;
  /** r_j^min in µ/kWh: lowest acceptable selling price. */
  readonly priceMin: bigint;
}

/** The orders of one matching window. */
export interface WindowOrders {
  readonly buyers: readonly ContractBuyOrder[];
  readonly sellers: readonly ContractSellOrder[];
}

/** PPM per unit of ω. */
export const OMEGA_PPM = 1_000_000;
