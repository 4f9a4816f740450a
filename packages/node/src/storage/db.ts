/** The one DB controller interface every repository goes through (LevelDB or in-memory). */

export type DbOp = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

export interface DbRange {
  gte?: Uint8Array;
  lt?: Uint8Array;
  reverse?: boolean;
  limit?: number;
}

export interface DbController {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  /** Writes all ops atomically; with `sync` the write is flushed to disk before resolving. */
  batch(ops: DbOp[], opts?: { sync?: boolean }): Promise<void>;
  /** Deletes every key in [gte, lt), unsynced (not atomic with anything else). */
  clear(range: { gte: Uint8Array; lt: Uint8Array }): Promise<void>;
  /** Entries in key byte order (or reverse) within the range. */
  entries(range: DbRange): AsyncIterable<[Uint8Array, Uint8Array]>;
  close(): Promise<void>;
}
