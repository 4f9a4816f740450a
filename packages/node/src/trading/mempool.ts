/**
 * The bounded mempool: txs in arrival order, keyed by tx id. The txs this node acknowledged (its own
 * API) are backed by the journal; txs from peers are not: the node that acknowledged one journaled
 * it and sends it again (toResend) after a restart, so a peer's copy is only a cache (journaling it
 * too cost every node a synced write per order of the whole network). Full means
 * back-pressure (MEMPOOL_FULL, the API answers 503 with Retry-After), never silent dropping.
 * Each pending tx claims what it consumes (its inputs, its order or grid-trade nonce); a second tx
 * claiming the same thing is refused at intake (TX_MEMPOOL_CONFLICT) rather than acknowledged and
 * later left out of every block.
 */
import { LeagError, type SignedTx, TxKind, toHex, txId } from '@leag/core';
import type { MempoolJournal } from './journal.js';

export interface PoolEntry {
  id: Uint8Array;
  stx: SignedTx;
  /** The order's window (orders only). */
  window: bigint | null;
  addedAtMs: number;
  /** Last time this node sent the tx to its peers (0: not yet). */
  gossipedAtMs: number;
  /** Taken from this node's own API (not from a peer or the journal). */
  own: boolean;
  /** In the journal: taken from the API, or restored from the journal. */
  journaled: boolean;
  claims: string[];
}

export const orderWindow = (stx: SignedTx): bigint | null =>
  stx.tx.kind === TxKind.TX_KIND_BUY_ORDER
    ? (stx.tx.buyOrder?.window ?? null)
    : stx.tx.kind === TxKind.TX_KIND_SELL_ORDER
      ? (stx.tx.sellOrder?.window ?? null)
      : null;

/**
 * What a tx consumes: each input, and the (address, nonce) of a grid trade or, for an order, its
 * (window, address, nonce): the ledger's order nonces are unique per window (docs/ledger.md).
 */
export function claimsOf(stx: SignedTx): string[] {
  const out = stx.tx.inputs.map((i) => `in:${toHex(i.prev.txId)}:${i.prev.index}`);
  const o = stx.tx.buyOrder ?? stx.tx.sellOrder;
  const g = stx.tx.gridTrade;
  if (o !== undefined) out.push(`nonce:${toHex(o.address)}:${o.nonce}:window ${o.window}`);
  else if (g !== undefined) out.push(`nonce:${toHex(g.address)}:${g.nonce}`);
  return out;
}

export type AddOutcome = { added: PoolEntry } | { present: PoolEntry } | { error: LeagError };

export class Mempool {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly claimed = new Map<string, string>();
  private own = 0;
  /** Pending orders per window. */
  private readonly perWindow = new Map<bigint, number>();

  constructor(
    readonly capacity: number,
    private readonly journal: MempoolJournal,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Pending orders for window w. */
  ordersFor(w: bigint): number {
    return this.perWindow.get(w) ?? 0;
  }

  /** Pending txs this node took from its own API (not from peers). */
  get ownCount(): number {
    return this.own;
  }

  has(id: Uint8Array): boolean {
    return this.entries.has(toHex(id));
  }

  get(id: Uint8Array): PoolEntry | undefined {
    return this.entries.get(toHex(id));
  }

  private insert(id: Uint8Array, stx: SignedTx, nowMs: number, own: boolean, journaled: boolean): PoolEntry {
    const e: PoolEntry = {
      id,
      stx,
      window: orderWindow(stx),
      addedAtMs: nowMs,
      gossipedAtMs: own ? nowMs : 0,
      own,
      journaled,
      claims: claimsOf(stx),
    };
    const key = toHex(id);
    this.entries.set(key, e);
    if (own) this.own++;
    if (e.window !== null) this.perWindow.set(e.window, (this.perWindow.get(e.window) ?? 0) + 1);
    for (const c of e.claims) this.claimed.set(c, key);
    return e;
  }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    if (e.own) this.own--;
    if (e.window !== null) {
      const n = (this.perWindow.get(e.window) ?? 1) - 1;
      if (n > 0) this.perWindow.set(e.window, n);
      else this.perWindow.delete(e.window);
    }
    for (const c of e.claims) if (this.claimed.get(c) === key) this.claimed.delete(c);
  }

  /** Adds a tx as this node's own (journaled); resolves only after the journal write is synced. */
  async add(stx: SignedTx, nowMs: number): Promise<PoolEntry> {
    const [r] = await this.addMany([{ id: txId(stx.tx), stx }], nowMs, true);
    if (r === undefined) throw new LeagError('INTERNAL', 'mempool add returned nothing');
    if ('error' in r) throw r.error;
    return 'added' in r ? r.added : r.present;
  }

  /**
   * Adds several checked txs; each gets its own outcome (already present, refused: full or
   * conflicting, or added). `own` txs (this node's API) go to the journal in ONE write and this
   * resolves after it is synced; if that write fails, none of the batch is kept and the error is
   * thrown. Peer txs are not journaled (see the module comment).
   */
  async addMany(txs: readonly { id: Uint8Array; stx: SignedTx }[], nowMs: number, own = false): Promise<AddOutcome[]> {
    const out: AddOutcome[] = [];
    const added: PoolEntry[] = [];
    for (const { id, stx } of txs) {
      const key = toHex(id);
      const have = this.entries.get(key);
      if (have !== undefined) {
        out.push({ present: have });
        continue;
      }
      if (this.entries.size >= this.capacity) {
        out.push({
          error: new LeagError('MEMPOOL_FULL', `the mempool holds its maximum of ${this.capacity} txs; retry shortly`, {
            capacity: this.capacity,
          }),
        });
        continue;
      }
      const clash = claimsOf(stx).find((c) => this.claimed.has(c));
      if (clash !== undefined) {
        out.push({
          error: new LeagError(
            'TX_MEMPOOL_CONFLICT',
            `pending tx ${this.claimed.get(clash)} already uses ${clash.replace(/^(in|nonce):/, '$1 ')}; wait for it to commit or fail`,
            { conflictsWith: this.claimed.get(clash) },
          ),
        });
        continue;
      }
      const e = this.insert(id, stx, nowMs, own, own);
      added.push(e);
      out.push({ added: e });
    }
    if (!own) return out;
    try {
      await this.journal.putMany(added.map((e) => ({ id: e.id, stx: e.stx })));
    } catch (err) {
      for (const e of added) this.delete(toHex(e.id));
      throw err;
    }
    return out;
  }

  /** Puts a recovered tx back without writing the journal again. */
  restore(stx: SignedTx, nowMs: number): void {
    this.insert(txId(stx.tx), stx, nowMs, false, true);
  }

  /** Up to `max` txs, orders of the earliest window first, then arrival order, for a proposal. */
  take(max: number): SignedTx[] {
    if (max <= 0) return [];
    const all = [...this.entries.values()];
    const w = (e: PoolEntry) => e.window ?? BigInt(Number.MAX_SAFE_INTEGER);
    if (all.some((e) => e.window !== null)) all.sort((a, b) => (w(a) < w(b) ? -1 : w(a) > w(b) ? 1 : 0));
    return all.slice(0, max).map((e) => e.stx);
  }

  /**
   * Pending txs this node should (re)send to its peers: ones not sent within `olderThanMs`, except
   * orders for a window before `openWindow` (they can no longer commit; the next commit drops them).
   */
  toResend(nowMs: number, olderThanMs: number, openWindow = 0n): PoolEntry[] {
    const out: PoolEntry[] = [];
    for (const e of this.entries.values())
      if (nowMs - Math.max(e.gossipedAtMs, e.addedAtMs) >= olderThanMs && (e.window === null || e.window >= openWindow))
        out.push(e);
    return out;
  }

  all(): IterableIterator<PoolEntry> {
    return this.entries.values();
  }

  /** Drops txs (committed, invalid or expired) and their journal entries (ids not pending here included). */
  async remove(ids: readonly Uint8Array[]): Promise<void> {
    const journaled: Uint8Array[] = [];
    for (const id of ids) {
      const key = toHex(id);
      if (this.entries.get(key)?.journaled !== false) journaled.push(id);
      this.delete(key);
    }
    await this.journal.remove(journaled);
  }

  /** Orders for windows before `window` (they can no longer enter a block). */
  staleOrders(window: bigint): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const e of this.entries.values()) if (e.window !== null && e.window < window) out.push(e.id);
    return out;
  }
}
