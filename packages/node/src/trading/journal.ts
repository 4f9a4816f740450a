/**
 * The mempool journal: every accepted tx is written (synced) to its own LevelDB before the API
 * acknowledges it, and deleted once committed or found invalid. After a restart the journal is
 * read back and each tx re-admitted against the ledger, so an acknowledged order survives a crash.
 */
import { codecs, type SignedTx } from '@leag/core';
import type { DbController } from '../storage/db.js';

export class MempoolJournal {
  constructor(private readonly db: DbController) {}

  async put(id: Uint8Array, stx: SignedTx): Promise<void> {
    await this.db.batch([{ type: 'put', key: id, value: codecs.SignedTx.encode(stx) }], { sync: true });
  }

  async remove(ids: readonly Uint8Array[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.batch(
      ids.map((key) => ({ type: 'del' as const, key })),
      { sync: false },
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

  close(): Promise<void> {
    return this.db.close();
  }
}
