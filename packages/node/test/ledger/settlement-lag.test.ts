/**
 * Settlement after a lag (genesis settlement_lag_ms; docs/decisions.md): a window closes to orders
 * at its end as always, and its settlement is carried by the first block at or after its end plus
 * the lag, with the margin paid to the proposer of the block that ended it, so the settlement is
 * fixed from the window's end and nodes can compute it ahead.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { txRoot as buildTxRoot, type SignedTx, TxKind } from '@leag/core';
import {
  applyBlock,
  buildBlock,
  chainContext,
  closeWindow,
  keys,
  LedgerState,
  StateView,
  Table,
  Tables,
  txIdOf,
} from '../../src/ledger/index.js';
import { decodeTip } from '../../src/ledger/state-tables.js';
import { toHex } from '../../src/storage/bytes.js';
import { buyOrder, commitBlock, grant, parentCert, sellOrder, timeIn, UNIT, World } from './world.js';

const LAG = 10_000n;

/** A chain with two buys and two sells in window 1 (granted in the same window). */
function marketWorld(lag: bigint | undefined) {
  const w = new World(6, 1000n * UNIT, lag === undefined ? {} : { settlementLagMs: lag });
  const s = w.genesisState();
  const [b0, b1, s0, s1] = w.evs as [(typeof w.evs)[0], (typeof w.evs)[0], (typeof w.evs)[0], (typeof w.evs)[0]];
  commitBlock(w, s, [grant(w, [b0.addr, b1.addr, s0.addr, s1.addr])], timeIn(1n, 100n));
  const orders: SignedTx[] = [
    buyOrder(b0, { prev: w.genesisCoin(0), value: 1000n * UNIT }, { window: 1n, nonce: 1n }),
    buyOrder(b1, { prev: w.genesisCoin(1), value: 1000n * UNIT }, { window: 1n, nonce: 1n, priceMax: 900_000n }),
    sellOrder(s0, { window: 1n, nonce: 1n }),
    sellOrder(s1, { window: 1n, nonce: 1n, sMaxWh: 6_000n, price: 800_000n, priceMin: 650_000n }),
  ];
  const r = commitBlock(w, s, orders, timeIn(1n, 2_000n));
  assert.equal(r.rejected.length, 0);
  return { w, s, orders };
}

const tipOf = (s: LedgerState) => new Tables(new StateView(s)).tip();
const marginAddressOf = (stx: SignedTx | undefined): string =>
  toHex(stx?.tx.outputs.at(-1)?.address ?? new Uint8Array());
const validatorAddress = (w: World, i: number): string =>
  toHex(w.ctx.validatorKeys.get(i)?.address ?? new Uint8Array());

describe('settlement after a lag', () => {
  test('the window closes to orders at its end and settles at end + lag, the margin to the ending proposer', () => {
    const { w, s } = marketWorld(LAG);
    // The first block after the end (proposer 2) ends window 1 but does not settle it.
    const ending = commitBlock(w, s, [], timeIn(2n, 10n), 2);
    assert.equal(ending.closes.length, 0);
    assert.deepEqual(tipOf(s), {
      height: 3n,
      timestampMs: timeIn(2n, 10n),
      lastClosedWindow: 1n,
      lastSettledWindow: 0n,
      endProposer: 2,
    });
    assert.equal(s.tableSize(Table.order), 4, 'the book stays until the settlement');
    // Orders for the ended window are refused meanwhile.
    const late = sellOrder(w.evs[2] as (typeof w.evs)[0], { window: 1n, nonce: 2n });
    const refused = commitBlock(w, s, [late], timeIn(2n, 5_000n), 1);
    assert.equal(refused.rejected[0]?.error.code, 'ORDER_CLOSED_WINDOW');
    assert.equal(refused.closes.length, 0);
    // The first block at end + lag (proposer 3) settles it; the margin goes to proposer 2.
    const settling = commitBlock(w, s, [], timeIn(2n, LAG), 3);
    assert.equal(settling.closes.length, 1);
    const stx = settling.block.txs[0];
    assert.equal(stx?.tx.kind, TxKind.TX_KIND_SETTLEMENT);
    assert.ok((stx?.tx.settlement?.settlement.margin ?? 0n) > 0n, 'the window has a margin');
    assert.equal(marginAddressOf(stx), validatorAddress(w, 2));
    assert.equal(s.tableSize(Table.order), 0);
    const tip = tipOf(s);
    assert.equal(tip?.lastSettledWindow, 1n);
    assert.equal(s.get(keys.tip())?.length, 24, 'nothing waits: the tip has its short form again');
  });

  test('the lagged settlement is byte for byte the contract run on the book as the window ended', () => {
    const { w, s } = marketWorld(LAG);
    commitBlock(w, s, [], timeIn(2n, 10n), 2);
    const expected = closeWindow(new Tables(new StateView(s)), 1n, w.ctx, 2);
    commitBlock(w, s, [], timeIn(2n, 3_000n), 1);
    const a = commitBlock(w, s, [], timeIn(2n, LAG + 1n), 0);
    assert.ok(expected !== null);
    assert.equal(toHex(txIdOf(a.block.txs[0]?.tx as never)), toHex(txIdOf(expected.tx.tx)));
    assert.equal(toHex(a.block.header.settlementHash), toHex(expected.hash));
  });

  test('a block after a long gap ends and settles every due window itself', () => {
    const { w, s } = marketWorld(LAG);
    const r = commitBlock(w, s, [], timeIn(4n, LAG + 5n), 1);
    assert.equal(r.closes.length, 1, 'window 1 has orders; 2 and 3 are empty');
    assert.equal(marginAddressOf(r.block.txs[0]), validatorAddress(w, 1));
    const tip = tipOf(s);
    assert.equal(tip?.lastClosedWindow, 3n);
    assert.equal(tip?.lastSettledWindow, 3n);
  });

  test('a block at end + lag that leaves the settlement out, or carries it early, is rejected', () => {
    const { w, s } = marketWorld(LAG);
    commitBlock(w, s, [], timeIn(2n, 10n), 2);
    const good = buildBlock(
      s,
      { timestampMs: timeIn(2n, LAG), proposer: 0, txs: [], parentCert: parentCert(s) },
      w.ctx,
    );
    const settlement = good.block.txs[0] as SignedTx;
    const missing = { ...good.block, txs: [] };
    assert.throws(
      () => applyBlock(s, { ...missing, header: { ...missing.header, txRoot: buildTxRoot([]) } }, w.ctx),
      (e: Error & { code?: string }) => e.code === 'BLOCK_SETTLEMENT_MISSING',
    );
    const early = buildBlock(
      s,
      { timestampMs: timeIn(2n, 20n), proposer: 0, txs: [], parentCert: parentCert(s) },
      w.ctx,
    );
    assert.equal(early.block.txs.length, 0);
    const withEarly = {
      ...early.block,
      txs: [settlement],
      header: { ...early.block.header, txRoot: buildTxRoot([settlement]) },
    };
    assert.throws(
      () => applyBlock(s, withEarly, w.ctx),
      (e: Error & { code?: string }) => e.code === 'TX_SETTLEMENT_NOT_ALLOWED',
    );
  });

  test('a node restarted between the end and the settlement keeps the book (state from entries)', () => {
    const { w, s } = marketWorld(LAG);
    commitBlock(w, s, [], timeIn(2n, 10n), 2);
    const copy = LedgerState.fromEntries(s.allEntries());
    assert.equal(copy.tableSize(Table.order), 4);
    assert.equal(toHex(copy.root()), toHex(s.root()));
    assert.equal(copy.deadWindows.size, 0);
  });

  test('the lag must be below the window length', () => {
    const w = new World();
    assert.throws(
      () => chainContext({ ...w.genesis, settlementLagMs: w.genesis.windowMs }),
      (e: Error & { code?: string }) => e.code === 'GENESIS_BAD_SETTLEMENT_LAG' && /below window_ms/.test(e.message),
    );
    assert.equal(
      chainContext({ ...w.genesis, settlementLagMs: w.genesis.windowMs - 1n }).settlementLagMs,
      w.genesis.windowMs - 1n,
    );
  });

  test('the tip entry: 24 bytes when nothing waits, 36 while windows wait for settlement', () => {
    const { w, s } = marketWorld(LAG);
    commitBlock(w, s, [], timeIn(2n, 10n), 2);
    const b = s.get(keys.tip()) as Uint8Array;
    assert.equal(b.length, 36);
    assert.equal(decodeTip(b).endProposer, 2);
    assert.throws(
      () => decodeTip(b.subarray(0, 30)),
      (e: Error & { code?: string }) => e.code === 'STATE_CORRUPT',
    );
  });
});
