/**
 * What the keystore holds once decrypted: the EV's identity key, its certificate, its wallet
 * addresses (a fresh random key per address, stored), the orders it sent, and a cache of the
 * chain's public facts (chain id, market parameters) used for local validation.
 */
import { LeagError } from '@leag/core';

export type OrderKind = 'buy' | 'sell' | 'grid-buy' | 'grid-sell' | 'deposit' | 'grant';

export interface WalletAddress {
  /** Secret key, hex (32 bytes). */
  sk: string;
  /** bech32m text form (leag1...). */
  address: string;
  createdAtMs: number;
  /** Set once the node said the address grant was accepted. */
  granted: boolean;
  /** Set once an order or grid trade was signed by this address (an order uses a fresh one). */
  used: boolean;
  /** Next nonce for orders from this address. */
  nextNonce: number;
}

export interface OrderRecord {
  id: string;
  kind: OrderKind;
  window: string;
  address: string;
  submittedAtMs: number;
  /** The values as sent, in display units (kWh, price per kWh). */
  summary: Record<string, string | boolean>;
}

export interface ChainCache {
  chainId: string;
  /** core MarketParams in its JSON form. */
  params?: Record<string, unknown>;
  gridAddress?: string;
}

export interface WalletData {
  version: 1;
  identitySk: string;
  name: string;
  /** AuthorityCertificate in core's JSON form, once registered. */
  certificate: Record<string, unknown> | null;
  chain: ChainCache | null;
  addresses: WalletAddress[];
  /** Orders, grid trades, deposits and grants this wallet sent (its history). */
  orders: OrderRecord[];
  /**
   * Outpoints ("txid:index") spent by txs sent but maybe not committed yet, with the time sent (ms):
   * not selected again until they leave the UTXO set or PENDING_SPENT_TTL_MS passes (a tx the node
   * dropped must not lock the coin forever).
   */
  pendingSpent?: { outpoint: string; atMs: number }[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the decrypted JSON's shape (it was authenticated, but may come from another version). */
export function checkWalletData(v: unknown): WalletData {
  const bad = (what: string): never => {
    throw new LeagError('KEYSTORE_CORRUPT', `the keystore content is malformed: ${what}`);
  };
  if (!isObj(v)) return bad('not an object');
  if (v.version !== 1) return bad(`unsupported content version ${String(v.version)} (this client reads 1)`);
  if (typeof v.identitySk !== 'string' || !/^[0-9a-f]{64}$/.test(v.identitySk)) return bad('identitySk');
  if (typeof v.name !== 'string') return bad('name');
  if (v.certificate !== null && !isObj(v.certificate)) return bad('certificate');
  if (v.chain !== null && (!isObj(v.chain) || typeof v.chain.chainId !== 'string')) return bad('chain');
  if (!Array.isArray(v.addresses)) return bad('addresses');
  for (const a of v.addresses) {
    if (!isObj(a) || typeof a.sk !== 'string' || !/^[0-9a-f]{64}$/.test(a.sk) || typeof a.address !== 'string')
      return bad('an address entry');
    if (typeof a.granted !== 'boolean' || typeof a.used !== 'boolean' || !Number.isSafeInteger(a.nextNonce))
      return bad('an address entry');
  }
  if (!Array.isArray(v.orders) || !v.orders.every((o) => isObj(o) && typeof o.id === 'string')) return bad('orders');
  return v as unknown as WalletData;
}
