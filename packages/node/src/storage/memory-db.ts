/** In-memory DB controller for tests: a sorted map of hex keys (hex order = byte order). */
import { LeagError } from '@leag/core';
import { fromHex, toHex } from './bytes.js';
import type { DbController, DbOp, DbRange } from './db.js';

export class MemoryDb implements DbController {
  private readonly map = new Map<string, Uint8Array>();
  private sorted: string[] | null = null;
  private closed = false;

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    this.ensureOpen();
    const v = this.map.get(toHex(key));
    return v === undefined ? undefined : v.slice();
  }

  async batch(ops: DbOp[]): Promise<void> {
    this.ensureOpen();
    // all or nothing, as LevelDB's WriteBatch: every op is checked before any is applied
    for (const op of ops)
      if (!(op.key instanceof Uint8Array) || (op.type === 'put' && !(op.value instanceof Uint8Array)))
        throw new LeagError(
          'STORE_BAD_KEY',
          `a batch ${op.type} needs a Uint8Array key${op.type === 'put' ? ' and value' : ''}; nothing was written`,
        );
    for (const op of ops) {
      if (op.type === 'put') this.map.set(toHex(op.key), op.value.slice());
      else this.map.delete(toHex(op.key));
    }
    this.sorted = null;
  }

  async clear(range: { gte: Uint8Array; lt: Uint8Array }): Promise<void> {
    this.ensureOpen();
    const lo = toHex(range.gte);
    const hi = toHex(range.lt);
    for (const k of [...this.map.keys()]) if (k >= lo && k < hi) this.map.delete(k);
    this.sorted = null;
  }

  async *entries(range: DbRange): AsyncIterable<[Uint8Array, Uint8Array]> {
    this.ensureOpen();
    if (this.sorted === null) this.sorted = [...this.map.keys()].sort();
    const lo = range.gte === undefined ? '' : toHex(range.gte);
    const hi = range.lt === undefined ? undefined : toHex(range.lt);
    const keys = this.sorted.filter((k) => k >= lo && (hi === undefined || k < hi));
    if (range.reverse) keys.reverse();
    const limit = range.limit ?? Number.POSITIVE_INFINITY;
    let n = 0;
    for (const k of keys) {
      if (n++ >= limit) return;
      const v = this.map.get(k);
      if (v !== undefined) yield [fromHex(k), v.slice()];
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Test helper: overwrite raw bytes (to simulate corruption). */
  rawPut(key: Uint8Array, value: Uint8Array): void {
    this.map.set(toHex(key), value.slice());
    this.sorted = null;
  }

  /** Test helper: reopen after close (the contents survive, like a disk). */
  reopen(): this {
    this.closed = false;
    return this;
  }

  get size(): number {
    return this.map.size;
  }

  private ensureOpen(): void {
    if (this.closed) throw new LeagError('STORE_CLOSED', 'the in-memory store is closed');
  }
}
