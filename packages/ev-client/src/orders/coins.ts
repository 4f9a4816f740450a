/**
 * Coins the wallet can spend, and coin selection: free coins (escrow_window 0) of the wallet's
 * addresses, largest first, until the amount is covered (few inputs, few witnesses).
 */
import { formatMoney, LeagError } from '@leag/core';

export interface Coin {
  txId: Uint8Array;
  index: number;
  value: bigint;
  address: Uint8Array;
  /** 0 for a free coin; a window number for a buy order's escrow (not spendable by the wallet). */
  escrowWindow: bigint;
  energyWh?: bigint;
}

export const MAX_INPUTS = 200;

export function selectCoins(coins: readonly Coin[], amount: bigint): { inputs: Coin[]; total: bigint } {
  const free = coins
    .filter((c) => c.escrowWindow === 0n)
    .sort((a, b) => (a.value > b.value ? -1 : a.value < b.value ? 1 : 0));
  const inputs: Coin[] = [];
  let total = 0n;
  for (const c of free) {
    if (total >= amount || inputs.length >= MAX_INPUTS) break;
    inputs.push(c);
    total += c.value;
  }
  if (total < amount || amount <= 0n) {
    const have = free.reduce((s, c) => s + c.value, 0n);
    throw new LeagError(
      'EV_INSUFFICIENT_FUNDS',
      `this needs ${formatMoney(amount)} but the wallet's spendable balance is ${formatMoney(have)}; deposit more first`,
      { needed: amount.toString(), available: have.toString() },
    );
  }
  return { inputs, total };
}

export const spendable = (coins: readonly Coin[]): bigint =>
  coins.filter((c) => c.escrowWindow === 0n).reduce((s, c) => s + c.value, 0n);
