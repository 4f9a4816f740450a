/**
 * Canonical order (design/babg.md §3, §7): buyers by (priceMax descending, id), sellers by
 * (priceMin ascending, id). Ids compare by UTF-16 code units, which is locale-free. Every node sorts
 * the same orders into the same sequence whatever order they arrived in.
 */
import type { ContractBuyOrder, ContractSellOrder } from '../types.js';

export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareBuyers(x: ContractBuyOrder, y: ContractBuyOrder): number {
  if (x.priceMax !== y.priceMax) return x.priceMax > y.priceMax ? -1 : 1;
  return compareIds(x.id, y.id);
}

export function compareSellers(x: ContractSellOrder, y: ContractSellOrder): number {
  if (x.priceMin !== y.priceMin) return x.priceMin < y.priceMin ? -1 : 1;
  return compareIds(x.id, y.id);
}

export const canonicalBuyers = (b: readonly ContractBuyOrder[]): ContractBuyOrder[] => [...b].sort(compareBuyers);
export const canonicalSellers = (s: readonly ContractSellOrder[]): ContractSellOrder[] => [...s].sort(compareSellers);
