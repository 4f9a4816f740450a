/**
 * The bounded mempool: txs in arrival order, keyed by tx id, each backed by the journal. Full means
 * back-pressure (MEMPOOL_FULL, the API answers 503 with Retry-After), never silent dropping.
 */
import { LeagError, type SignedTx, TxKind, toHex, txId } from '@leag/core';
import type { MempoolJournal } from './journal.js';

export interface PoolEntry {
  id: Uint8Array;
  stx: SignedTx;
  /** The order's window (orders only). */
  window: bigint | null;
  addedAtMs: number;
}

export const orderWindow = (stx: SignedTx): bigint | null =>
  stx.tx.kind === TxKind.TX_KIND_BUY_ORDER
    ? (stx.tx.buyOrder?.window ?? null)
    : stx.tx.kind === TxKind.TX_KIND_SELL_ORDER
      ? (stx.tx.sellOrder?.window ?? null)
      : null;

export class Mempool {
  private readonly entries = new Map<string, PoolEntry>();

  constructor(
    readonly capacity: number,
    private readonly journal: MempoolJournal,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(id: Uint8Array): boolean {
    return this.entries.has(toHex(id));
  }

  get(id: Uint8Array): PoolEntry | undefined {
    return this.entries.get(toHex(id));
  }

  /** Adds a tx durably; resolves only after the journal write is synced. */
  async add(stx: SignedTx, nowMs: number): Promise<PoolEntry> {
    const id = txId(stx.tx);
    const have = this.entries.get(toHex(id));
    if (have !== undefined) return have;
    if (this.entries.size >= this.capacity) {
      throw new LeagError('MEMPOOL_FULL', `the mempool holds its maximum of ${this.capacity} txs; retry shortly`, {
        capacity: this.capacity,
      });
    }
    const e: PoolEntry = { id, stx, window: orderWindow(stx), addedAtMs: nowMs };
    this.entries.set(toHex(id), e);
    try {
      await this.journal.put(id, stx);
    } catch (err) {
      this.entries.delete(toHex(id));
      throw err;
    }
    return e;
  }

  /** Puts a recovered tx back without writing the journal again. */
  restore(stx: SignedTx, nowMs: number): void {
    const id = txId(stx.tx);
    this.entries.set(toHex(id), { id, stx, window: orderWindow(stx), addedAtMs: nowMs });
  }

  /** Up to `max` txs, oldest first, for a proposal. */
  take(max: number): SignedTx[] {
    const out: SignedTx[] = [];
    for (const e of this.entries.values()) {
      if (out.length >= max) break;
      out.push(e.stx);
    }
    return out;
  }

  async remove(ids: readonly Uint8Array[]): Promise<void> {
    for (const id of ids) this.entries.delete(toHex(id));
    await this.journal.remove(ids);
  }

  /** Orders for windows before `window` (they can no longer enter a block). */
  staleOrders(window: bigint): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const e of this.entries.values()) if (e.window !== null && e.window < window) out.push(e.id);
    return out;
  }

  pendingForWindow(window: bigint): PoolEntry[] {
    return [...this.entries.values()].filter((e) => e.window === window);
  }
}
