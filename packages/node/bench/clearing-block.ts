/**
 * The clearing block: the heaviest block a chain makes, the first block of a window, which runs
 * the closed window's BABG clearing and carries its settlement tx. The clearing is computed twice,
 * one after the other, on the chain's critical path (by the primary to build the block, then by
 * each replica to check it), so its cost is a pause of every order in flight at each window's
 * start.
 *
 * Measured for a window of `orders` orders (half buy orders with random limit prices, half sell
 * orders, so about half of them match, one tx each, on a 64-EV market): build (the primary),
 * validate (a replica, the same block), their parts (reading the window's book, the contract), and
 * the commit of the block to LevelDB. Each time is the median of `reps` runs on the same state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { clear, resolveParams } from '@leag/contract-vm';
import { bytesEqual, LeagError, type SignedTx, TxKind } from '@leag/core';
import {
  closeWindow,
  contractParams,
  Ledger,
  type SettlementsAhead,
  StateView,
  settleAhead,
  settlementJob,
  settleTermsOf,
  Tables,
  windowOrders,
} from '../src/ledger/index.js';
import { aheadOf, resultBody } from '../src/settle/worker-protocol.js';
import { LevelDb } from '../src/storage/index.js';
import { buyOrder, coinOf, grant, type Key, sellOrder, timeIn, World } from '../test/ledger/world.js';

const EVS = 64;
const FUNDS = 1_000_000_000_000n;

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
const round1 = (x: number) => Math.round(x * 10) / 10;

/** A deterministic PRNG (the same market every run). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

export interface ClearingBlockResult {
  orders: number;
  buys: number;
  sells: number;
  pairs: number;
  settlementOutputs: number;
  blockBytes: number;
  /**
   * Median ms: the primary's build, a replica's validation (the settlement computed in the block),
   * the commit to LevelDB of the block built with the result computed ahead (one run), as a node commits it.
   */
  buildMs: number;
  validateMs: number;
  commitMs: number;
  /** Parts of one clearing, median ms: reading the window's book from the state, the contract alone, closeWindow whole. */
  bookMs: number;
  contractMs: number;
  closeWindowMs: number;
  /**
   * With the settlement computed ahead (a node's worker, off the critical path), median ms: the
   * worker's job (settleAhead, with its input taken from the state), then the primary's build and
   * a replica's validation of the same block using its result.
   */
  aheadMs: number;
  /**
   * On the node's main thread when the worker's result arrives (during the lag; the node spreads it
   * over event-loop turns, this is the sum): the message deserialized, its arrays unpacked, its
   * writes prepared, its tx sealed.
   */
  arrivalMs: number;
  buildAheadMs: number;
  validateAheadMs: number;
  reps: number;
}

export async function clearingBlock(
  orders: number,
  reps: number,
  log: (s: string) => void,
): Promise<ClearingBlockResult> {
  // the node tests' chain and order builders (test/ledger/world.ts), with EVs funded for every buy
  // a chain as leagd init makes it: one payment per seller order (genesis seller_payment_per_order)
  const w = new World(EVS, FUNDS, { sellerPaymentPerOrder: true });
  const { ctx, genesis } = w;
  const rnd = lcg(7);
  let t = performance.now();
  const coins = w.evs.map((_, i) => ({ prev: w.genesisCoin(i), value: FUNDS }));
  const txs: SignedTx[] = [];
  const buys = Math.floor(orders / 2);
  for (let k = 0; k < orders; k++) {
    const e = k % EVS;
    const ev = w.evs[e] as Key;
    const nonce = BigInt(Math.floor(k / EVS) + 1);
    if (k < buys) {
      const price = 700_000n + BigInt(Math.floor(rnd() * 150_000));
      const stx = buyOrder(ev, coins[e] as (typeof coins)[number], {
        window: 1n,
        nonce,
        dMinWh: 2_000n,
        dMaxWh: 10_000n + BigInt(Math.floor(rnd() * 10_000)),
        price,
        priceMax: price + 100_000n,
        omegaPpm: 800_000,
        gridFallback: rnd() < 0.2,
      });
      coins[e] = coinOf(stx, 1);
      txs.push(stx);
    } else {
      const price = 650_000n + BigInt(Math.floor(rnd() * 200_000));
      txs.push(
        sellOrder(ev, {
          window: 1n,
          nonce,
          sMaxWh: 5_000n + BigInt(Math.floor(rnd() * 15_000)),
          price,
          priceMin: price - 50_000n,
          gridFallback: rnd() < 0.2,
        }),
      );
    }
  }
  log(`clearing block: ${orders} orders signed in ${(performance.now() - t).toFixed(0)} ms`);
  const dir = mkdtempSync(join(tmpdir(), 'leag-bench-clearing-'));
  const ledger = await Ledger.open(await LevelDb.open(dir), ctx);
  try {
    const cert = () =>
      ledger.head.height === 0n
        ? undefined
        : { view: 0n, height: ledger.head.height, blockHash: ledger.head.hash, commits: [] };
    const grants: SignedTx[] = [];
    for (let i = 0; i < w.evs.length; i += ctx.limits.maxGrantAddresses)
      grants.push(
        grant(
          w,
          w.evs.slice(i, i + ctx.limits.maxGrantAddresses).map((e) => e.addr),
        ),
      );
    let ts = timeIn(1n, 100n);
    const block = async (batch: SignedTx[], timestampMs: bigint) => {
      const r = ledger.propose({ timestampMs, proposer: 0, txs: batch, verifySignatures: false, parentCert: cert() });
      if (r.rejected.length > 0)
        throw new LeagError('BENCH_FAILED', `clearing bench: tx refused: ${r.rejected[0]?.error.message}`);
      await ledger.commit(r);
    };
    await block(grants, ts);
    for (let i = 0; i < txs.length; i += 5_000) await block(txs.slice(i, i + 5_000), (ts += 1_000n));
    // the clearing block: the first block of window 2, no other tx
    const closeAt = timeIn(2n, 100n);
    const build: number[] = [];
    const validate: number[] = [];
    const book: number[] = [];
    const contract: number[] = [];
    const whole: number[] = [];
    const aheadJob: number[] = [];
    const buildAhead: number[] = [];
    const validateAhead: number[] = [];
    let built: ReturnType<Ledger['propose']> | undefined;
    let builtAhead: ReturnType<Ledger['propose']> | undefined;
    const arrival: number[] = [];
    let pairs = 0;
    const params = resolveParams(contractParams(genesis.marketParams));
    for (let rep = 0; rep < reps; rep++) {
      t = performance.now();
      const o = windowOrders(ledger.view(), 1n);
      const t1 = performance.now();
      const r = clear({
        window: 1n,
        params,
        buyers: o.buys.map(({ id, order: x }) => ({
          id,
          dMinWh: x.dMinWh,
          dMaxWh: x.dMaxWh,
          omegaPpm: x.omegaPpm,
          price: x.price,
          priceMax: x.priceMax,
        })),
        sellers: o.sells.map(({ id, order: x }) => ({ id, sMaxWh: x.sMaxWh, price: x.price, priceMin: x.priceMin })),
      });
      const t2 = performance.now();
      closeWindow(new Tables(new StateView(ledger.state)), 1n, ctx, 0);
      const t3 = performance.now();
      built = ledger.propose({
        timestampMs: closeAt,
        proposer: 0,
        txs: [],
        verifySignatures: false,
        parentCert: cert(),
      });
      const t4 = performance.now();
      ledger.validate(built.block, { verifySignatures: false });
      const t5 = performance.now();
      const tables = new Tables(new StateView(ledger.state));
      const computed = settleAhead(settlementJob(tables, settleTermsOf(tables, 1n, ctx, 0)));
      if (computed === null) throw new LeagError('BENCH_FAILED', 'clearing bench: nothing to settle ahead');
      const message = serialize(resultBody(computed)); // the worker's side of postMessage
      const t5b = performance.now();
      const a = aheadOf(deserialize(message));
      const t6 = performance.now();
      const cache: SettlementsAhead = { get: (win) => (win === a.window ? a : undefined) };
      const fast = ledger.propose({
        timestampMs: closeAt,
        proposer: 0,
        txs: [],
        verifySignatures: false,
        parentCert: cert(),
        settlementsAhead: cache,
      });
      const t7 = performance.now();
      ledger.validate(built.block, { verifySignatures: false, settlementsAhead: cache });
      const t8 = performance.now();
      if (!bytesEqual(fast.hash, built.hash))
        throw new LeagError(
          'BENCH_FAILED',
          'clearing bench: the block built ahead differs from the block built in place',
        );
      book.push(t1 - t);
      contract.push(t2 - t1);
      whole.push(t3 - t2);
      build.push(t4 - t3);
      validate.push(t5 - t4);
      aheadJob.push(t5b - t5);
      arrival.push(t6 - t5b);
      builtAhead = fast;
      buildAhead.push(t7 - t6);
      validateAhead.push(t8 - t7);
      pairs = r.settlement.pairs.length;
    }
    if (built === undefined || builtAhead === undefined) throw new LeagError('BENCH_FAILED', 'clearing bench: no run');
    const settlement = built.block.txs[0];
    if (settlement?.tx.kind !== TxKind.TX_KIND_SETTLEMENT)
      throw new LeagError('BENCH_FAILED', 'clearing bench: the block carries no settlement');
    t = performance.now();
    await ledger.commit(builtAhead);
    const commitMs = performance.now() - t;
    return {
      orders,
      buys,
      sells: orders - buys,
      pairs,
      settlementOutputs: settlement.tx.outputs.length,
      blockBytes: (await ledger.store.getBlock(built.head.height))?.length ?? 0,
      buildMs: round1(median(build)),
      validateMs: round1(median(validate)),
      commitMs: round1(commitMs),
      bookMs: round1(median(book)),
      contractMs: round1(median(contract)),
      closeWindowMs: round1(median(whole)),
      aheadMs: round1(median(aheadJob)),
      arrivalMs: round1(median(arrival)),
      buildAheadMs: round1(median(buildAhead)),
      validateAheadMs: round1(median(validateAhead)),
      reps,
    };
  } finally {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
