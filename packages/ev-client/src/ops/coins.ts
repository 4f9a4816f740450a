/** The wallet's spendable coins, read from the node (committed UTXOs of every wallet address). */
import { fromHex, fromJson, parseAddress } from '@leag/core';
import type { LeagClient } from '../client/leag-client.js';
import type { Wallet } from '../keystore/wallet.js';
import type { Coin } from '../orders/coins.js';

/** How long a coin spent by a sent but uncommitted tx stays reserved (then the node decides). */
export const PENDING_SPENT_TTL_MS = 60_000;

export const outpointKey = (txId: Uint8Array | string, index: number): string =>
  `${typeof txId === 'string' ? txId : Buffer.from(txId).toString('hex')}:${index}`;

/**
 * Every coin of the wallet's addresses. With `activeOnly`, only addresses that can hold coins in a
 * fleet run (the first, which gets deposits, and those an order used) are asked, to save requests.
 */
export async function walletCoins(client: LeagClient, wallet: Wallet, activeOnly = false): Promise<Coin[]> {
  const asked = wallet.data.addresses.filter((a, i) => !activeOnly || i === 0 || a.used);
  const lists = await Promise.all(asked.map((a) => client.utxos(a.address)));
  const coins: Coin[] = [];
  for (const l of lists) {
    for (const u of l.utxos) {
      const o = fromJson('TxOutput', u.output);
      coins.push({
        txId: fromHex(u.txId, 32),
        index: u.index,
        value: o.value,
        address: parseAddress(l.address),
        escrowWindow: o.escrowWindow,
        energyWh: o.energyWh,
      });
    }
  }
  // Drop coins our own not-yet-committed txs spend; forget entries that are gone or too old.
  const live = new Set(coins.map((c) => outpointKey(c.txId, c.index)));
  const now = Date.now();
  const kept = (wallet.data.pendingSpent ?? []).filter(
    (p) => typeof p === 'object' && live.has(p.outpoint) && now - p.atMs < PENDING_SPENT_TTL_MS,
  );
  wallet.data.pendingSpent = kept;
  const pending = new Set(kept.map((p) => p.outpoint));
  return coins.filter((c) => !pending.has(outpointKey(c.txId, c.index)));
}
