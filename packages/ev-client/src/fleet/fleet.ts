/**
 * The fleet simulator and load generator: registers N EVs (each with its own identity, an
 * authority certificate issued with the testnet authority key, and one granted address per
 * round), funds the buyers from the faucet, then trades W rounds with Table II orders, one round
 * per matching window, and finally follows every acknowledged order until its window settles.
 * It reports orders sent, acknowledged (the node answered 202: durably in its mempool),
 * committed (in a block), settled, rejected and lost (acknowledged but never committed).
 */
import { DOMAINS, formatPrice, isLeagError, LeagError, signValue, toJson } from '@leag/core';
import { LeagClient } from '../client/leag-client.js';
import { Wallet } from '../keystore/wallet.js';
import { deposit, requestAddresses } from '../ops/account.js';
import { chainInfo } from '../ops/chain.js';
import { DEFAULT_GUARD_MS, placeBuy, placeSell } from '../ops/trade.js';
import { fleetRound } from './orders.js';
import { mapLimit, percentile, RateLimiter, sleep } from './pool.js';

export interface FleetOptions {
  nodes: string[];
  evs: number;
  windows: number;
  /** Most orders per second over the whole fleet (default: no limit). */
  rate?: number;
  seed?: number;
  /** The testnet authority's secret key: signs each EV's certificate. */
  authoritySk: Uint8Array;
  /**
   * Money deposited per buying EV, in currency units. Default 20 per round + 20, at most 1 000 (the
   * testnet faucet's limit): a Table II buyer locks at most 18 per window and pays up to that.
   */
  fundPerBuyer?: string;
  /** Parallel requests (default 16). */
  concurrency?: number;
  /** How long to wait for the last window to settle, after it ends (default 30 s). */
  settleTimeoutMs?: number;
  timeoutMs?: number;
  onProgress?: (p: FleetProgress) => void;
  signal?: AbortSignal;
}

export interface FleetProgress {
  phase: 'setup' | 'trading' | 'settling' | 'done';
  evsReady: number;
  round: number;
  window: string;
  sent: number;
  acknowledged: number;
  rejected: number;
  committed: number;
  settled: number;
}

export interface FleetReport {
  evs: number;
  buyers: number;
  sellers: number;
  rounds: number;
  windows: string[];
  sent: number;
  acknowledged: number;
  rejected: number;
  committed: number;
  settled: number;
  lost: number;
  /** Orders never committed, by id (empty in a normal run). */
  lostIds: string[];
  errors: Record<string, number>;
  ackLatencyMs: { p50: number; p95: number; max: number };
  ordersPerSecond: number;
  durationMs: { setup: number; trading: number; settling: number; total: number };
}

interface Sent {
  id: string;
  window: bigint;
  committed: boolean;
  settled: boolean;
}

export const MAX_FLEET_WINDOWS = 60;

function check(o: FleetOptions): void {
  const int = (v: number, name: string, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi)
      throw new LeagError('CLI_BAD_OPTION', `${name} must be a whole number in ${lo}..${hi}, got ${v}`);
  };
  int(o.evs, '--evs', 2, 100_000);
  int(o.windows, '--windows', 1, MAX_FLEET_WINDOWS);
  if (o.rate !== undefined && !(Number.isFinite(o.rate) && o.rate > 0))
    throw new LeagError('CLI_BAD_OPTION', `--rate must be a positive number of orders per second, got ${o.rate}`);
}

export async function runFleet(o: FleetOptions): Promise<FleetReport> {
  check(o);
  const t0 = Date.now();
  const client = new LeagClient({ nodes: o.nodes, timeoutMs: o.timeoutMs ?? 15_000 });
  const conc = o.concurrency ?? 16;
  const seed = o.seed ?? 1;
  const info = await chainInfo(client);
  const grid = {
    buy: Number(formatPrice(info.bounds.gridBuyMicro)),
    sell: Number(formatPrice(info.bounds.gridSellMicro)),
  };
  const roles = fleetRound(o.evs, 0, seed, grid);
  const buyers = roles.filter((r) => r.kind === 'buy').length;
  const prog: FleetProgress = {
    phase: 'setup',
    evsReady: 0,
    round: 0,
    window: info.status.window.current,
    sent: 0,
    acknowledged: 0,
    rejected: 0,
    committed: 0,
    settled: 0,
  };
  const report = () => o.onProgress?.({ ...prog });
  const errors: Record<string, number> = {};
  const countError = (e: unknown) => {
    const c = isLeagError(e) ? e.code : 'INTERNAL';
    errors[c] = (errors[c] ?? 0) + 1;
  };

  // Setup: identities, certificates, grants (one address per round), deposits for buyers.
  const now = BigInt(Date.now());
  const wallets = await mapLimit([...Array(o.evs).keys()], conc, async (i) => {
    const w = Wallet.inMemory(`fleet-ev-${i}`);
    const cert = signValue(
      'AuthorityCertificate',
      {
        evPubkey: w.identityPubkey,
        name: w.data.name,
        issuedAt: now - 60_000n,
        expiresAt: now + 86_400_000n,
        authoritySig: new Uint8Array(0),
      },
      DOMAINS.AUTHORITY_CERT,
      info.chainId,
      o.authoritySk,
      'authoritySig',
    );
    await requestAddresses(client, w, o.windows, { certificate: toJson('AuthorityCertificate', cert), wait: false });
    return w;
  });
  await mapLimit(wallets, conc, async (w, i) => {
    if (i < buyers) await deposit(client, w, { amount: o.fundPerBuyer ?? String(Math.min(1000, 20 * o.windows + 20)) });
  });
  // Wait until every grant and deposit is committed.
  const setupEnd = Date.now() + 120_000;
  await mapLimit(wallets, conc, async (w, i) => {
    for (;;) {
      const pending = w.data.addresses.filter((a) => !a.granted);
      const gs = await Promise.all(pending.map((a) => client.grant(a.address)));
      w.markGranted(gs.filter((g) => g.granted).map((g) => g.address));
      const funded = i >= buyers || BigInt((await client.balance(w.data.addresses[0]?.address as string)).free) > 0n;
      if (w.data.addresses.every((a) => a.granted) && funded) break;
      if (Date.now() > setupEnd)
        throw new LeagError('EV_TIMEOUT', `fleet EV ${i}: grant or deposit not committed within 120 s`);
      await sleep(400, o.signal);
    }
    prog.evsReady++;
    report();
  });
  const tSetup = Date.now();

  // Trading: one round per window.
  prog.phase = 'trading';
  const limiter = new RateLimiter(o.rate);
  const sent: Sent[] = [];
  const lat: number[] = [];
  const windows: string[] = [];
  let lastWindow = 0n;
  for (let r = 0; r < o.windows && !o.signal?.aborted; r++) {
    // A new window that has enough time left for the round.
    for (;;) {
      const st = await client.status();
      info.status = st;
      const cur = BigInt(st.window.current);
      const left = Number(BigInt(st.window.endMs) - BigInt(Date.now()));
      const len = Number(st.window.lengthMs);
      if (cur > lastWindow && left > Math.min(len / 2, 3000)) break;
      await sleep(Math.max(100, left + 150), o.signal);
    }
    lastWindow = BigInt(info.status.window.current);
    windows.push(lastWindow.toString());
    prog.round = r + 1;
    prog.window = lastWindow.toString();
    report();
    await mapLimit(fleetRound(o.evs, r + 1, seed, grid), conc, async (ord) => {
      await limiter.take();
      const w = wallets[ord.ev] as Wallet;
      prog.sent++;
      const start = Date.now();
      try {
        // No order in the last 30 % of a window: it could miss the window's last block.
        const guardMs = Math.max(DEFAULT_GUARD_MS, Math.round(Number(info.status.window.lengthMs) * 0.3));
        const opts = { info, activeCoinsOnly: true, guardMs };
        const res = ord.kind === 'buy' ? await placeBuy(client, w, ord, opts) : await placeSell(client, w, ord, opts);
        lat.push(Date.now() - start);
        prog.acknowledged++;
        sent.push({ id: res.id, window: BigInt(res.window), committed: false, settled: false });
      } catch (e) {
        prog.rejected++;
        countError(e);
      }
      report();
    });
  }
  const tTrading = Date.now();

  // Settling: every acknowledged order must be in a block, and its window cleared.
  prog.phase = 'settling';
  report();
  const deadline =
    Date.now() +
    (o.settleTimeoutMs ?? 30_000) +
    Math.max(0, Number(BigInt(info.status.window.endMs) - BigInt(Date.now())));
  for (;;) {
    const open = sent.filter((s) => !s.settled);
    await mapLimit(open, conc, async (s) => {
      try {
        const v = await client.order(s.id);
        if (v.status === 'open' || v.status === 'settled') s.committed = true;
        if (v.status === 'settled') s.settled = true;
      } catch (e) {
        countError(e);
      }
    });
    prog.committed = sent.filter((s) => s.committed).length;
    prog.settled = sent.filter((s) => s.settled).length;
    report();
    if (prog.settled === sent.length || Date.now() > deadline || o.signal?.aborted) break;
    await sleep(1000, o.signal);
  }
  prog.phase = 'done';
  report();
  const tEnd = Date.now();
  lat.sort((a, b) => a - b);
  const lost = sent.filter((s) => !s.committed);
  return {
    evs: o.evs,
    buyers,
    sellers: o.evs - buyers,
    rounds: windows.length,
    windows,
    sent: prog.sent,
    acknowledged: prog.acknowledged,
    rejected: prog.rejected,
    committed: prog.committed,
    settled: prog.settled,
    lost: lost.length,
    lostIds: lost.map((s) => s.id),
    errors,
    ackLatencyMs: { p50: percentile(lat, 50), p95: percentile(lat, 95), max: lat[lat.length - 1] ?? 0 },
    ordersPerSecond: tTrading > tSetup ? Math.round((prog.acknowledged * 1000 * 10) / (tTrading - tSetup)) / 10 : 0,
    durationMs: { setup: tSetup - t0, trading: tTrading - tSetup, settling: tEnd - tTrading, total: tEnd - t0 },
  };
}
