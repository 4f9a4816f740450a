/**
 * Consensus write-ahead log and last-signed record (CometBFT's wal.go rule: an entry is written
 * and synced BEFORE the signed vote it records is sent). Entries are checksummed; at read a bad
 * LAST entry is a torn tail and is dropped, a bad entry before the last is corruption.
 */
import { LeagError } from '@leag/core';
import { Bucket } from './buckets.js';
import { seal, unseal } from './checksum.js';
import { u64Codec } from './codecs.js';
import type { DbController } from './db.js';
import { bytesCodec, Repository } from './repository.js';

export class ConsensusWal {
  private readonly raw: Repository<bigint, Uint8Array>;
  private readonly signed: Repository<string, Uint8Array>;

  constructor(private readonly db: DbController) {
    this.raw = new Repository(db, Bucket.consensusWal, u64Codec, bytesCodec);
    this.signed = new Repository(
      db,
      Bucket.lastSigned,
      { encode: (s: string) => new TextEncoder().encode(s), decode: (b) => new TextDecoder().decode(b) },
      bytesCodec,
      {
        checksummed: true,
      },
    );
  }

  /** Appends an entry at `seq` and syncs it to disk before resolving. */
  async append(seq: bigint, entry: Uint8Array): Promise<void> {
    const key = this.raw.dbKey(seq);
    await this.db.batch([{ type: 'put', key, value: seal(key, entry) }], { sync: true });
  }

  /** All intact entries in order; drops (and deletes) a torn last entry; throws on corruption before it. */
  async readAll(): Promise<{ entries: [bigint, Uint8Array][]; droppedTornTail: boolean }> {
    const rows: [bigint, Uint8Array][] = [];
    for await (const row of this.raw.entries()) rows.push(row);
    const entries: [bigint, Uint8Array][] = [];
    for (let i = 0; i < rows.length; i++) {
      const [seq, rec] = rows[i] as [bigint, Uint8Array];
      const key = this.raw.dbKey(seq);
      try {
        entries.push([seq, unseal(key, rec)]);
      } catch (e) {
        if (i === rows.length - 1) {
          await this.db.batch([{ type: 'del', key }], { sync: true });
          return { entries, droppedTornTail: true };
        }
        throw new LeagError(
          'STORE_CORRUPT',
          `consensus WAL entry ${seq} is corrupt and is not the last entry`,
          { seq: seq.toString() },
          { cause: e },
        );
      }
    }
    return { entries, droppedTornTail: false };
  }

  /** Deletes entries below `seq` (after a checkpoint). */
  async truncateBelow(seq: bigint): Promise<number> {
    const ops = [];
    for await (const [s] of this.raw.entries()) {
      if (s >= seq) break;
      ops.push(this.raw.delOp(s));
    }
    if (ops.length > 0) await this.db.batch(ops, { sync: true });
    return ops.length;
  }

  /**
   * Deletes the entries at `seqs` (records a commit made obsolete, driver/wal-prune.ts). Not synced:
   * a deletion lost in a crash only brings back records that are still obsolete, which the restarted
   * replica ignores and the next truncation deletes again.
   */
  async remove(seqs: readonly bigint[]): Promise<void> {
    if (seqs.length === 0) return;
    await this.db.batch(
      seqs.map((s) => this.raw.delOp(s)),
      { sync: false },
    );
  }

  /** Number of entries (tests and metrics; reads the whole log). */
  async count(): Promise<number> {
    let n = 0;
    for await (const _ of this.raw.entries()) n++;
    return n;
  }

  /** Records the last signed message (height/view/phase encoded by consensus) durably. */
  async setLastSigned(record: Uint8Array): Promise<void> {
    await this.db.batch([this.signed.putOp('last', record)], { sync: true });
  }

  async getLastSigned(): Promise<Uint8Array | undefined> {
    return this.signed.get('last');
  }
}
