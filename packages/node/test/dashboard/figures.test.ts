/**
 * The window-history figures: computed from a real contract run, they agree with the contract's
 * own reported figures (up to the settlement's Wh flooring of delivered energy).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ContractBuyOrder, type ContractSellOrder, clear } from '@leag/contract-vm';
import type { BuyOrder, Settlement } from '@leag/core';
import { emptyFigures, figuresOf } from '../../src/dashboard/figures.js';

const P = { l1: 0.0025, l2: 0.005 };

function market(nb: number, ns: number) {
  const buyers: ContractBuyOrder[] = [];
  const sellers: ContractSellOrder[] = [];
  for (let i = 0; i < nb; i++) {
    buyers.push({
      id: (i + 1).toString(16).padStart(64, '0'),
      dMinWh: BigInt(1000 + 700 * i),
      dMaxWh: BigInt(9000 + 1300 * i),
      omegaPpm: 550_000 + 35_000 * i,
      price: BigInt(810_000 + 7_000 * i),
      priceMax: BigInt(900_000 + 8_000 * i),
    });
  }
  for (let j = 0; j < ns; j++) {
    sellers.push({
      id: (0x100 + j).toString(16).padStart(64, '0'),
      sMaxWh: BigInt(7000 + 2100 * j),
      price: BigInt(780_000 + 6_000 * j),
      priceMin: BigInt(650_000 + 20_000 * j),
    });
  }
  return { buyers, sellers };
}

const asBuy = (b: ContractBuyOrder): BuyOrder =>
  ({ ...b, window: 7n, nonce: 1n, address: new Uint8Array(20), gridFallback: false }) as BuyOrder;

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe('window figures', () => {
  for (const [nb, ns] of [
    [1, 1],
    [6, 5],
    [12, 3],
  ] as const) {
    test(`agree with the contract's figures (${nb} buyers, ${ns} sellers)`, () => {
      const m = market(nb, ns);
      const r = clear({ window: 7n, params: P, buyers: m.buyers, sellers: m.sellers });
      assert.ok(r.settlement.pairs.length > 0, 'the market trades');
      const f = figuresOf(
        7n,
        r.settlement,
        { buys: m.buyers.map((b) => ({ id: b.id, order: asBuy(b) })), sellIds: m.sellers.map((s) => s.id) },
        P,
        12n,
      );
      assert.equal(f.window, '7');
      assert.equal(f.cleared, true);
      assert.equal(f.closedAtHeight, '12');
      assert.equal(f.pairs, r.settlement.pairs.length);
      assert.equal(f.buyOrders, nb);
      assert.equal(f.sellOrders, ns);
      assert.equal(f.bandPrice, r.settlement.bandPrice.toString());
      assert.equal(f.margin, r.settlement.margin.toString());
      assert.equal(f.successRate, r.figures.successRate);
      const sold = r.settlement.pairs.reduce((s, p) => s + p.energySoldWh, 0n);
      assert.equal(f.energySoldWh, sold.toString());
      assert.ok(close(f.welfare, r.figures.socialWelfare, 1e-3), `welfare ${f.welfare} vs ${r.figures.socialWelfare}`);
      assert.ok(close(f.pma, r.figures.pma, 1e-3), `pma ${f.pma} vs ${r.figures.pma}`);
      assert.ok(close(Number(f.avgBuyPrice), r.figures.avgBuyPrice * 1e6, 1e-4));
      assert.ok(close(Number(f.avgSellPrice), r.figures.avgSellPrice * 1e6, 1e-4));
      assert.ok(Number(f.avgSellPrice) <= Number(f.avgBuyPrice));
    });
  }

  test('a settlement without pairs scores zero; an empty window is marked not cleared', () => {
    const m = market(2, 2);
    const s: Settlement = {
      window: 3n,
      bandPrice: 800_000n,
      pairs: [],
      unmatchedBuyers: m.buyers.map((b) => b.id),
      unmatchedSellers: m.sellers.map((x) => x.id),
      refunds: [],
      margin: 0n,
      buyersAdmitted: 0,
      sellersAdmitted: 0,
    };
    const f = figuresOf(
      3n,
      s,
      { buys: m.buyers.map((b) => ({ id: b.id, order: asBuy(b) })), sellIds: m.sellers.map((x) => x.id) },
      P,
      5n,
    );
    assert.deepEqual([f.pairs, f.welfare, f.pma, f.successRate, f.avgBuyPrice, f.energySoldWh], [0, 0, 0, 0, '0', '0']);
    const e = emptyFigures(4n);
    assert.equal(e.cleared, false);
    assert.equal(e.closedAtHeight, undefined);
  });
});
