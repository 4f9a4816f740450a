/**
 * The window index: which committed orders belong to which window and how each window cleared
 * (its settlement tx, closing block), built from committed blocks (rebuilt by a scan at start).
 * Windows themselves close by block time inside the ledger; this index serves the API and events.
 */
import { settlementHash } from '@leag/contract-vm';
import { type Block, compareBytes, type Settlement, TxKind, txId } from '@leag/core';
import { orderWindow } from './mempool.js';

export interface WindowClearing {
  window: bigint;
  height: bigint;
  blockHash: Uint8Array;
  settlementTxId: Uint8Array;
  settlement: Settlement;
  settlementHash: string;
}

export interface CommittedOrder {
  id: Uint8Array;
  height: bigint;
  side: 'buy' | 'sell';
}

export class WindowIndex {
  private readonly orders = new Map<bigint, CommittedOrder[]>();
  private readonly results = new Map<bigint, WindowClearing>();

  /** Records a committed block; returns the clearings it carried. */
  onBlock(block: Block, hash: Uint8Array): WindowClearing[] {
    const out: WindowClearing[] = [];
    const height = block.header.height;
    for (const stx of block.txs) {
      const w = orderWindow(stx);
      if (w !== null) {
        const list = this.orders.get(w) ?? [];
        list.push({ id: txId(stx.tx), height, side: stx.tx.kind === TxKind.TX_KIND_BUY_ORDER ? 'buy' : 'sell' });
        this.orders.set(w, list);
      }
      const s = stx.tx.settlement?.settlement;
      if (stx.tx.kind === TxKind.TX_KIND_SETTLEMENT && s !== undefined) {
        const c: WindowClearing = {
          window: s.window,
          height,
          blockHash: hash,
          settlementTxId: txId(stx.tx),
          settlement: s,
          settlementHash: settlementHash(s),
        };
        this.results.set(s.window, c);
        out.push(c);
      }
    }
    return out;
  }

  /** Committed orders of a window, buys then sells, each in tx-id order (the contract's input order). */
  ordersOf(window: bigint): CommittedOrder[] {
    const list = [...(this.orders.get(window) ?? [])];
    const side = (o: CommittedOrder) => (o.side === 'buy' ? 0 : 1);
    return list.sort((a, b) => side(a) - side(b) || compareBytes(a.id, b.id));
  }

  result(window: bigint): WindowClearing | undefined {
    return this.results.get(window);
  }
}
