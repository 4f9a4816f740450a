/**
 * The settlement as the ledger records it (docs/decisions.md, "The chain records a settlement
 * without its unmatched lists"). The contract's Settlement names every unmatched order; in a
 * one-sided or thin market that is nearly the whole window (28 000 sell orders → 2 MB of ids), and
 * the list is implied: an order of the window is unmatched exactly when no pair names it. So the
 * settlement tx carries `settlementRecord(s)`, with both lists empty, the block header's
 * settlement hash is that record's hash, and a reader that has the window's orders (the node's API,
 * a verifying EV) restores the lists with `withUnmatched`, byte-identical to the contract's.
 */
import type { Settlement } from '@leag/core';
import { compareBuyers, compareSellers } from './contract/canonical.js';
import type { ContractBuyOrder, ContractSellOrder } from './types.js';

/** The contract's settlement without the unmatched-id lists (what the settlement tx carries). */
export function settlementRecord(s: Settlement): Settlement {
  return { ...s, unmatchedBuyers: [], unmatchedSellers: [] };
}

/**
 * Restores the unmatched lists of a settlement record from the window's orders: the orders no pair
 * names, in the contract's canonical order (buyers by priceMax descending then id, sellers by
 * priceMin ascending then id), as `clear` lists them. Only id and the canonical price are read.
 */
export function withUnmatched(
  s: Settlement,
  buyers: readonly Pick<ContractBuyOrder, 'id' | 'priceMax'>[],
  sellers: readonly Pick<ContractSellOrder, 'id' | 'priceMin'>[],
): Settlement {
  const pairedBuyers = new Set(s.pairs.map((p) => p.buyer));
  const pairedSellers = new Set(s.pairs.map((p) => p.seller));
  const unmatchedBuyers = buyers
    .filter((b) => !pairedBuyers.has(b.id))
    .sort((x, y) => compareBuyers(x as ContractBuyOrder, y as ContractBuyOrder))
    .map((b) => b.id);
  const unmatchedSellers = sellers
    .filter((x) => !pairedSellers.has(x.id))
    .sort((x, y) => compareSellers(x as ContractSellOrder, y as ContractSellOrder))
    .map((x) => x.id);
  return { ...s, unmatchedBuyers, unmatchedSellers };
}
