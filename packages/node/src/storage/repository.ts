/**
 * A typed repository: one bucket of the DB controller, with key and value codecs. Reads go to
 * the DB; writes are returned as ops so that a caller can put many repositories' writes in ONE
 * atomic batch (one per committed block).
 */
import { type Bucket, bucketPrefix } from './buckets.js';
import { concatBytes, prefixEnd } from './bytes.js';
import { seal, unseal } from './checksum.js';
import type { DbController, DbOp } from './db.js';

export interface Codec<T> {
  encode(v: T): Uint8Array;
  decode(b: Uint8Array): T;
}

export const bytesCodec: Codec<Uint8Array> = { encode: (v) => v, decode: (b) => b };

export interface RepositoryOptions {
  /** Append a checksum over (key, value) to each record and check it on read. */
  checksummed?: boolean;
}

export class Repository<K, V> {
  private readonly prefix: Uint8Array;
  private readonly checksummed: boolean;

  constructor(
    protected readonly db: DbController,
    readonly bucket: Bucket,
    private readonly keyCodec: Codec<K>,
    private readonly valueCodec: Codec<V>,
    opts: RepositoryOptions = {},
  ) {
    this.prefix = bucketPrefix(bucket);
    this.checksummed = opts.checksummed ?? false;
  }

  dbKey(id: K): Uint8Array {
    return concatBytes(this.prefix, this.keyCodec.encode(id));
  }

  async get(id: K): Promise<V | undefined> {
    const key = this.dbKey(id);
    const raw = await this.db.get(key);
    if (raw === undefined) return undefined;
    return this.valueCodec.decode(this.checksummed ? unseal(key, raw) : raw);
  }

  async has(id: K): Promise<boolean> {
    return (await this.db.get(this.dbKey(id))) !== undefined;
  }

  putOp(id: K, value: V): DbOp {
    const key = this.dbKey(id);
    const v = this.valueCodec.encode(value);
    return { type: 'put', key, value: this.checksummed ? seal(key, v) : v };
  }

  delOp(id: K): DbOp {
    return { type: 'del', key: this.dbKey(id) };
  }

  async put(id: K, value: V, sync = false): Promise<void> {
    await this.db.batch([this.putOp(id, value)], { sync });
  }

  async delete(id: K, sync = false): Promise<void> {
    await this.db.batch([this.delOp(id)], { sync });
  }

  /** Deletes every entry whose encoded id starts with `idPrefix` (unsynced). */
  async clearPrefix(idPrefix: Uint8Array): Promise<void> {
    const gte = concatBytes(this.prefix, idPrefix);
    await this.db.clear({ gte, lt: prefixEnd(gte) });
  }

  /** Entries in key order (or reverse), decoded; corrupt records throw STORE_CORRUPT. */
  async *entries(opts: { reverse?: boolean; limit?: number; from?: K } = {}): AsyncIterable<[K, V]> {
    const gte = opts.from === undefined ? this.prefix : this.dbKey(opts.from);
    const range = {
      gte,
      lt: prefixEnd(this.prefix),
      ...(opts.reverse === undefined ? {} : { reverse: opts.reverse }),
      ...(opts.limit === undefined ? {} : { limit: opts.limit }),
    };
    for await (const [k, raw] of this.db.entries(range)) {
      const id = this.keyCodec.decode(k.subarray(this.prefix.length));
      yield [id, this.valueCodec.decode(this.checksummed ? unseal(k, raw) : raw)];
    }
  }

  /** The last entry in key order, or undefined. */
  async last(): Promise<[K, V] | undefined> {
    for await (const e of this.entries({ reverse: true, limit: 1 })) return e;
    return undefined;
  }
}
