/** LEAG_TEST_CLOCK_OFFSET_MS follows the test-mode rules: off by default, refused outside a testnet or without the flag. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Genesis } from '@leag/core';
import { offsetClock, readTestClockOffset } from '../../src/testing/index.js';

const g = (chainId: string) => ({ chainId }) as Genesis;
const allowed = { LEAG_TEST_MODES_ALLOWED: '1' };

test('test clock offset: 0 unless asked, refused outside a testnet or without the flag, bad values rejected', () => {
  assert.equal(readTestClockOffset({}, g('leag-main')), 0);
  assert.equal(readTestClockOffset({ LEAG_TEST_CLOCK_OFFSET_MS: '30000', ...allowed }, g('leag-testnet-a')), 30_000);
  assert.equal(readTestClockOffset({ LEAG_TEST_CLOCK_OFFSET_MS: '-30000', ...allowed }, g('leag-testnet-a')), -30_000);
  assert.throws(() => readTestClockOffset({ LEAG_TEST_CLOCK_OFFSET_MS: '30000' }, g('leag-testnet-a')), {
    code: 'TEST_MODE_REFUSED',
  });
  assert.throws(() => readTestClockOffset({ LEAG_TEST_CLOCK_OFFSET_MS: '30000', ...allowed }, g('leag-main')), {
    code: 'TEST_MODE_REFUSED',
  });
  for (const bad of ['1e3', '30s', '99999999999', '86400001', ' 5'])
    assert.throws(() => readTestClockOffset({ LEAG_TEST_CLOCK_OFFSET_MS: bad, ...allowed }, g('leag-testnet-a')), {
      code: 'TEST_MODE_BAD_VALUE',
    });
  const base = () => 1000;
  assert.equal(offsetClock(base, 0), base);
  assert.equal(offsetClock(base, 250)(), 1250);
});
