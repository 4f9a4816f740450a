import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_MARKET_PARAMS } from '@leag/core';
import { fleetRoles, fleetRound } from '../src/fleet/orders.js';
import { boundsOf, validateBuy, validateSell } from '../src/orders/validate.js';

describe('fleet order generation (Table II)', () => {
  test('roles follow 35:40 and every order passes local validation', () => {
    assert.deepEqual(fleetRoles(75), { buyers: 35, sellers: 40 });
    assert.deepEqual(fleetRoles(2), { buyers: 1, sellers: 1 });
    assert.deepEqual(fleetRoles(1), { buyers: 1, sellers: 0 });
    const b = boundsOf(DEFAULT_MARKET_PARAMS);
    for (let r = 0; r < 5; r++) {
      const orders = fleetRound(40, r, 7, { buy: 0.6, sell: 1 });
      assert.equal(orders.length, 40);
      assert.deepEqual(
        orders.map((o) => o.ev),
        [...Array(40).keys()],
      );
      for (const o of orders) {
        if (o.kind === 'buy') {
          const v = validateBuy(o, b);
          assert.ok(v.dMinWh >= 5000n && v.dMinWh <= 10000n && v.dMaxWh >= 12000n && v.dMaxWh <= 18000n);
        } else {
          const v = validateSell(o, b);
          assert.ok(v.sMaxWh >= 10000n && v.sMaxWh <= 20000n);
        }
      }
    }
    assert.deepEqual(fleetRound(10, 3, 1, { buy: 0.6, sell: 1 }), fleetRound(10, 3, 1, { buy: 0.6, sell: 1 }));
    assert.notDeepEqual(fleetRound(10, 3, 1, { buy: 0.6, sell: 1 }), fleetRound(10, 4, 1, { buy: 0.6, sell: 1 }));
  });
});
