/**
 * Signed orders for the load generator, made ahead of a load step so that signing does not compete
 * with the nodes while the step runs: a market of buy and sell orders, alternating, with limit
 * prices spread so that about half of them match at the window's clearing (the clearing block
 * then carries a real settlement: a payment per matched pair, a refund per buyer). A sell order
 * has one witness; a buy order spends one of its EV's coins into its escrow and change and has
 * two witnesses, coin and payload, of one key: the same signature twice, verified once. So every
 * node runs one ECDSA check per order of either side. An EV without a coin left sends a sell.
 */
import { addressFromPublicKey, generateSecretKey, publicKeyOf, type SignedTx, toHex, toJson, txId } from '@leag/core';
import { buildBuyOrder, buildSellOrder, type Signer } from '@leag/ev-client';

/** What makeOrders sends, in words (the benchmark report's `orderMix`). */
export const ORDER_MIX =
  "buy and sell orders alternating, limit prices spread so that about half match; a buy spends one of its EV's coins (one ECDSA check per order either way); every window clears real pairs";

/** One coin of a load EV (an unspent output it owns). */
export interface Coin {
  txId: Uint8Array;
  index: number;
  value: bigint;
}

/** The value of each coin a load EV is funded with, µ (a buy's escrow is at most about 19 units). */
export const COIN_VALUE = 1_000_000_000n;

export interface LoadEv {
  sk: Uint8Array;
  pub: Uint8Array;
  addr: Uint8Array;
  nonce: bigint;
  /** Coins for buy orders (fundEvs); a step takes them and gives back each buy's change or its coin. */
  coins: Coin[];
}

export function newLoadEv(): LoadEv {
  const sk = generateSecretKey();
  const pub = publicKeyOf(sk);
  return { sk, pub, addr: addressFromPublicKey(pub), nonce: 1n, coins: [] };
}

export interface ReadyOrder {
  id: string;
  /** A buy order's coin and the change it makes (what the EV spends next once the buy commits). */
  buy?: { ev: LoadEv; coin: Coin; change: Coin };
  /** The SignedTx in its JSON form, already a string (batches are joined from these). */
  txJson: string;
}

/** The POST body for one order (`/v1/orders`) or a batch (`/v1/orders/batch`). */
export const orderBody = (o: ReadyOrder): string => `{"tx":${o.txJson}}`;
export const batchBody = (os: readonly ReadyOrder[]): string => `{"txs":[${os.map((o) => o.txJson).join(',')}]}`;

/** A price in [lo, lo + span) µ/kWh, spread over the order index (deterministic). */
const spread = (i: number, lo: number, span: number): bigint => BigInt(lo + ((i * 7919) % span));

/** Signs for every address of one load EV (its one key). */
const signerOf = (ev: LoadEv): Signer => ({ secretKeyOf: () => ev.sk });

export function sellOrderTx(chainId: string, ev: LoadEv, window: bigint, i: number): SignedTx {
  const price = spread(i, 650_000, 200_000);
  return buildSellOrder(
    {
      chainId,
      window,
      nonce: ev.nonce++,
      address: ev.addr,
      values: {
        sMaxWh: 5_000n + BigInt((i * 31) % 15_000),
        price,
        priceMin: price - 50_000n,
        gridFallback: i % 5 === 0,
      },
    },
    signerOf(ev),
  ).stx;
}

/** A buy order spending `coin` into its escrow (output 0) and change (output 1), as the EV client builds it. */
export function buyOrderTx(chainId: string, ev: LoadEv, window: bigint, i: number, coin: Coin): SignedTx {
  const price = spread(i, 700_000, 150_000);
  return buildBuyOrder(
    {
      chainId,
      window,
      nonce: ev.nonce++,
      address: ev.addr,
      values: {
        dMinWh: 2_000n,
        dMaxWh: 10_000n + BigInt((i * 17) % 10_000),
        price,
        priceMax: price + 100_000n,
        omegaPpm: 800_000,
        gridFallback: i % 5 === 1,
      },
      coins: [{ ...coin, address: ev.addr, escrowWindow: 0n }],
    },
    signerOf(ev),
  ).stx;
}

/** `count` orders for `window`, spread round-robin over the EVs: buys and sells alternating. */
export function makeOrders(chainId: string, evs: LoadEv[], window: bigint, count: number): ReadyOrder[] {
  const out: ReadyOrder[] = [];
  for (let i = 0; i < count; i++) {
    const ev = evs[i % evs.length] as LoadEv;
    const coin = i % 2 === 0 ? ev.coins.pop() : undefined;
    if (coin !== undefined && coin.value >= 2n * 100_000_000n) {
      const stx = buyOrderTx(chainId, ev, window, i, coin);
      const id = txId(stx.tx);
      const change = { txId: id, index: 1, value: (stx.tx.outputs[1] as { value: bigint }).value };
      out.push({ id: toHex(id), txJson: JSON.stringify(toJson('SignedTx', stx)), buy: { ev, coin, change } });
      continue;
    }
    const stx = sellOrderTx(chainId, ev, window, i);
    out.push({ id: toHex(txId(stx.tx)), txJson: JSON.stringify(toJson('SignedTx', stx)) });
  }
  return out;
}

/**
 * After a step: each buy's EV gets back the buy's change when the buy committed, or the coin it
 * took when the buy was never accepted (refused, or not sent); a buy acknowledged but not committed
 * may still be spent somewhere, so its coin is dropped.
 */
export function returnCoins(
  orders: readonly ReadyOrder[],
  committed: (id: string) => boolean,
  accepted: (id: string) => boolean,
): void {
  for (const o of orders) {
    if (o.buy === undefined) continue;
    if (committed(o.id)) o.buy.ev.coins.push(o.buy.change);
    else if (!accepted(o.id)) o.buy.ev.coins.push(o.buy.coin);
  }
}
