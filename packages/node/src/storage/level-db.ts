/** LevelDB controller through `level` (classic-level). Keys and values are raw bytes ('view'). */
import { LeagError } from '@leag/core';
import { Level } from 'level';
import type { DbController, DbOp, DbRange } from './db.js';

const toU8 = (b: Uint8Array): Uint8Array =>
  Buffer.isBuffer(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : b;

export class LevelDb implements DbController {
  private constructor(private readonly db: Level<Uint8Array, Uint8Array>) {}

  static async open(path: string): Promise<LevelDb> {
    const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' });
    try {
      await db.open();
    } catch (e) {
      throw new LeagError(
        'STORE_OPEN_FAILED',
        `cannot open LevelDB at ${path}: ${(e as Error).message}`,
        { path },
        { cause: e },
      );
    }
    return new LevelDb(db);
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    const v = await this.db.get(key);
    return v === undefined ? undefined : toU8(v);
  }

  async batch(ops: DbOp[], opts: { sync?: boolean } = {}): Promise<void> {
    // classic-level's batch is atomic; `sync` makes LevelDB fsync its log before acknowledging.
    const batch = ops.map((o) =>
      o.type === 'put' ? { type: 'put' as const, key: o.key, value: o.value } : { type: 'del' as const, key: o.key },
    );
    await this.db.batch(batch, { sync: opts.sync ?? false } as Record<string, unknown>);
  }

  async clear(range: { gte: Uint8Array; lt: Uint8Array }): Promise<void> {
    // LevelDB deletes the range natively (one pass in C++, no JS per key)
    await this.db.clear({ gte: range.gte, lt: range.lt });
  }

  async *entries(range: DbRange): AsyncIterable<[Uint8Array, Uint8Array]> {
    const opts: Record<string, unknown> = { reverse: range.reverse ?? false, limit: range.limit ?? -1 };
    if (range.gte !== undefined) opts.gte = range.gte;
    if (range.lt !== undefined) opts.lt = range.lt;
    for await (const [k, v] of this.db.iterator(opts)) yield [toU8(k), toU8(v)];
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
