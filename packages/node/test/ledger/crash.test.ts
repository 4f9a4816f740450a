/**
 * A real crash: a child process commits blocks to LevelDB and is killed with SIGKILL at a random
 * moment. The store must reopen without repair, hold whole blocks only, and its head's state root
 * must equal a replay of its stored blocks from genesis.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bytesEqual } from '@leag/core';
import { applyBlock, decodeBlock, Ledger } from '../../src/ledger/index.js';
import { LevelDb } from '../../src/storage/index.js';
import { World } from './world.js';

const here = dirname(fileURLToPath(import.meta.url));

function runAndKill(path: string, seed: number, killAfterHeight: number, extraMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash-child.ts'), path, String(seed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = 0;
    let killing = false;
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/committed (\d+)/g)) last = Number(m[1]);
      if (!killing && last >= killAfterHeight) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`child exited with ${code} before it was killed: ${err.slice(-2000)}`));
    });
  });
}

test('SIGKILL mid-commit never leaves a half-applied block', { timeout: 120_000 }, async () => {
  const w = new World(6);
  for (const [seed, after, ms] of [
    [11, 3, 0],
    [12, 6, 7],
    [13, 4, 23],
  ] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'leag-crash-'));
    try {
      const acknowledged = await runAndKill(dir, seed, after, ms);
      const ledger = await Ledger.open(await LevelDb.open(dir), w.ctx);
      const head = ledger.head;
      assert.ok(
        head.height >= BigInt(acknowledged),
        `acknowledged block ${acknowledged} survives (head ${head.height})`,
      );
      const replay = w.genesisState();
      for (let h = 1n; h <= head.height; h++) {
        const b = decodeBlock((await ledger.store.getBlock(h)) as Uint8Array, w.ctx.limits.maxBlockBytes);
        const r = applyBlock(replay, b, w.ctx);
        replay.commit(r.writes, r.acc, r.head);
      }
      assert.ok(bytesEqual(replay.root(), head.stateRoot), 'replayed root = stored head root');
      assert.ok(bytesEqual(ledger.state.root(), head.stateRoot));
      await ledger.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
