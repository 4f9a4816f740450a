import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bytesEqual, codecs, TxKind } from '@leag/core';
import { applyBlock, escrowFor, LedgerState, StateView, Table, Tables, txIdOf } from '../../src/ledger/index.js';
import { buyOrder, commitBlock, grant, sellOrder, timeIn, World, withTxs } from './world.js';

function totalMoney(s: LedgerState): bigint {
  let sum = 0n;
  for (const [, v] of s.tableEntries(Table.utxo)) sum += codecs.TxOutput.decode(v).value;
  return sum;
}
const supplyOf = (s: LedgerState) => new Tables(new StateView(s)).supply();

describe('a window from orders to settlement', () => {
  test('orders in window 1 settle in the first block of window 2, books balance', () => {
    const w = new World();
    const s = w.genesisState();
    const [b0, b1, s0, s1] = w.evs as [(typeof w.evs)[0], (typeof w.evs)[0], (typeof w.evs)[0], (typeof w.evs)[0]];
    commitBlock(w, s, [grant(w, [b0.addr, b1.addr, s0.addr, s1.addr])], timeIn(1n, 100n));
    const g = w.genesisCoin.bind(w);
    const buy0 = buyOrder(b0, { prev: g(0), value: 1000_000_000n }, { window: 1n, nonce: 1n });
    const buy1 = buyOrder(
      b1,
      { prev: g(1), value: 1000_000_000n },
      { window: 1n, nonce: 1n, dMinWh: 3_000n, dMaxWh: 8_000n, priceMax: 900_000n, price: 650_000n },
    );
    const sell0 = sellOrder(s0, { window: 1n, nonce: 1n });
    const sell1 = sellOrder(s1, { window: 1n, nonce: 1n, sMaxWh: 6_000n, price: 800_000n, priceMin: 650_000n });
    const r1 = commitBlock(w, s, [buy0, buy1, sell0, sell1], timeIn(1n, 2_000n));
    assert.equal(r1.rejected.length, 0, JSON.stringify(r1.rejected.map((x) => x.error.code)));
    assert.equal(s.tableSize(Table.order), 4);
    const before = totalMoney(s);
    // A block still inside window 1 does not close it.
    const r2 = commitBlock(w, s, [], timeIn(1n, 50_000n));
    assert.equal(r2.closes.length, 0);
    // The first block of window 2 closes window 1.
    const r3 = commitBlock(w, s, [], timeIn(2n, 10n), 2);
    assert.equal(r3.closes.length, 1);
    const st = r3.block.txs[0]?.tx;
    assert.equal(st?.kind, TxKind.TX_KIND_SETTLEMENT);
    const settlement = st?.settlement?.settlement;
    assert.ok(settlement !== undefined && settlement.pairs.length > 0, 'some pairs trade');
    assert.ok(bytesEqual(r3.block.header.settlementHash, r3.closes[0]?.hash as Uint8Array));
    // Escrows spent exactly once: gone from the UTXO set; orders dropped; money conserved.
    const t = new Tables(new StateView(s));
    assert.equal(t.getUtxo(txIdOf(buy0.tx), 0), undefined);
    assert.equal(t.getUtxo(txIdOf(buy1.tx), 0), undefined);
    assert.equal(s.tableSize(Table.order), 0);
    assert.equal(totalMoney(s), before);
    const sup = supplyOf(s);
    assert.equal(totalMoney(s), sup.minted + sup.gridIssued);
    // Payments: buyers pay, sellers and proposer receive; escrow = pays + refund.
    const paid = settlement.pairs.reduce((a, p) => a + p.buyerPays, 0n);
    const got = settlement.pairs.reduce((a, p) => a + p.sellerGets, 0n);
    assert.equal(paid - got, settlement.margin);
    const refunds = settlement.refunds.reduce((a, r) => a + r.amount, 0n);
    assert.equal(paid + refunds, escrowFor(buy0.tx.buyOrder as never) + escrowFor(buy1.tx.buyOrder as never));
  });

  test('a validator recomputes the settlement; a block carrying another one is rejected', () => {
    const w = new World();
    const s = w.genesisState();
    const [b0, s0] = [w.evs[0], w.evs[2]] as [(typeof w.evs)[0], (typeof w.evs)[0]];
    commitBlock(w, s, [grant(w, [b0.addr, s0.addr])], timeIn(1n, 100n));
    commitBlock(
      w,
      s,
      [
        buyOrder(b0, { prev: w.genesisCoin(0), value: 1000_000_000n }, { window: 1n, nonce: 1n }),
        sellOrder(s0, { window: 1n, nonce: 1n }),
      ],
      timeIn(1n, 200n),
    );
    const honest = (() => {
      const copy = LedgerState.fromEntries(s.allEntries());
      copy.head = { ...s.head };
      return commitBlock(w, copy, [], timeIn(2n, 1n), 1);
    })();
    // Valid as proposed.
    applyBlock(s, honest.block, w.ctx);
    // Tamper: pay the seller one µ more, take it from the refund.
    const st = structuredClone(honest.block.txs[0]) as NonNullable<(typeof honest.block.txs)[0]>;
    (st.tx.outputs[0] as { value: bigint }).value += 1n;
    (st.tx.outputs[1] as { value: bigint }).value -= 1n;
    assert.throws(
      () => applyBlock(s, withTxs(honest.block, [st]), w.ctx),
      (e: { code?: string }) => e.code === 'BLOCK_SETTLEMENT_MISMATCH',
    );
    // Leaving the settlement out is rejected too.
    assert.throws(
      () => applyBlock(s, withTxs(honest.block, []), w.ctx),
      (e: { code?: string }) => e.code === 'BLOCK_SETTLEMENT_MISSING',
    );
  });
});

describe('grid fallback of unmatched orders', () => {
  test('an unmatched buyer buys from the grid with its escrow, an unmatched seller is paid by the grid', () => {
    const w = new World();
    const s = w.genesisState();
    const [b0, b1, s0] = [w.evs[0], w.evs[1], w.evs[2]] as [(typeof w.evs)[0], (typeof w.evs)[0], (typeof w.evs)[0]];
    commitBlock(w, s, [grant(w, [b0.addr, b1.addr, s0.addr])], timeIn(1n, 100n));
    // Prices that never cross: buyers cap at 0.65, the seller wants at least 0.9.
    const buy0 = buyOrder(
      b0,
      { prev: w.genesisCoin(0), value: 1000_000_000n },
      { window: 1n, nonce: 1n, price: 600_000n, priceMax: 650_000n, dMaxWh: 10_000n, gridFallback: true },
    );
    const buy1 = buyOrder(
      b1,
      { prev: w.genesisCoin(1), value: 1000_000_000n },
      { window: 1n, nonce: 1n, price: 600_000n, priceMax: 650_000n, dMaxWh: 10_000n },
    );
    const sell0 = sellOrder(s0, {
      window: 1n,
      nonce: 1n,
      price: 950_000n,
      priceMin: 900_000n,
      sMaxWh: 4_000n,
      gridFallback: true,
    });
    commitBlock(w, s, [buy0, buy1, sell0], timeIn(1n, 200n));
    const supplyBefore = supplyOf(s);
    const moneyBefore = totalMoney(s);
    const r = commitBlock(w, s, [], timeIn(2n, 1n));
    const st = r.block.txs[0]?.tx;
    assert.equal(st?.settlement?.settlement.pairs.length, 0);
    const outs = st?.outputs ?? [];
    // Buyer 0: escrow 6.5 units buys 6 500 Wh at r^G = 1 → pays 6 500 000 µ to the grid, no refund left.
    const toGrid = outs.filter((o) => bytesEqual(o.address, w.grid.addr));
    assert.deepEqual(
      toGrid.map((o) => [o.value, o.energyWh]),
      [[6_500_000n, 6_500n]],
    );
    // Buyer 1 (no fallback) is refunded in full.
    assert.ok(outs.some((o) => bytesEqual(o.address, b1.addr) && o.value === 6_500_000n && o.energyWh === 0n));
    // Seller: 4 000 Wh at p^G = 0.6 → 2 400 000 µ issued by the grid.
    assert.ok(outs.some((o) => bytesEqual(o.address, s0.addr) && o.value === 2_400_000n && o.energyWh === 4_000n));
    const sup = supplyOf(s);
    assert.equal(sup.gridIssued - supplyBefore.gridIssued, 2_400_000n);
    assert.equal(totalMoney(s), moneyBefore + 2_400_000n);
    assert.equal(totalMoney(s), sup.minted + sup.gridIssued);
  });
});
