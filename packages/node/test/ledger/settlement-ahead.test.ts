/**
 * A settlement computed ahead (settleAhead, run from plain data as a worker does) leads to exactly
 * the state, root and block of the settlement computed in the block: built with it or without,
 * validated with it or without, also when a later tx of the same block spends a settlement
 * output, and for random markets with grid fallback. A result for another margin recipient is
 * not used.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSealed, type SignedTx, sealSignedTx, TxKind } from '@leag/core';
import { BLOCK_DECODE_LIMITS, codecs } from '../../src/ledger/codec.js';
import {
  aheadTx,
  applyBlock,
  buildBlock,
  compactBlock,
  keys,
  type LedgerState,
  type SettlementAhead,
  type SettlementsAhead,
  StateView,
  settleAhead,
  settleBook,
  settlementJob,
  settleTermsOf,
  Tables,
  txIdOf,
  windowOrders,
} from '../../src/ledger/index.js';
import { bytesEqual, toHex } from '../../src/storage/bytes.js';
import {
  buyOrder,
  commitBlock,
  grant,
  type Key,
  parentCert,
  sellOrder,
  timeIn,
  transfer,
  UNIT,
  World,
  withTxs,
} from './world.js';

const LAG = 10_000n;

/** A deterministic PRNG (the same market every run). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/**
 * A lagged chain whose window 1 holds `n` random orders (buys and sells, some with grid fallback),
 * ended by proposer 2; `sellerPaymentPerOrder`: the genesis rule for seller payments.
 */
function endedMarket(n: number, seed: number, sellerPaymentPerOrder?: boolean) {
  const w = new World(Math.max(4, n), 1000n * UNIT, {
    settlementLagMs: LAG,
    ...(sellerPaymentPerOrder === undefined ? {} : { sellerPaymentPerOrder }),
  });
  const s = w.genesisState();
  commitBlock(
    w,
    s,
    chunk(w.evs, w.ctx.limits.maxGrantAddresses).map((g) =>
      grant(
        w,
        g.map((e) => e.addr),
      ),
    ),
    timeIn(1n, 100n),
  );
  const rnd = lcg(seed);
  const orders: SignedTx[] = [];
  for (let i = 0; i < n; i++) {
    const ev = w.evs[i] as Key;
    const price = 650_000n + BigInt(Math.floor(rnd() * 200_000));
    if (i % 2 === 0)
      orders.push(
        buyOrder(
          ev,
          { prev: w.genesisCoin(i), value: 1000n * UNIT },
          {
            window: 1n,
            nonce: 1n,
            dMinWh: 1_000n,
            dMaxWh: 2_000n + BigInt(Math.floor(rnd() * 10_000)),
            price,
            priceMax: price + 100_000n,
            gridFallback: rnd() < 0.3,
          },
        ),
      );
    else
      orders.push(
        sellOrder(ev, {
          window: 1n,
          nonce: 1n,
          sMaxWh: 1_000n + BigInt(Math.floor(rnd() * 10_000)),
          price,
          priceMin: price - 50_000n,
          gridFallback: rnd() < 0.3,
        }),
      );
  }
  const r = commitBlock(w, s, orders, timeIn(1n, 2_000n));
  assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected.map((x) => x.error.message)));
  commitBlock(w, s, [], timeIn(2n, 10n), 2);
  return { w, s };
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Window 1's settlement computed ahead for margin recipient `proposer`, through a structured clone (as from a worker). */
function ahead(w: World, s: LedgerState, proposer: number): SettlementsAhead & { result: SettlementAhead } {
  const t = new Tables(new StateView(s));
  const job = structuredClone(settlementJob(t, settleTermsOf(t, 1n, w.ctx, proposer)));
  const result = structuredClone(settleAhead(job)) as SettlementAhead;
  return {
    result,
    get: (win, margin) => (win === result.window && bytesEqual(margin, result.marginAddress) ? result : undefined),
  };
}

const propose = (w: World, s: LedgerState, txs: SignedTx[], proposer: number, cache?: SettlementsAhead) =>
  buildBlock(
    s,
    {
      timestampMs: timeIn(2n, LAG),
      proposer,
      txs,
      parentCert: parentCert(s),
      ...(cache === undefined ? {} : { settlementsAhead: cache }),
    },
    w.ctx,
  );

const writesHex = (ws: { key: Uint8Array; value: Uint8Array | null }[]) =>
  ws.map((x) => `${toHex(x.key)}=${x.value === null ? '-' : toHex(x.value)}`);

describe('a settlement computed ahead', () => {
  test('builds and validates to the same block, writes and root as one computed in the block', () => {
    const { w, s } = endedMarket(40, 1);
    const cache = ahead(w, s, 2);
    const plain = propose(w, s, [], 0);
    const fast = propose(w, s, [], 0, cache);
    assert.equal(plain.block.txs[0]?.tx.kind, TxKind.TX_KIND_SETTLEMENT);
    assert.equal(plain.closes[0]?.ahead, undefined);
    assert.ok(fast.closes[0]?.ahead !== undefined, 'the block used the result computed ahead');
    assert.equal(toHex(fast.hash), toHex(plain.hash));
    assert.equal(toHex(fast.stateRoot), toHex(plain.stateRoot));
    assert.deepEqual(writesHex(fast.writes), writesHex(plain.writes));
    assert.equal(toHex(txIdOf(fast.block.txs[0]?.tx as never)), toHex(cache.result.txId));
    // a replica with the result and one without both accept either block
    for (const b of [plain.block, fast.block]) {
      assert.equal(toHex(applyBlock(s, b, w.ctx, { settlementsAhead: cache }).stateRoot), toHex(plain.stateRoot));
      assert.equal(toHex(applyBlock(s, b, w.ctx).stateRoot), toHex(plain.stateRoot));
    }
  });

  test("the job finds every buy order's escrow from the records, as decoding the book does", () => {
    const { w, s } = endedMarket(60, 5);
    const t = new Tables(new StateView(s));
    const job = settlementJob(t, settleTermsOf(t, 1n, w.ctx, 0));
    const book = windowOrders(t, 1n);
    assert.ok(book.buys.length > 5 && book.sells.length > 5, 'both sides present');
    assert.equal(job.orders.length, book.buys.length + book.sells.length);
    const expected = book.buys.map((b) => [b.id, toHex(t.view.get(keys.utxo(b.txId, 0)) as Uint8Array)]).sort();
    assert.deepEqual(job.escrows.map(([id, rec]) => [id, toHex(rec)]).sort(), expected);
  });

  test("the settlement tx of a result: the posted Tx, sealed with its bytes, is the bytes' decoding", () => {
    const { w, s } = endedMarket(30, 9);
    const { result } = ahead(w, s, 1);
    assert.ok(result.tx !== undefined, 'the worker posts the Tx it built');
    const posted = aheadTx(result);
    const decoded = sealSignedTx({
      tx: codecs.Tx.decode(result.txBytes, { ...BLOCK_DECODE_LIMITS, maxBytes: result.txBytes.length }),
      witnesses: [],
    });
    assert.ok(isSealed(posted.tx) && isSealed(decoded.tx));
    assert.equal(toHex(codecs.SignedTx.encode(posted)), toHex(codecs.SignedTx.encode(decoded)));
    assert.equal(toHex(codecs.Tx.encode(posted.tx)), toHex(result.txBytes));
    assert.equal(toHex(txIdOf(posted.tx)), toHex(result.txId));
    assert.equal(toHex(txIdOf(decoded.tx)), toHex(result.txId));
    assert.deepEqual(posted.tx, decoded.tx);
  });

  test('a tamper with the settlement is still rejected by a replica that computed it ahead', () => {
    const { w, s } = endedMarket(12, 2);
    const cache = ahead(w, s, 2);
    const good = propose(w, s, [], 0);
    const st = structuredClone(good.block.txs[0]) as SignedTx;
    (st.tx.outputs[0] as { value: bigint }).value += 1n;
    assert.throws(
      () => applyBlock(s, withTxs(good.block, [st]), w.ctx, { settlementsAhead: cache }),
      (e: { code?: string }) => e.code === 'BLOCK_SETTLEMENT_MISMATCH',
    );
  });

  test('a settlement output spent later in the same block: the same root either way', () => {
    const { w, s } = endedMarket(16, 3);
    const cache = ahead(w, s, 2);
    // output 0 pays a seller; that seller spends it in the same block
    const stx = plainSettlement(w, s);
    const pay = stx?.tx.outputs[0];
    assert.ok(pay !== undefined && stx !== undefined);
    const seller = w.evs.find((e) => bytesEqual(e.addr, pay.address)) as Key;
    const spend = transfer(
      seller,
      [{ prev: { txId: cache.result.txId, index: 0 }, value: pay.value }],
      w.evs[0]?.addr as Uint8Array,
      1n,
    );
    const plain = propose(w, s, [spend], 0);
    const fast = propose(w, s, [spend], 0, cache);
    assert.equal(plain.block.txs.length, 2, JSON.stringify(plain.rejected.map((r) => r.error.message)));
    assert.equal(toHex(fast.stateRoot), toHex(plain.stateRoot));
    assert.deepEqual(writesHex(fast.writes), writesHex(plain.writes));
    assert.equal(
      toHex(applyBlock(s, plain.block, w.ctx, { settlementsAhead: cache }).stateRoot),
      toHex(plain.stateRoot),
    );
  });

  test('random markets with grid fallback: the same root, settlement hash and block', () => {
    for (const [n, seed, perOrder] of [
      [2, 11, false],
      [9, 12, false],
      [30, 13, true],
      [75, 14, false],
      [75, 14, true],
    ] as const) {
      const { w, s } = endedMarket(n, seed, perOrder);
      const cache = ahead(w, s, 2);
      const plain = propose(w, s, [], 3);
      const fast = propose(w, s, [], 3, cache);
      assert.equal(toHex(fast.hash), toHex(plain.hash), `market of ${n}`);
      assert.equal(
        toHex(applyBlock(s, plain.block, w.ctx, { settlementsAhead: cache }).stateRoot),
        toHex(plain.stateRoot),
      );
    }
  });

  test('a compact block (settlement txs left out) is the whole block to a node that puts them back', () => {
    const { w, s } = endedMarket(30, 5);
    const cache = ahead(w, s, 2);
    const full = propose(w, s, [], 1);
    const compact = compactBlock(full.block);
    assert.equal(compact.txs.length, full.block.txs.length - 1);
    assert.equal(compactBlock(compact), compact, 'nothing more to leave out');
    for (const opts of [{ impliedSettlements: true }, { impliedSettlements: true, settlementsAhead: cache }]) {
      const r = applyBlock(s, compact, w.ctx, opts);
      assert.equal(toHex(r.hash), toHex(full.hash));
      assert.equal(toHex(r.stateRoot), toHex(full.stateRoot));
      assert.equal(r.block.txs.length, full.block.txs.length, 'the result holds the whole block');
      // the whole block is accepted in the same mode
      assert.equal(toHex(applyBlock(s, full.block, w.ctx, opts).hash), toHex(full.hash));
    }
    // without the option the settlement is missing; with it, a header for another settlement fails the tx root
    assert.throws(
      () => applyBlock(s, compact, w.ctx),
      (e: { code?: string }) => e.code === 'BLOCK_BAD_TX_ROOT' || e.code === 'BLOCK_SETTLEMENT_MISSING',
    );
    const other = propose(w, s, [], 3); // the margin is the ending proposer's either way: same settlement
    assert.equal(toHex(other.block.header.txRoot), toHex(full.block.header.txRoot));
    const forged = { ...compact, header: { ...compact.header, txRoot: new Uint8Array(32).fill(9) } };
    assert.throws(
      () => applyBlock(s, forged, w.ctx, { impliedSettlements: true }),
      (e: { code?: string }) => e.code === 'BLOCK_BAD_TX_ROOT',
    );
  });

  test('a result computed for another margin recipient is not used', () => {
    const { w, s } = endedMarket(10, 4);
    const wrong = ahead(w, s, 1);
    let asked = 0;
    const cache: SettlementsAhead = {
      get: (win, margin) => {
        asked++;
        return wrong.get(win, margin);
      },
    };
    const plain = propose(w, s, [], 0);
    const r = propose(w, s, [], 0, cache);
    assert.equal(asked, 1);
    assert.equal(toHex(r.hash), toHex(plain.hash), 'computed in the block, with the margin to proposer 2');
  });
});

function plainSettlement(w: World, s: LedgerState): SignedTx | undefined {
  return propose(w, s, [], 0).block.txs[0];
}

describe('seller payments (genesis seller_payment_per_order)', () => {
  /** Window 1's settlement tx of one market (75 random orders) under each rule, from the same book. */
  const { w, s } = endedMarket(75, 14, true);
  const t = new Tables(new StateView(s));
  const terms = settleTermsOf(t, 1n, w.ctx, 2);
  const settlementUnder = (perOrder: boolean) =>
    settleBook(windowOrders(t, 1n), { ...terms, sellerPaymentPerOrder: perOrder }).tx.tx;
  const byAddress = (outs: readonly { value: bigint; energyWh: bigint; address: Uint8Array }[]) => {
    const m = new Map<string, [bigint, bigint]>();
    for (const o of outs) {
      const [v, e] = m.get(toHex(o.address)) ?? [0n, 0n];
      m.set(toHex(o.address), [v + o.value, e + o.energyWh]);
    }
    return m;
  };

  test('one output per matched seller order, summing its pairs; the same record and the same money per address', () => {
    assert.equal(terms.sellerPaymentPerOrder, true, 'the chain context carries the genesis rule');
    const block = propose(w, s, [], 0).block.txs.find((x) => x.tx.kind === TxKind.TX_KIND_SETTLEMENT);
    assert.equal(block?.tx.outputs.length, settlementUnder(true).outputs.length, 'the settling block follows the rule');
    const perPair = settlementUnder(false);
    const perOrder = settlementUnder(true);
    const record = perOrder.settlement?.settlement;
    assert.ok(record !== undefined);
    assert.deepEqual(perOrder.settlement, perPair.settlement, 'the settlement record (every pair) is the same');
    assert.deepEqual(perOrder.inputs, perPair.inputs);
    // every seller order paid in one output of the sum of its pairs (one order per EV address here)
    const owed = new Map<string, [bigint, bigint, number]>();
    for (const p of record.pairs) {
      if (p.sellerGets === 0n) continue;
      const [v, e, n] = owed.get(p.seller) ?? [0n, 0n, 0];
      owed.set(p.seller, [v + p.sellerGets, e + p.energySoldWh, n + 1]);
    }
    assert.ok(
      [...owed.values()].some(([, , n]) => n >= 2),
      'some seller order matched several buyers',
    );
    const pairs = [...owed.values()].reduce((a, [, , n]) => a + n, 0);
    assert.equal(perPair.outputs.length - perOrder.outputs.length, pairs - owed.size, 'one output per seller order');
    for (const [id, [v, e]] of owed)
      assert.ok(
        perOrder.outputs.some((o) => o.value === v && o.energyWh === e),
        `seller order ${id}: an output of ${v} µ and ${e} Wh`,
      );
    // the same money and energy reach the same addresses under either rule
    assert.deepEqual(byAddress(perOrder.outputs), byAddress(perPair.outputs));
  });
});
