/**
 * What a wallet operation needs to know about the chain: chain id, market bounds in force (grid
 * prices from /v1/grid, energy cap from genesis), grid address and the open window. Cached in the
 * wallet so local checks can run before any request.
 */
import { fromJson, type MarketParams, parseAddress, type StatusResponse } from '@leag/core';
import type { LeagClient } from '../client/leag-client.js';
import type { Wallet } from '../keystore/wallet.js';
import type { OrderBounds } from '../orders/validate.js';

export interface ChainInfo {
  chainId: string;
  params: MarketParams;
  bounds: OrderBounds;
  gridAddress: Uint8Array;
  status: StatusResponse;
}

export async function chainInfo(client: LeagClient, wallet?: Wallet): Promise<ChainInfo> {
  const [status, gen, grid] = await Promise.all([client.status(), client.genesis(), client.grid()]);
  const genesis = fromJson('Genesis', gen.genesis);
  const params = genesis.marketParams;
  const bounds: OrderBounds = {
    gridBuyMicro: BigInt(grid.sellPrice), // p^G: what the grid pays a seller
    gridSellMicro: BigInt(grid.buyPrice), // r^G: what the grid charges a buyer
    maxEnergyWh: params.maxEnergyWh,
  };
  if (wallet !== undefined)
    wallet.data.chain = {
      chainId: status.chainId,
      params: { ...params, maxEnergyWh: params.maxEnergyWh.toString() },
      gridAddress: grid.gridAddress,
    };
  return { chainId: status.chainId, params, bounds, gridAddress: parseAddress(grid.gridAddress), status };
}

/** Bounds that only check syntax and internal order (used before the chain's bounds are known). */
export const LOOSE_BOUNDS: OrderBounds = {
  gridBuyMicro: 0n,
  gridSellMicro: (1n << 63n) - 1n,
  maxEnergyWh: (1n << 53n) - 1n,
};

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/**
 * The window an order should name: the open one, unless it ends within `guardMs` (then the order
 * might reach a block after the window closed), in which case it waits for the next one.
 */
export async function orderWindow(client: LeagClient, info: ChainInfo, guardMs: number): Promise<bigint> {
  let st = info.status;
  for (let i = 0; i < 3; i++) {
    const left = Number(BigInt(st.window.endMs) - BigInt(Date.now()));
    if (left > guardMs) return BigInt(st.window.current);
    await sleep(Math.max(0, left) + 150);
    st = await client.status();
    info.status = st;
  }
  return BigInt(st.window.current);
}
