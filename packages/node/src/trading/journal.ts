/**
 * The mempool journal: every accepted tx is written (synced) to its own LevelDB before the API
 * acknowledges it, and deleted once committed or found invalid. After a restart the journal is
 * read back and each tx re-admitted against the ledger, so an acknowledged order survives a crash.
 *
 * Group commit: writes queue up while one batch is being written, and the next batch takes all of
 * them at once, with ONE fsync for every put in it (deletes ride along unsynced). A put resolves
 * only after the batch holding it is synced. Batches are written one at a time, in queue order,
 * so a delete never overtakes the put of the same tx.
 */
import { codecs, type SignedTx } from '@leag/core';
import type { DbController } from '../storage/db.js';

type Op = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class MempoolJournal {
  private ops: Op[] = [];
  private waiters: Waiter[] = [];
  private hasPut = false;
  private writing: Promise<void> | null = null;
  /** Synced batches written (one per group). */
  syncs = 0;

  constructor(private readonly db: DbController) {}

  private enqueue(ops: Op[], put: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.ops.push(...ops);
      this.hasPut ||= put;
      this.waiters.push({ resolve, reject });
      this.writing ??= this.writeLoop();
    });
  }

  private async writeLoop(): Promise<void> {
    while (this.ops.length > 0) {
      const ops = this.ops;
      const waiters = this.waiters;
      const sync = this.hasPut;
      this.ops = [];
      this.waiters = [];
      this.hasPut = false;
      try {
        await this.db.batch(ops, { sync });
        if (sync) this.syncs++;
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
    }
    this.writing = null;
  }

  put(id: Uint8Array, stx: SignedTx): Promise<void> {
    return this.putMany([{ id, stx }]);
  }

  /** Journals several txs; resolves once they are synced to disk. */
  putMany(txs: readonly { id: Uint8Array; stx: SignedTx }[]): Promise<void> {
    if (txs.length === 0) return Promise.resolve();
    return this.enqueue(
      txs.map(({ id, stx }) => ({ type: 'put', key: id, value: codecs.SignedTx.encode(stx) })),
      true,
    );
  }

  remove(ids: readonly Uint8Array[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return this.enqueue(
      ids.map((key) => ({ type: 'del', key })),
      false,
    );
  }

  /** Every journaled tx; entries that no longer decode are returned as ids to drop. */
  async load(): Promise<{ txs: SignedTx[]; bad: Uint8Array[] }> {
    const txs: SignedTx[] = [];
    const bad: Uint8Array[] = [];
    for await (const [k, v] of this.db.entries({})) {
      try {
        txs.push(codecs.SignedTx.decode(v));
      } catch {
        bad.push(k);
      }
    }
    return { txs, bad };
  }

  async close(): Promise<void> {
    await this.writing;
    return this.db.close();
  }
}
