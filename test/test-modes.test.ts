/** leagd's test-only modes are refused outside a testnet or without the explicit flag. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Block, Genesis } from '@leag/core';
import { mutateProposal, readTestModes } from '../packages/node/src/testing/index.js';

const g = (chainId: string) => ({ chainId }) as Genesis;

test('test modes: off by default, refused without testnet genesis or explicit flag, unknown names rejected', () => {
  assert.deepEqual(readTestModes({}, g('leag-main')), { byzantine: null, broken: null });
  const byz = { LEAG_TEST_BYZANTINE: 'invalid-proposal' };
  assert.throws(() => readTestModes(byz, g('leag-testnet-ab')), { code: 'TEST_MODE_REFUSED' });
  assert.throws(() => readTestModes({ ...byz, LEAG_TEST_MODES_ALLOWED: '1' }, g('leag-main')), {
    code: 'TEST_MODE_REFUSED',
  });
  assert.throws(() => readTestModes({ LEAG_TEST_BROKEN: 'nope', LEAG_TEST_MODES_ALLOWED: '1' }, g('leag-testnet-a')), {
    code: 'TEST_MODE_UNKNOWN',
  });
  const ok = readTestModes(
    { ...byz, LEAG_TEST_BROKEN: 'skip-journal', LEAG_TEST_MODES_ALLOWED: '1' },
    g('leag-testnet-a'),
  );
  assert.deepEqual(ok, { byzantine: 'invalid-proposal', broken: 'skip-journal' });
});

test('the invalid proposal differs from the honest one only in its state root', () => {
  const block = { header: { stateRoot: new Uint8Array(32).fill(7), height: 5n }, txs: [] } as unknown as Block;
  const bad = mutateProposal({ byzantine: 'invalid-proposal', broken: null }, block);
  assert.notDeepEqual(bad.header.stateRoot, block.header.stateRoot);
  assert.equal(bad.header.height, 5n);
  assert.equal(mutateProposal({ byzantine: null, broken: null }, block), block);
});
