/**
 * What every node derives from genesis once: the chain id, validator and authority keys and
 * addresses, the grid account, windows and limits. Pure data, passed to every ledger function.
 */

import { resolveParams } from '@leag/contract-vm';
import type { Genesis, MarketParams } from '@leag/core';
import { LeagError } from '@leag/core';
import { contractParams } from './clearing.js';
import { addressOf } from './codec.js';
import { ledgerMarket } from './market.js';

export interface LedgerLimits {
  /** Max encoded size of one signed tx, bytes. */
  maxTxBytes: number;
  /** Max inputs and outputs of one tx. */
  maxTxInputs: number;
  maxTxOutputs: number;
  /** Max txs in one block and max encoded block size, bytes. */
  maxBlockTxs: number;
  maxBlockBytes: number;
  /** Max addresses in one grant. */
  maxGrantAddresses: number;
  /** How far ahead of the parent a block's timestamp may be ahead of the local clock, ms. */
  maxClockDriftMs: bigint;
  /**
   * Max orders (buy + sell) of one matching window. The window's settlement tx grows with its
   * orders (at most N + M − 1 pairs, a refund per buyer, unmatched ids): the cap keeps it, with a
   * block of other txs, inside the block and codec limits (about 13 MB at the cap, worst case), so
   * a clearing block can always be built, sent and decoded (docs/ledger.md).
   */
  maxWindowOrders: number;
}

export const DEFAULT_LIMITS: LedgerLimits = Object.freeze({
  maxTxBytes: 16 * 1024,
  maxTxInputs: 256,
  maxTxOutputs: 256,
  maxBlockTxs: 20_000,
  maxBlockBytes: 16 * 1024 * 1024,
  maxGrantAddresses: 64,
  maxClockDriftMs: 30_000n,
  maxWindowOrders: 40_000,
});

export interface ChainContext {
  readonly genesis: Genesis;
  readonly chainId: string;
  readonly authorityPubkey: Uint8Array;
  readonly gridAddress: Uint8Array;
  /** Validator index → compressed pubkey and address. */
  readonly validatorKeys: ReadonlyMap<number, { pubkey: Uint8Array; address: Uint8Array }>;
  readonly genesisParams: MarketParams;
  readonly limits: LedgerLimits;
  /** How long after its end a window's settlement is due, ms (genesis settlement_lag_ms, 0 when absent). */
  readonly settlementLagMs: bigint;
  /** One settlement output per matched seller order, not per pair (genesis seller_payment_per_order). */
  readonly sellerPaymentPerOrder: boolean;
}

export function chainContext(genesis: Genesis, limits: Partial<LedgerLimits> = {}): ChainContext {
  if (genesis.windowMs <= 0n)
    throw new LeagError('GENESIS_BAD_WINDOW', `window_ms must be positive, found ${genesis.windowMs}`);
  if (genesis.gridAddress.length !== 20)
    throw new LeagError('GENESIS_BAD_ADDRESS', `grid_address must be 20 bytes, found ${genesis.gridAddress.length}`);
  const settlementLagMs = genesis.settlementLagMs ?? 0n;
  if (settlementLagMs < 0n || settlementLagMs >= genesis.windowMs)
    throw new LeagError(
      'GENESIS_BAD_SETTLEMENT_LAG',
      `settlement_lag_ms must be at least 0 and below window_ms (${genesis.windowMs}), found ${settlementLagMs}`,
    );
  if (genesis.validators.length === 0) throw new LeagError('GENESIS_NO_VALIDATORS', 'genesis lists no validator');
  try {
    ledgerMarket(genesis.marketParams);
    resolveParams(contractParams(genesis.marketParams));
  } catch (e) {
    throw new LeagError(
      'GENESIS_BAD_PARAMS',
      `genesis market parameters are not valid: ${(e as Error).message}`,
      undefined,
      { cause: e },
    );
  }
  const validatorKeys = new Map<number, { pubkey: Uint8Array; address: Uint8Array }>();
  for (const v of genesis.validators) {
    if (validatorKeys.has(v.index))
      throw new LeagError('GENESIS_DUPLICATE_VALIDATOR', `validator index ${v.index} appears twice in genesis`);
    validatorKeys.set(v.index, { pubkey: v.pubkey, address: addressOf(v.pubkey) });
  }
  return {
    genesis,
    chainId: genesis.chainId,
    authorityPubkey: genesis.authorityPubkey,
    gridAddress: genesis.gridAddress,
    validatorKeys,
    genesisParams: genesis.marketParams,
    limits: { ...DEFAULT_LIMITS, ...limits },
    settlementLagMs,
    sellerPaymentPerOrder: genesis.sellerPaymentPerOrder === true,
  };
}

/**
 * Windows are numbered from 1 (escrow_window 0 means "a free coin"): window w covers
 * [genesis + (w-1)·W, genesis + w·W). A timestamp before genesis is in window 0 (no market).
 */
export function windowOf(ctx: ChainContext, timestampMs: bigint): bigint {
  const g = ctx.genesis.genesisTimeMs;
  if (timestampMs < g) return 0n;
  return (timestampMs - g) / ctx.genesis.windowMs + 1n;
}

/** The first instant after window w (its end). */
export function windowEnd(ctx: ChainContext, w: bigint): bigint {
  return ctx.genesis.genesisTimeMs + w * ctx.genesis.windowMs;
}

/**
 * The last window whose settlement is due at `timestampMs`: every window w with
 * windowEnd(w) + settlement lag ≤ timestampMs (0 when none). With no lag, every ended window.
 */
export function lastDueWindow(ctx: ChainContext, timestampMs: bigint): bigint {
  const w = windowOf(ctx, timestampMs - ctx.settlementLagMs);
  return w > 0n ? w - 1n : 0n;
}
