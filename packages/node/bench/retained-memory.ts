/**
 * What a node keeps per committed order, in one process and without the testnet's noise (issue 11,
 * "memory flat"): windows of sell orders go through the real ledger (blocks built and committed in
 * memory), each order through the node's signature cache (as at intake, forgotten at commit when
 * the cache can) and each block through the window index. After each window closes: a full GC,
 * then the live heap, the ledger's state entries by table and the cache size. Flat means the
 * per-window figures stop growing with the orders.
 * Run alone: `node --expose-gc --import tsx packages/node/bench/retained-memory.ts [windows] [orders per window]`
 * (defaults 10 × 2 000). Progress on stderr, one JSON line on stdout.
 */
import type { Block, SignedTx } from '@leag/core';
import { Table } from '../src/ledger/index.js';
import { SigCache } from '../src/trading/sig-cache.js';
import { WindowIndex } from '../src/trading/windows.js';
import { commitBlock, grant, sellOrder, timeIn, World } from '../test/ledger/world.js';

const WINDOWS = Number(process.argv[2] ?? 10);
const PER_WINDOW = Number(process.argv[3] ?? 2_000);
const BLOCK = 500;
const EVS = 32;
if (!Number.isInteger(WINDOWS) || WINDOWS < 2 || !Number.isInteger(PER_WINDOW) || PER_WINDOW < 1)
  throw new RangeError(`need windows ≥ 2 and orders per window ≥ 1, found ${process.argv.slice(2).join(' ')}`);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new RangeError('run with node --expose-gc');
const log = (s: string) => process.stderr.write(`${s}\n`);
const mib = (b: number) => Math.round((b / 1048576) * 10) / 10;

const w = new World(EVS);
const s = w.genesisState();
const blocks = new Map<bigint, Block>();
const index = new WindowIndex(async (h) => blocks.get(h));
const sigs = new SigCache();
const forget = (sigs as { forget?: (ids: Uint8Array[]) => void }).forget?.bind(sigs);
const commit = (txs: SignedTx[], t: bigint) => {
  const r = commitBlock(w, s, txs, t);
  if (r.rejected.length > 0) throw new RangeError(`orders rejected: ${r.rejected[0]?.error.message}`);
  blocks.set(r.block.header.height, { ...r.block, txs: [] }); // the store holds blocks on disk, not here
  index.onBlock(r.block, r.hash);
  forget?.(r.txIds);
};
commit(
  [
    grant(
      w,
      w.evs.map((e) => e.addr),
    ),
  ],
  timeIn(1n, 100n),
);
const nonces = new Array<bigint>(EVS).fill(1n);
interface Row {
  window: number;
  orders: number;
  heapUsedMiB: number;
  stateEntries: number;
  seen: number;
  nonce: number;
  order: number;
  sigCache: number;
}
const rows: Row[] = [];
for (let win = 1n; win <= BigInt(WINDOWS); win++) {
  for (let done = 0; done < PER_WINDOW; done += BLOCK) {
    const txs: SignedTx[] = [];
    for (let i = done; i < Math.min(PER_WINDOW, done + BLOCK); i++) {
      const k = i % EVS;
      const nonce = nonces[k] as bigint;
      nonces[k] = nonce + 1n;
      const stx = sellOrder(w.evs[k] as never, { window: win, nonce, sMaxWh: 1_000n + BigInt(i) });
      if (!sigs.verify(stx)) throw new RangeError(`order ${i} does not verify`);
      txs.push(stx);
    }
    commit(txs, timeIn(win, 1_000n + BigInt(done)));
  }
  commit([], timeIn(win + 1n, 10n)); // closes the window
  gc();
  gc();
  const heap = process.memoryUsage();
  const row: Row = {
    window: Number(win),
    orders: Number(win) * PER_WINDOW,
    heapUsedMiB: mib(heap.heapUsed),
    stateEntries: [...s.allEntries()].length,
    seen: s.tableSize(Table.seen),
    nonce: s.tableSize(Table.nonce),
    order: s.tableSize(Table.order),
    sigCache: (sigs as unknown as { ok: Map<string, unknown> }).ok.size,
  };
  rows.push(row);
  log(JSON.stringify(row));
}
// per order over the second half (the first windows include warm-up: code, caches)
const a = rows[Math.floor(rows.length / 2) - 1] as Row;
const b = rows[rows.length - 1] as Row;
const perOrder = (k: 'stateEntries' | 'sigCache') =>
  Math.round((((b[k] as number) - (a[k] as number)) / (b.orders - a.orders)) * 1000) / 1000;
const heapPerOrderBytes = Math.round(((b.heapUsedMiB - a.heapUsedMiB) * 1048576) / (b.orders - a.orders));
console.log(
  JSON.stringify({
    bench: 'retained-memory',
    windows: WINDOWS,
    ordersPerWindow: PER_WINDOW,
    heapPerOrderBytes,
    stateEntriesPerOrder: perOrder('stateEntries'),
    sigCacheEntriesPerOrder: perOrder('sigCache'),
    rows,
  }),
);
