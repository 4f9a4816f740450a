/**
 * `verify --window N` against a node: fetch the window's orders and settlement (GET
 * /v1/windows/N), the settlement tx with its Merkle proof (GET /v1/txs/:id) and the block that
 * closed the window (GET /v1/blocks/:height), then check everything locally (verify-window.ts).
 */
import { settlementHash } from '@leag/contract-vm';
import { fromJson, LeagError, type Settlement, type SignedTx, TxKind } from '@leag/core';
import type { LeagClient } from '../client/leag-client.js';
import type { Wallet } from '../keystore/wallet.js';
import { type VerifyReport, verifyWindow } from '../verify/verify-window.js';

export async function verifyRemote(client: LeagClient, window: bigint, wallet?: Wallet): Promise<VerifyReport> {
  const w = await client.window(window);
  if (w.result === undefined)
    throw new LeagError(
      'EV_WINDOW_NOT_CLOSED',
      `window ${window} is ${w.state}${w.state === 'closed' ? ' without orders' : ''}: there is no settlement to verify yet`,
      { state: w.state },
    );
  const r = w.result;
  const orders = r.orders.map((o) => fromJson('SignedTx', o));
  const params = fromJson('MarketParams', r.params);
  const [txr, blk] = await Promise.all([client.tx(r.settlementTxId), client.block(BigInt(r.closedAtHeight))]);
  if (txr.proof === undefined)
    throw new LeagError('EV_BAD_RESPONSE', `the node gave no Merkle proof for settlement tx ${r.settlementTxId}`);
  const settlementTx = fromJson('SignedTx', txr.tx);
  const block = fromJson('Block', blk.block);
  const blockSettlementHashes = block.txs
    .filter((t: SignedTx) => t.tx.kind === TxKind.TX_KIND_SETTLEMENT && t.tx.settlement?.settlement !== undefined)
    .map((t: SignedTx) => settlementHash(t.tx.settlement?.settlement as Settlement));
  const mine = (wallet?.data.orders ?? [])
    .filter((o) => (o.kind === 'buy' || o.kind === 'sell') && o.window === window.toString())
    .map((o) => o.id);
  return verifyWindow(
    {
      window,
      params,
      orders,
      settlementTx,
      header: block.header,
      proof: fromJson('MerkleProof', txr.proof.proof),
      blockSettlementHashes,
    },
    mine,
  );
}
