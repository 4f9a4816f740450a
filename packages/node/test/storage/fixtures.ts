/** What the storage tests share: temp directories removed after the file's tests, and the DB kinds. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { type DbController, LevelDb, type MemoryDb } from '../../src/storage/index.js';

/** A maker of new temp directories (named `<prefix>XXXXXX`), all removed when the file's tests end. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
}

/** A 32-byte value filled with n (hashes and ids in fixtures). */
export const h32 = (n: number): Uint8Array => new Uint8Array(32).fill(n);

/** The store under test: the in-memory one (reopened) or LevelDB at `path`. */
export const openDbOf = async (kind: 'memory' | 'level', path: string, mem: MemoryDb): Promise<DbController> =>
  kind === 'memory' ? mem.reopen() : LevelDb.open(path);
