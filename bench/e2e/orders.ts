/**
 * Signed sell orders for the load generator, made ahead of a load step so that signing does not
 * compete with the nodes while the step runs. A sell order takes no inputs: one witness (the
 * order address's signature), so every node verifies exactly one ECDSA signature per order.
 */
import {
  addressFromPublicKey,
  generateSecretKey,
  publicKeyOf,
  type SellOrder,
  type SignedTx,
  signTx,
  TxKind,
  toHex,
  toJson,
  txId,
} from '@leag/core';

export interface LoadEv {
  sk: Uint8Array;
  pub: Uint8Array;
  addr: Uint8Array;
  nonce: bigint;
}

export function newLoadEv(): LoadEv {
  const sk = generateSecretKey();
  const pub = publicKeyOf(sk);
  return { sk, pub, addr: addressFromPublicKey(pub), nonce: 1n };
}

export interface ReadyOrder {
  id: string;
  /** The SignedTx in its JSON form, already a string (batches are joined from these). */
  txJson: string;
}

/** The POST body for one order (`/v1/orders`) or a batch (`/v1/orders/batch`). */
export const orderBody = (o: ReadyOrder): string => `{"tx":${o.txJson}}`;
export const batchBody = (os: readonly ReadyOrder[]): string => `{"txs":[${os.map((o) => o.txJson).join(',')}]}`;

export function sellOrderTx(chainId: string, ev: LoadEv, window: bigint, i: number): SignedTx {
  const order: SellOrder = {
    window,
    nonce: ev.nonce++,
    address: ev.addr,
    sMaxWh: 10_000n + BigInt(i % 10_000),
    price: 850_000n,
    priceMin: 700_000n,
    gridFallback: false,
  };
  return signTx(
    { version: 1, chainId, kind: TxKind.TX_KIND_SELL_ORDER, inputs: [], outputs: [], lockTime: 0n, sellOrder: order },
    [ev.sk],
  );
}

/** `count` orders for `window`, spread round-robin over the EVs. */
export function makeOrders(chainId: string, evs: LoadEv[], window: bigint, count: number): ReadyOrder[] {
  const out: ReadyOrder[] = [];
  for (let i = 0; i < count; i++) {
    const stx = sellOrderTx(chainId, evs[i % evs.length] as LoadEv, window, i);
    out.push({ id: toHex(txId(stx.tx)), txJson: JSON.stringify(toJson('SignedTx', stx)) });
  }
  return out;
}
