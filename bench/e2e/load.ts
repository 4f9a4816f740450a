/**
 * One load step: orders signed ahead for one matching window, then sent open-loop at `rate`
 * orders/s for `durationS` seconds, round-robin over the nodes (each node gossips what it takes
 * to the others), then a drain until every acknowledged order is committed or `drainS` passes.
 * With `batch` > 1 the orders due in one 20 ms tick go out as batch requests of at most `batch`
 * orders (POST /v1/orders/batch, what a fleet gateway does), else one request per order.
 * Achieved throughput counts the orders committed in the steady part of the step (after
 * `warmS`), so it is min(offered, capacity) without the ramp-up and drain edges.
 */
import { apiPath } from '@leag/core';
import { DEFAULT_LIMITS } from '../../packages/node/src/ledger/context.js';
import type { BenchNet } from './net.js';
import { batchBody, type LoadEv, makeOrders, orderBody, type ReadyOrder, returnCoins } from './orders.js';
import { log, quantile, round } from './stats.js';
import type { CommitTracker } from './tracker.js';

export interface StepOptions {
  rate: number;
  durationS: number;
  warmS?: number;
  drainS?: number;
  /** Most requests in flight; beyond it the generator skips sends (counted as `skipped`). */
  maxInFlight?: number;
  /** Most orders per request (1: POST /v1/orders per order; more: POST /v1/orders/batch). */
  batch?: number;
  /** Called every few seconds while sending (memory sampling). */
  onTick?: (elapsedMs: number) => void;
  /** Receives every committed order's latency, ms (pooled quantiles over several steps). */
  onLatencies?: (ms: readonly number[]) => void;
}

export interface StepResult {
  offeredPerSec: number;
  durationS: number;
  sent: number;
  acked: number;
  skipped: number;
  rejected: Record<string, number>;
  committed: number;
  lost: number;
  /** Orders committed per second in the steady part of the step. */
  achievedPerSec: number;
  /** All committed orders over the time from the first send to the last commit (drain included). */
  overallPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  ackMs: { p50: number; p99: number };
  blocks: number;
  meanTxsPerBlock: number;
  /** Block reads of the commit tracker that failed during the step (their orders count as lost). */
  trackerErrors: number;
  /** CPU of this process (load generator and commit tracker, signing excluded) from the first send to the end of the drain, ms. */
  generatorCpuMs: number;
  /** Buy orders among the step's orders (the rest are sells; an EV out of coins sends a sell). */
  buys: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let signPerSec = 1200;

/** Time left in the window after a step's last send: the queue drains before the window closes. */
const WINDOW_HEADROOM_MS = 12_000;

/**
 * A window takes at most DEFAULT_LIMITS.maxWindowOrders orders (the daemon's default, ORDER_WINDOW_FULL
 * beyond it); a step goes to a window where it fits in full, with a margin, beside the orders
 * earlier steps sent there.
 */
const WINDOW_ROOM = Math.floor(0.95 * DEFAULT_LIMITS.maxWindowOrders);
const sentPerWindow = new WeakMap<BenchNet, Map<bigint, number>>();

/**
 * Signs the step's orders for a window with time and room for the whole step; returns when that
 * window is open.
 */
async function prepare(net: BenchNet, evs: LoadEv[], count: number, durationMs: number): Promise<ReadyOrder[]> {
  if (count > WINDOW_ROOM)
    throw new RangeError(`bench: a step of ${count} orders does not fit one window (at most ${WINDOW_ROOM})`);
  let sent = sentPerWindow.get(net);
  if (sent === undefined) {
    sent = new Map();
    sentPerWindow.set(net, sent);
  }
  for (let attempt = 0; ; attempt++) {
    const signMs = (count / signPerSec) * 1000;
    const now = net.window();
    const fits = (sent.get(now.window) ?? 0) + count <= WINDOW_ROOM;
    const window =
      fits && now.endMs - Date.now() >= signMs + durationMs + WINDOW_HEADROOM_MS ? now.window : now.window + 1n;
    const t0 = performance.now();
    const orders = makeOrders(net.chainId, evs, window, count);
    signPerSec = (count / (performance.now() - t0)) * 1000;
    const cur = net.window();
    if (cur.window < window) await sleep(cur.endMs - Date.now() + 300);
    if (cur.window <= window && net.window().endMs - Date.now() >= durationMs + WINDOW_HEADROOM_MS / 2) {
      sent.set(window, (sent.get(window) ?? 0) + count);
      return orders;
    }
    // signing overran the window (a loaded machine): sign again for the next one
    returnCoins(
      orders,
      () => false,
      () => false,
    );
    if (attempt >= 2)
      throw new RangeError(`bench: could not sign ${count} orders within one ${net.clock.lengthMs} ms window`);
  }
}

export async function runStep(
  net: BenchNet,
  tracker: CommitTracker,
  evs: LoadEv[],
  o: StepOptions,
): Promise<StepResult> {
  const durationMs = o.durationS * 1000;
  const warmMs = (o.warmS ?? 3) * 1000;
  const maxInFlight = o.maxInFlight ?? 3000;
  const count = Math.round(o.rate * o.durationS);
  const orders = await prepare(net, evs, count, durationMs);
  const sentAt = new Map<string, number>();
  const ackMs: number[] = [];
  const rejected: Record<string, number> = {};
  const acked: string[] = [];
  const unknown = new Set<string>();
  let inFlight = 0;
  let skipped = 0;
  let next = 0;
  const batch = o.batch ?? 1;
  const oneUrl = (i: number) => `${net.apiUrl(i % net.size)}${apiPath('submitOrder')}`;
  const batchUrl = (i: number) => `${net.apiUrl(i % net.size)}${apiPath('submitOrderBatch')}`;
  const refuse = (code: string, n = 1) => {
    rejected[code] = (rejected[code] ?? 0) + n;
  };
  const post = async (url: string, body: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  let requests = 0;
  const send = async (ords: ReadyOrder[]) => {
    inFlight += ords.length;
    const t = Date.now();
    for (const ord of ords) sentAt.set(ord.id, t);
    const k = requests++;
    try {
      if (batch === 1) {
        const r = await post(oneUrl(k), orderBody(ords[0] as ReadyOrder));
        if (r.status === 202) {
          acked.push((ords[0] as ReadyOrder).id);
          ackMs.push(Date.now() - t);
        } else refuse((r.body.error as { code?: string } | undefined)?.code ?? `HTTP_${r.status}`);
      } else {
        const r = await post(batchUrl(k), batchBody(ords));
        const results = r.body.results as { status?: string; error?: { code: string } }[] | undefined;
        if (r.status !== 200 || results === undefined)
          refuse((r.body.error as { code?: string } | undefined)?.code ?? `HTTP_${r.status}`, ords.length);
        else
          results.forEach((x, i) => {
            if (x.status !== undefined) {
              acked.push((ords[i] as ReadyOrder).id);
              ackMs.push(Date.now() - t);
            } else refuse(x.error?.code ?? 'UNKNOWN');
          });
      }
    } catch (e) {
      // the request may have reached the node: these orders may be in its mempool
      for (const ord of ords) unknown.add(ord.id);
      refuse((e as { cause?: { code?: string } }).cause?.code ?? 'FETCH_FAILED', ords.length);
    } finally {
      inFlight -= ords.length;
    }
  };
  const blocks0 = tracker.blocks.length;
  const errors0 = tracker.errors;
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  let lastTick = t0;
  while (next < count) {
    const due = Math.min(count, Math.floor(((Date.now() - t0) * o.rate) / 1000));
    while (next < due) {
      const n = Math.min(batch, due - next);
      const ords = orders.slice(next, next + n);
      if (inFlight + n > maxInFlight) skipped += n;
      else void send(ords);
      next += n;
    }
    if (o.onTick !== undefined && Date.now() - lastTick >= 5000) {
      lastTick = Date.now();
      o.onTick(lastTick - t0);
    }
    await sleep(batch === 1 ? 5 : 20);
  }
  const tEnd = t0 + durationMs;
  while (inFlight > 0) await sleep(20);
  const drainEnd = Date.now() + (o.drainS ?? 15) * 1000;
  while (Date.now() < drainEnd && acked.some((id) => !tracker.committed.has(id))) {
    await sleep(200);
    await tracker.settle();
  }
  const cpu = process.cpuUsage(cpu0);
  const lat: number[] = [];
  let steady = 0;
  let lastCommit = t0;
  for (const id of acked) {
    const c = tracker.committed.get(id);
    if (c === undefined) continue;
    lastCommit = Math.max(lastCommit, c);
    lat.push(c - (sentAt.get(id) as number));
    if (c >= t0 + warmMs && c <= tEnd) steady++;
  }
  o.onLatencies?.(lat);
  const ackedSet = new Set(acked);
  returnCoins(
    orders,
    (id) => tracker.committed.has(id),
    (id) => ackedSet.has(id) || unknown.has(id),
  );
  const buys = orders.filter((x) => x.buy !== undefined).length;
  const blocks = tracker.blocks.slice(blocks0).filter((b) => b.atMs >= t0 && b.atMs <= tEnd + 2000);
  const r: StepResult = {
    offeredPerSec: o.rate,
    durationS: o.durationS,
    sent: count - skipped,
    buys,
    acked: acked.length,
    skipped,
    rejected,
    committed: lat.length,
    lost: acked.length - lat.length,
    // at most the offered rate: orders sent during the warm-up and held back by a pause commit
    // inside the steady part too, which once read 1 089.8/s for 1 000 offered
    achievedPerSec: round(Math.min(o.rate, steady / ((durationMs - warmMs) / 1000)), 1),
    overallPerSec: round(lat.length / Math.max(1, (lastCommit - t0) / 1000), 1),
    latencyMs: { p50: quantile(lat, 0.5), p90: quantile(lat, 0.9), p99: quantile(lat, 0.99), max: quantile(lat, 1) },
    ackMs: { p50: quantile(ackMs, 0.5), p99: quantile(ackMs, 0.99) },
    blocks: blocks.length,
    meanTxsPerBlock: round(blocks.reduce((s, b) => s + b.txCount, 0) / Math.max(1, blocks.length), 1),
    trackerErrors: tracker.errors - errors0,
    generatorCpuMs: round((cpu.user + cpu.system) / 1000),
  };
  log(
    `  offered ${o.rate}/s: achieved ${r.achievedPerSec}/s (${r.overallPerSec}/s with drain), committed ${r.committed}/${r.acked} acked (${buys} buys, ${r.skipped} skipped, ${Object.values(rejected).reduce((a, b) => a + b, 0)} rejected), p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms`,
  );
  return r;
}
