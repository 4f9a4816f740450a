/**
 * The market file's shape (design/babg.md §9): energy in kWh, prices per kWh, ω as a fraction.
 * Numbers or decimal strings are accepted; both are parsed exactly into integer units.
 * The baselines and the experiments use the same shape with plain numbers.
 */
import type { ContractParams } from '../params.js';

export interface BuyerSpec {
  readonly id: string;
  readonly dMin: number | string;
  readonly dMax: number | string;
  /** ω in (0, 1]; default 1. */
  readonly omega?: number | string;
  readonly price: number | string;
  readonly priceMax: number | string;
}

export interface SellerSpec {
  readonly id: string;
  readonly sMax: number | string;
  readonly price: number | string;
  readonly priceMin: number | string;
}

export interface MarketSpec {
  readonly params?: Partial<ContractParams>;
  readonly buyers: readonly BuyerSpec[];
  readonly sellers: readonly SellerSpec[];
}
