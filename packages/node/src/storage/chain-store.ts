/**
 * The chain store: committed blocks, their certificates, the tx index, the ledger state entries
 * and the head pointer, over one DB controller. It is schema-agnostic (blocks are bytes; the
 * ledger encodes them), and commits each block as ONE atomic, synced batch, so a crash leaves
 * either the whole block or none of it. Opening checks the head against the stored blocks; the
 * ledger then checks the state root (ledger/ledger-store.ts).
 */
import { LeagError } from '@leag/core';
import { Bucket } from './buckets.js';
import { toHex } from './bytes.js';
import { type TxLocation, txLocationCodec, u64Codec, utf8Codec } from './codecs.js';
import type { DbController, DbOp } from './db.js';
import { decodeWrites, encodeWrites } from './deferred-writes.js';
import { type HeadRecord, headCodec } from './head.js';
import { bytesCodec, Repository } from './repository.js';

/**
 * 2: ledger rules of the pruned order replay guards (docs/ledger.md): a schema-1 store holds a
 * chain whose state roots this ledger does not reproduce, so it is refused rather than half-read.
 * 3: the state root sums each open window's orders in a LtHash of its own (state-accumulator.ts):
 * blocks with orders have other roots than under schema 2.
 * 4: a settlement tx carries the settlement record, without the unmatched-id lists, and the header
 * hashes that record (contract-vm settlement-record.ts): closing blocks differ from schema 3's.
 */
export const STORE_SCHEMA_VERSION = '4';

export interface StateWrite {
  /** State table byte + the table's key. */
  key: Uint8Array;
  /** New value, or null to delete the entry. */
  value: Uint8Array | null;
  /** The key as lowercase hex, when the writer has it (the state's merge then does not compute it again). */
  hex?: string;
}

export interface CommitBundle {
  height: bigint;
  hash: Uint8Array;
  blockBytes: Uint8Array;
  /** Commit certificate of this block, when known at commit time (else add it later). */
  certBytes?: Uint8Array | undefined;
  txIds: Uint8Array[];
  stateWrites: StateWrite[];
  stateRoot: Uint8Array;
}

/** Where a commit can be made to fail in tests (simulated crash points). */
export type CommitStage = 'before-batch' | 'after-batch';

export interface ChainStoreOptions {
  /** Called at each commit stage; throwing simulates a crash there. */
  failPoint?: (stage: CommitStage, height: bigint) => void;
  /** fsync each block batch (default true). */
  sync?: boolean;
  /**
   * A block with more state writes than this commits them as one deferred record, spread into
   * the state bucket afterwards (default DEFER_WRITES_OVER; tests lower it).
   */
  deferWritesOver?: number;
  /** Writes per batch when a deferred record is spread (default SPREAD_BATCH; tests lower it). */
  spreadBatch?: number;
}

/**
 * Above this many state writes a block's writes go into its batch as one record (a window's
 * settlement: tens of thousands of outputs and spent escrows). The settling block's store step
 * took 0.55-0.78 s on the loaded 4-node testnet, inside the chain's longest gap, and one LevelDB
 * op per write was about a third of it (docs/performance.md, "2026-12-07 (night)").
 */
export const DEFER_WRITES_OVER = 2_000;
/** Writes per batch when a deferred record is spread into the state bucket, between event-loop turns. */
export const SPREAD_BATCH = 1_000;

export class ChainStore {
  readonly blocks: Repository<bigint, Uint8Array>;
  readonly heights: Repository<Uint8Array, bigint>;
  readonly certs: Repository<bigint, Uint8Array>;
  readonly txIndex: Repository<Uint8Array, TxLocation>;
  readonly state: Repository<Uint8Array, Uint8Array>;
  private readonly meta: Repository<string, Uint8Array>;
  private readonly headRepo: Repository<string, HeadRecord>;
  private readonly deferred: Repository<bigint, Uint8Array>;
  private currentHead: HeadRecord | null = null;
  /** Heights whose deferred writes are not spread into the state bucket yet (in order). */
  private readonly unspread = new Set<bigint>();
  /** The spreading of deferred records, one after another. */
  private spreading: Promise<void> = Promise.resolve();
  /** Why spreading failed (the store is failing): every later commit refuses with it. */
  private spreadFailure: Error | null = null;

  private constructor(
    readonly db: DbController,
    private readonly opts: ChainStoreOptions,
  ) {
    this.blocks = new Repository(db, Bucket.blockByHeight, u64Codec, bytesCodec, { checksummed: true });
    this.heights = new Repository(db, Bucket.heightByHash, bytesCodec, u64Codec);
    this.certs = new Repository(db, Bucket.certByHeight, u64Codec, bytesCodec, { checksummed: true });
    this.txIndex = new Repository(db, Bucket.txIndex, bytesCodec, txLocationCodec);
    this.state = new Repository(db, Bucket.state, bytesCodec, bytesCodec);
    this.meta = new Repository(db, Bucket.meta, utf8Codec, bytesCodec, { checksummed: true });
    this.headRepo = new Repository(db, Bucket.meta, utf8Codec, headCodec, { checksummed: true });
    this.deferred = new Repository(db, Bucket.deferredWrites, u64Codec, bytesCodec, { checksummed: true });
  }

  /** Opens the store and checks that the head pointer and the stored blocks agree. */
  static async open(db: DbController, opts: ChainStoreOptions = {}): Promise<ChainStore> {
    const s = new ChainStore(db, opts);
    const version = await s.meta.get('schema');
    if (version === undefined) {
      if ((await s.blocks.last()) !== undefined) {
        throw new LeagError('STORE_CORRUPT', 'the store holds blocks but no schema record: not a LEAG store or torn');
      }
      await db.batch([s.meta.putOp('schema', utf8Codec.encode(STORE_SCHEMA_VERSION))], { sync: true });
    } else if (utf8Codec.decode(version) !== STORE_SCHEMA_VERSION) {
      throw new LeagError(
        'STORE_VERSION',
        `store schema ${utf8Codec.decode(version)} is not supported (expected ${STORE_SCHEMA_VERSION})`,
      );
    }
    s.currentHead = (await s.headRepo.get('head')) ?? null;
    await s.checkHead();
    await s.spreadLeftovers();
    return s;
  }

  /**
   * Spreads the deferred records a stop or crash left (in height order, before the state is read):
   * a record is deleted only with its last batch, and putting a final value again is harmless, so
   * spreading one twice gives the same state.
   */
  private async spreadLeftovers(): Promise<void> {
    const left: [bigint, Uint8Array][] = [];
    for await (const e of this.deferred.entries()) left.push(e);
    for (const [h, rec] of left) {
      if (this.currentHead === null || h > this.currentHead.height)
        throw new LeagError(
          'STORE_TORN',
          `deferred state writes of height ${h} are stored above the head (${this.currentHead?.height ?? 'none'})`,
        );
      await this.spread(h, decodeWrites(rec));
    }
  }

  head(): HeadRecord | null {
    return this.currentHead === null ? null : { ...this.currentHead };
  }

  private async checkHead(): Promise<void> {
    const head = this.currentHead;
    const last = await this.blocks.last();
    if (head === null) {
      if (last !== undefined)
        throw new LeagError('STORE_TORN', `block ${last[0]} is stored but there is no head pointer`);
      return;
    }
    if (last === undefined || last[0] !== head.height) {
      throw new LeagError(
        'STORE_TORN',
        `head says height ${head.height} but the last stored block is ${last === undefined ? 'none' : last[0]}`,
        {
          head: head.height.toString(),
        },
      );
    }
    const h = await this.heights.get(head.hash);
    if (h !== head.height) {
      throw new LeagError(
        'STORE_TORN',
        `head hash ${toHex(head.hash)} is not indexed at height ${head.height} (found ${h ?? 'nothing'})`,
      );
    }
  }

  /**
   * Commits one block with everything that changes with it, in one atomic synced batch.
   * `whileWriting` runs once the batch is handed to the DB, while it is written (the ledger merges
   * the block into its memory meanwhile); it does not run when the commit fails before the batch.
   */
  async commitBlock(b: CommitBundle, whileWriting?: () => void): Promise<void> {
    const expected = this.currentHead === null ? 0n : this.currentHead.height + 1n;
    if (b.height !== expected) {
      throw new LeagError('STORE_HEIGHT', `cannot commit block at height ${b.height}: the next height is ${expected}`);
    }
    if (this.spreadFailure !== null) throw this.spreadFailure;
    const ops: DbOp[] = [this.blocks.putOp(b.height, b.blockBytes), this.heights.putOp(b.hash, b.height)];
    if (b.certBytes !== undefined) ops.push(this.certs.putOp(b.height, b.certBytes));
    b.txIds.forEach((id, position) => {
      ops.push(this.txIndex.putOp(id, { height: b.height, position }));
    });
    // while a record waits to be spread, later writes wait behind it (a later delete must not be
    // overtaken by the record's put of the same key)
    const defer = this.unspread.size > 0 || b.stateWrites.length > (this.opts.deferWritesOver ?? DEFER_WRITES_OVER);
    if (defer) ops.push(this.deferred.putOp(b.height, encodeWrites(b.stateWrites)));
    else for (const w of b.stateWrites) ops.push(this.stateOp(w));
    const head: HeadRecord = { height: b.height, hash: b.hash, stateRoot: b.stateRoot };
    ops.push(this.headRepo.putOp('head', head));
    this.opts.failPoint?.('before-batch', b.height);
    const written = this.db.batch(ops, { sync: this.opts.sync ?? true });
    try {
      whileWriting?.();
    } finally {
      await written;
    }
    this.currentHead = head;
    if (defer) this.scheduleSpread(b.height, b.stateWrites);
    this.opts.failPoint?.('after-batch', b.height);
  }

  private stateOp(w: StateWrite): DbOp {
    return w.value === null ? this.state.delOp(w.key) : this.state.putOp(w.key, w.value);
  }

  private scheduleSpread(height: bigint, writes: readonly StateWrite[]): void {
    this.unspread.add(height);
    this.spreading = this.spreading.then(async () => {
      if (this.spreadFailure !== null) return;
      try {
        await this.spread(height, writes);
        this.unspread.delete(height);
      } catch (e) {
        this.spreadFailure = new LeagError(
          'STORE_WRITE_FAILED',
          `spreading the state writes of block ${height} failed: ${(e as Error).message}`,
          { height: height.toString() },
          { cause: e },
        );
      }
    });
  }

  /**
   * Writes a deferred record's writes into the state bucket, SPREAD_BATCH at a time with an
   * event-loop turn between batches (unsynced: the record stays until its last batch, which
   * deletes it, and the next open spreads it again if that did not reach the disk).
   */
  private async spread(height: bigint, writes: readonly StateWrite[]): Promise<void> {
    const per = Math.max(1, this.opts.spreadBatch ?? SPREAD_BATCH);
    const batches = Math.max(1, Math.ceil(writes.length / per)); // an empty record is deleted too
    for (let k = 0; k < batches; k++) {
      if (k > 0) await new Promise<void>((r) => setImmediate(r));
      const ops = writes.slice(k * per, (k + 1) * per).map((w) => this.stateOp(w));
      if (k === batches - 1) ops.push(this.deferred.delOp(height));
      await this.db.batch(ops, { sync: false });
    }
  }

  /** Resolves when every deferred record committed so far is spread into the state bucket. */
  async flushDeferred(): Promise<void> {
    await this.spreading;
    if (this.spreadFailure !== null) throw this.spreadFailure;
  }

  /** Heights whose state writes are not in the state bucket yet (tests). */
  get deferredHeights(): bigint[] {
    return [...this.unspread];
  }

  /** Stores the commit certificate of an already committed block (arrives with the next block). */
  async putCertificate(height: bigint, certBytes: Uint8Array): Promise<void> {
    if (this.currentHead === null || height > this.currentHead.height) {
      throw new LeagError('STORE_HEIGHT', `no committed block at height ${height} to attach a certificate to`);
    }
    await this.db.batch([this.certs.putOp(height, certBytes)], { sync: this.opts.sync ?? true });
  }

  async getBlock(height: bigint): Promise<Uint8Array | undefined> {
    return this.blocks.get(height);
  }

  async getBlockByHash(hash: Uint8Array): Promise<Uint8Array | undefined> {
    const h = await this.heights.get(hash);
    return h === undefined ? undefined : this.blocks.get(h);
  }

  async getCertificate(height: bigint): Promise<Uint8Array | undefined> {
    return this.certs.get(height);
  }

  async getTxLocation(txId: Uint8Array): Promise<TxLocation | undefined> {
    return this.txIndex.get(txId);
  }

  /**
   * Deletes the state entries under each key prefix, unsynced (dead entries: see Ledger.commit),
   * after the deferred records committed so far are spread (one of them may hold such entries).
   */
  async clearState(prefixes: readonly Uint8Array[]): Promise<void> {
    await this.spreading;
    for (const p of prefixes) await this.state.clearPrefix(p);
  }

  /** Every ledger state entry (key = table byte + table key); read at open, after leftovers are spread. */
  stateEntries(): AsyncIterable<[Uint8Array, Uint8Array]> {
    return this.state.entries();
  }

  /** Reads every stored block and checks its checksum (a full scan; `open` checks only the head). */
  async verifyAllBlocks(): Promise<number> {
    let n = 0;
    let expect = 0n;
    for await (const [h] of this.blocks.entries()) {
      if (h !== expect) throw new LeagError('STORE_CORRUPT', `block heights jump from ${expect - 1n} to ${h}`);
      expect++;
      n++;
    }
    if (this.currentHead !== null && expect - 1n !== this.currentHead.height) {
      throw new LeagError('STORE_TORN', `head ${this.currentHead.height} does not match the last block ${expect - 1n}`);
    }
    return n;
  }

  /** Closes the DB after the deferred records are spread (one that fails is spread at the next open). */
  async close(): Promise<void> {
    await this.spreading;
    await this.db.close();
  }
}
