import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError, toHex } from '@leag/core';
import type { LeagClient } from '../src/client/leag-client.js';
import { Wallet } from '../src/keystore/wallet.js';
import { outpointKey, PENDING_SPENT_TTL_MS, walletCoins } from '../src/ops/coins.js';
import { selectCoins } from '../src/orders/coins.js';

const id = (b: number) => toHex(new Uint8Array(32).fill(b));
const out = (value: string, escrowWindow = '0') => ({
  value,
  energyWh: '0',
  address: '',
  escrowWindow,
});

describe('wallet coins', () => {
  test('escrows are not spendable; coins of pending txs are reserved until they expire', async () => {
    const w = Wallet.inMemory();
    w.newAddresses(1);
    const client = {
      utxos: async (address: string) => ({
        address,
        height: '5',
        utxos: [
          { txId: id(1), index: 0, output: out('5000000') },
          { txId: id(2), index: 0, output: out('9000000', '3') },
          { txId: id(3), index: 1, output: out('1000000') },
        ],
      }),
    } as unknown as LeagClient;
    const all = await walletCoins(client, w);
    assert.equal(all.length, 3);
    assert.deepEqual(selectCoins(all, 5_500_000n).total, 6_000_000n, 'escrow never selected');
    assert.throws(
      () => selectCoins(all, 6_000_001n),
      (e: unknown) => isLeagError(e, 'EV_INSUFFICIENT_FUNDS'),
    );
    w.data.pendingSpent = [
      { outpoint: outpointKey(id(1), 0), atMs: Date.now() },
      { outpoint: outpointKey(id(3), 1), atMs: Date.now() - PENDING_SPENT_TTL_MS - 1 },
      { outpoint: outpointKey(id(9), 0), atMs: Date.now() },
    ];
    const left = await walletCoins(client, w);
    assert.deepEqual(
      left.map((c) => outpointKey(c.txId, c.index)),
      [outpointKey(id(2), 0), outpointKey(id(3), 1)],
      'the fresh reservation holds, the expired one is released',
    );
    assert.deepEqual(
      w.data.pendingSpent.map((p) => p.outpoint),
      [outpointKey(id(1), 0)],
      'expired and spent entries are forgotten',
    );
  });
});
