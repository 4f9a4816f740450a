/**
 * Placing orders and grid trades: check the values locally, pick a fresh granted address and the
 * window, build and sign, submit (with fail-over), then record the order in the wallet. A window
 * that closed or had not opened by the time the node saw the order is retried with fresh status.
 */
import { isLeagError, parseAddress, type SignedTx } from '@leag/core';
import type { LeagClient } from '../client/leag-client.js';
import type { OrderKind, WalletAddress } from '../keystore/data.js';
import type { Wallet } from '../keystore/wallet.js';
import { type BuiltTx, buildBuyOrder, buildGridTrade, buildSellOrder } from '../orders/build.js';
import { type Num, validateBuy, validateGrid, validateSell } from '../orders/validate.js';
import { type ChainInfo, chainInfo, LOOSE_BOUNDS, orderWindow } from './chain.js';
import { outpointKey, walletCoins } from './coins.js';

export interface PlaceResult {
  id: string;
  kind: OrderKind;
  window: string;
  address: string;
  status: string;
  node: string;
}

export interface PlaceOptions {
  /** Do not name a window that ends within this many ms (default 2 500; the node refuses orders
   *  for a window about to close with ORDER_WINDOW_CLOSING). */
  guardMs?: number;
  /** Chain facts already fetched (the fleet shares one). */
  info?: ChainInfo;
  /** Ask only the deposit address and used addresses for coins (fleet). */
  activeCoinsOnly?: boolean;
}

/** Node answers that mean "name another window": retried with fresh status (the node's closing guard included). */
export const DEFAULT_GUARD_MS = 2500;

const WINDOW_RETRY = new Set([
  'ORDER_CLOSED_WINDOW',
  'ORDER_FUTURE_WINDOW',
  'ORDER_WINDOW_CLOSING',
  'ORDER_WINDOW_FULL',
]);

async function submitWithWindow(
  client: LeagClient,
  wallet: Wallet,
  info: ChainInfo,
  kind: OrderKind,
  guardMs: number,
  build: (window: bigint, addr: WalletAddress) => BuiltTx,
  summary: Record<string, string | boolean>,
): Promise<PlaceResult> {
  const addr = wallet.takeFreshAddress();
  for (let attempt = 0; ; attempt++) {
    const window =
      kind === 'grid-buy' || kind === 'grid-sell'
        ? BigInt(info.status.window.current)
        : await orderWindow(client, info, guardMs);
    const built = build(window, addr);
    let status: string;
    try {
      const submit = (s: SignedTx) =>
        kind === 'buy' || kind === 'sell' ? client.submitOrder(s) : client.submitGridTrade(s);
      status = (await submit(built.stx)).status;
    } catch (e) {
      if (attempt < 3 && isLeagError(e) && WINDOW_RETRY.has(e.code)) {
        info.status = await client.status();
        // closing or full: this window takes no more orders, wait for the next one
        if (
          (e.code === 'ORDER_WINDOW_CLOSING' || e.code === 'ORDER_WINDOW_FULL') &&
          BigInt(info.status.window.current) === window
        ) {
          const left = Number(BigInt(info.status.window.endMs) - BigInt(Date.now()));
          await new Promise((ok) => setTimeout(ok, Math.max(0, left) + 150));
          info.status = await client.status();
        }
        continue;
      }
      throw e;
    }
    addr.used = true;
    addr.nextNonce += 1;
    wallet.data.pendingSpent = [
      ...(wallet.data.pendingSpent ?? []),
      ...built.spent.map((c) => ({ outpoint: outpointKey(c.txId, c.index), atMs: Date.now() })),
    ];
    wallet.recordOrder({
      id: built.id,
      kind,
      window: window.toString(),
      address: addr.address,
      submittedAtMs: Date.now(),
      summary,
    });
    await wallet.save();
    return { id: built.id, kind, window: window.toString(), address: addr.address, status, node: client.node };
  }
}

const signerOf = (w: Wallet) => ({ secretKeyOf: (a: Uint8Array) => w.secretKeyOf(a) });

export async function placeBuy(
  client: LeagClient,
  wallet: Wallet,
  input: { min: Num; max: Num; price: Num; maxPrice: Num; omega?: Num; gridFallback?: boolean },
  o: PlaceOptions = {},
): Promise<PlaceResult> {
  validateBuy(input, LOOSE_BOUNDS);
  wallet.takeFreshAddress();
  const info = o.info ?? (await chainInfo(client, wallet));
  const values = validateBuy(input, info.bounds);
  const coins = await walletCoins(client, wallet, o.activeCoinsOnly);
  const summary = {
    min: String(input.min),
    max: String(input.max),
    price: String(input.price),
    maxPrice: String(input.maxPrice),
    omega: String(input.omega ?? '1'),
    gridFallback: input.gridFallback ?? false,
  };
  return submitWithWindow(
    client,
    wallet,
    info,
    'buy',
    o.guardMs ?? DEFAULT_GUARD_MS,
    (window, a) =>
      buildBuyOrder(
        { chainId: info.chainId, window, nonce: BigInt(a.nextNonce), address: parseAddress(a.address), values, coins },
        signerOf(wallet),
      ),
    summary,
  );
}

export async function placeSell(
  client: LeagClient,
  wallet: Wallet,
  input: { max: Num; price: Num; minPrice: Num; gridFallback?: boolean },
  o: PlaceOptions = {},
): Promise<PlaceResult> {
  validateSell(input, LOOSE_BOUNDS);
  wallet.takeFreshAddress();
  const info = o.info ?? (await chainInfo(client, wallet));
  const values = validateSell(input, info.bounds);
  const summary = {
    max: String(input.max),
    price: String(input.price),
    minPrice: String(input.minPrice),
    gridFallback: input.gridFallback ?? false,
  };
  return submitWithWindow(
    client,
    wallet,
    info,
    'sell',
    o.guardMs ?? DEFAULT_GUARD_MS,
    (window, a) =>
      buildSellOrder(
        { chainId: info.chainId, window, nonce: BigInt(a.nextNonce), address: parseAddress(a.address), values },
        signerOf(wallet),
      ),
    summary,
  );
}

export async function placeGrid(
  client: LeagClient,
  wallet: Wallet,
  input: { side: string; energy: Num },
  o: PlaceOptions = {},
): Promise<PlaceResult> {
  validateGrid(input, LOOSE_BOUNDS);
  wallet.takeFreshAddress();
  const info = o.info ?? (await chainInfo(client, wallet));
  const g = validateGrid(input, info.bounds);
  const coins = g.side === 'buy' ? await walletCoins(client, wallet, o.activeCoinsOnly) : [];
  const kind: OrderKind = g.side === 'buy' ? 'grid-buy' : 'grid-sell';
  return submitWithWindow(
    client,
    wallet,
    info,
    kind,
    0,
    (_w, a) =>
      buildGridTrade(
        {
          chainId: info.chainId,
          side: g.side,
          energyWh: g.energyWh,
          nonce: BigInt(a.nextNonce),
          address: parseAddress(a.address),
          bounds: info.bounds,
          gridAddress: info.gridAddress,
          coins,
        },
        signerOf(wallet),
      ),
    { side: g.side, energy: String(input.energy) },
  );
}
