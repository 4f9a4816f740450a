/**
 * The window index: where each window's committed orders are and how each window cleared (its
 * settlement tx, closing block), built from committed blocks (rebuilt by a scan at start).
 * Windows themselves close by block time inside the ledger; this index serves the API and events.
 * It holds O(1) per window, not per order: the heights of the blocks that carry the window's orders
 * (an order is committed in a block whose time is in its window, so they are a short run of
 * blocks) and where the settlement is; the orders and the settlement are read back from those
 * stored blocks when asked, and only the last RECENT clearings are kept whole. It used to keep
 * every order of every window and every settlement in memory: the node's memory grew with each
 * order (docs/performance.md, "Memory").
 */
import { settlementHash } from '@leag/contract-vm';
import { type Block, bytesEqual, compareBytes, type Settlement, type SignedTx, TxKind, toHex, txId } from '@leag/core';
import { orderWindow } from './mempool.js';

/**
 * Clearings kept whole: the latest ones, which the API and the dashboard ask for most; an older one
 * costs one block read. A clearing holds the settlement record (unmatched lists implied, left out:
 * contract-vm settlement-record.ts), so it grows with the pairs and refunds, not with the orders.
 */
export const RECENT_CLEARINGS = 2;

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
  stx: SignedTx;
}

interface ClearingRef {
  height: bigint;
  blockHash: Uint8Array;
  position: number;
}

/** Reads a committed block by height (undefined when not stored). */
export type BlockLoader = (height: bigint) => Promise<Block | undefined>;

export class WindowIndex {
  /** window → first and last height of the blocks carrying its orders. */
  private readonly spans = new Map<bigint, { first: bigint; last: bigint }>();
  private readonly refs = new Map<bigint, ClearingRef>();
  /** The last RECENT_CLEARINGS clearings, whole, oldest first. */
  private readonly recent = new Map<bigint, WindowClearing>();

  constructor(private readonly load: BlockLoader) {}

  /** Clearings held whole in memory (at most RECENT_CLEARINGS). */
  get heldClearings(): number {
    return this.recent.size;
  }

  private keep(c: WindowClearing): void {
    this.recent.delete(c.window);
    this.recent.set(c.window, c);
    while (this.recent.size > RECENT_CLEARINGS) {
      const oldest = this.recent.keys().next().value as bigint;
      this.recent.delete(oldest);
    }
  }

  /**
   * Records a committed block; returns the clearings it carried. `closes`: the ledger's result for
   * the block, whose settlement hashes are known (hashing a full window's settlement again took
   * about as long as the settling block's own commit).
   */
  onBlock(
    block: Block,
    hash: Uint8Array,
    closes: readonly { txId: Uint8Array; hash: Uint8Array }[] = [],
  ): WindowClearing[] {
    const out: WindowClearing[] = [];
    const height = block.header.height;
    block.txs.forEach((stx, position) => {
      const w = orderWindow(stx);
      if (w !== null) {
        const span = this.spans.get(w);
        if (span === undefined) this.spans.set(w, { first: height, last: height });
        else span.last = height;
      }
      const c = clearingOf(stx, height, hash, closes);
      if (c !== null) {
        this.refs.set(c.window, { height, blockHash: hash, position });
        this.keep(c);
        out.push(c);
      }
    });
    return out;
  }

  /** Committed orders of a window, buys then sells, each in tx-id order (the contract's input order). */
  async ordersOf(window: bigint): Promise<CommittedOrder[]> {
    const span = this.spans.get(window);
    const list: CommittedOrder[] = [];
    for (let h = span?.first ?? 1n; span !== undefined && h <= span.last; h++) {
      const b = await this.load(h);
      for (const stx of b?.txs ?? []) {
        if (orderWindow(stx) !== window) continue;
        list.push({
          id: txId(stx.tx),
          height: h,
          side: stx.tx.kind === TxKind.TX_KIND_BUY_ORDER ? 'buy' : 'sell',
          stx,
        });
      }
    }
    const side = (o: CommittedOrder) => (o.side === 'buy' ? 0 : 1);
    return list.sort((a, b) => side(a) - side(b) || compareBytes(a.id, b.id));
  }

  /** How a window cleared (read back from its closing block unless recent); undefined while not closed. */
  async result(window: bigint): Promise<WindowClearing | undefined> {
    const held = this.recent.get(window);
    if (held !== undefined) return held;
    const ref = this.refs.get(window);
    if (ref === undefined) return undefined;
    const b = await this.load(ref.height);
    const stx = b?.txs[ref.position];
    return stx === undefined ? undefined : (clearingOf(stx, ref.height, ref.blockHash) ?? undefined);
  }
}

function clearingOf(
  stx: SignedTx,
  height: bigint,
  blockHash: Uint8Array,
  closes: readonly { txId: Uint8Array; hash: Uint8Array }[] = [],
): WindowClearing | null {
  const s = stx.tx.settlement?.settlement;
  if (stx.tx.kind !== TxKind.TX_KIND_SETTLEMENT || s === undefined) return null;
  const id = txId(stx.tx);
  const known = closes.find((c) => bytesEqual(c.txId, id));
  return {
    window: s.window,
    height,
    blockHash,
    settlementTxId: id,
    settlement: s,
    settlementHash: known === undefined ? settlementHash(s) : toHex(known.hash),
  };
}
