/**
 * Restart-to-caught-up time against how far the chain moved while a node was down: node n−1 is
 * stopped (SIGTERM), the others commit `lag` more blocks, the node is started again, and the time
 * is taken until its API answers (store open: the whole state is loaded and its root checked) and
 * until it has committed the height the others had at restart (sync). The catch-up rate in blocks
 * per second is the storage + sync commit rate of a restarted node.
 */
import type { BenchNet } from './net.js';
import { linearFit, log, round } from './stats.js';

export interface RestartRow {
  lagBlocks: number;
  chainHeight: number;
  apiUpMs: number;
  caughtUpMs: number;
  blocksPerSec: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function restartRows(
  net: BenchNet,
  lags: number[],
): Promise<{ rows: RestartRow[]; msPerLagBlock: number; fixedMs: number }> {
  const node = net.tn.node(net.size - 1);
  const rows: RestartRow[] = [];
  for (const lag of lags) {
    await node.stop('SIGTERM');
    const h0 = Number(await net.height(1));
    log(`restart: node ${node.index} down at height ${h0}, waiting for ${lag} blocks`);
    while (Number(await net.height(1)) < h0 + lag) await sleep(200);
    const target = Number(await net.height(1));
    const t0 = Date.now();
    node.start();
    let apiUp = 0;
    for (;;) {
      try {
        const h = Number(await node.height());
        if (apiUp === 0) apiUp = Date.now() - t0;
        if (h >= target) break;
      } catch {
        // not up yet
      }
      if (Date.now() - t0 > 300_000) throw new RangeError(`bench: node ${node.index} did not catch up within 300 s`);
      await sleep(50);
    }
    const caught = Date.now() - t0;
    const row = {
      lagBlocks: target - h0,
      chainHeight: target,
      apiUpMs: apiUp,
      caughtUpMs: caught,
      blocksPerSec: round((target - h0) / Math.max(0.001, (caught - apiUp) / 1000), 1),
    };
    log(`restart: ${row.lagBlocks} blocks behind, API up in ${apiUp} ms, caught up in ${caught} ms`);
    rows.push(row);
  }
  const fit = linearFit(rows.map((r) => ({ x: r.lagBlocks, y: r.caughtUpMs })));
  return { rows, msPerLagBlock: round(fit.b, 2), fixedMs: round(fit.a) };
}
