export * from './baselines/index.js';
export { clearMarket } from './clear-market.js';
export { type Admission, admit } from './contract/admission.js';
export {
  type AuctionClose,
  type AuctionInput,
  type AuctionParams,
  type AuctionResult,
  type RoundObserver,
  runAuction,
} from './contract/auction.js';
export { canonicalBuyers, canonicalSellers, compareBuyers, compareSellers } from './contract/canonical.js';
export { type ClearInput, clear } from './contract/clear.js';
export { northWestCorner, type PairSplit } from './contract/pairs.js';
export { buyerAt, type Swm2Solution, type SwmBuyer, type SwmSeller, sellerAt, solveSwm2 } from './contract/swm2.js';
export { validateOrders } from './contract/validate.js';
export * from './experiment/index.js';
export { encodeSettlement, settlementHash } from './hash.js';
export * from './market/generate.js';
export { ordersToSpec, type ParsedMarket, parseMarket } from './market/parse.js';
export { createRng, type Rng } from './market/prng.js';
export * from './market/spec.js';
export * from './metrics.js';
export * from './params.js';
export * from './settlement.js';
export { settlementRecord, withUnmatched } from './settlement-record.js';
export * from './types.js';
