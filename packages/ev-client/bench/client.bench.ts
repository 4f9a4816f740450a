/**
 * Client-side costs (no network): keystore unlock at the default scrypt cost, and building +
 * signing buy and sell orders (what bounds a fleet's order rate per core). For end-to-end order
 * throughput against real nodes run `leag-ev fleet` (it reports orders/s and ack latency).
 * Prints one JSON object as its last stdout line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MARKET_PARAMS, parseAddress } from '@leag/core';
import { DEFAULT_SCRYPT_N } from '../src/keystore/crypto.js';
import { Wallet } from '../src/keystore/wallet.js';
import { buildBuyOrder, buildSellOrder } from '../src/orders/build.js';
import type { Coin } from '../src/orders/coins.js';
import { boundsOf, validateBuy, validateSell } from '../src/orders/validate.js';

const dir = await mkdtemp(join(tmpdir(), 'leag-ev-bench-'));
try {
  const path = join(dir, 'ks.json');
  let t = performance.now();
  await Wallet.create(path, 'bench passphrase');
  const createMs = performance.now() - t;
  t = performance.now();
  const w = await Wallet.unlock(path, 'bench passphrase');
  const unlockMs = performance.now() - t;

  const n = 2000;
  w.markGranted(w.newAddresses(200).map((a) => a.address));
  const addrs = w.addressBytes();
  const signer = { secretKeyOf: (a: Uint8Array) => w.secretKeyOf(a) };
  const coins: Coin[] = [
    {
      txId: new Uint8Array(32).fill(1),
      index: 0,
      value: 1_000_000_000n,
      address: addrs[0] as Uint8Array,
      escrowWindow: 0n,
    },
  ];
  const b = boundsOf(DEFAULT_MARKET_PARAMS);
  t = performance.now();
  for (let i = 0; i < n; i++) {
    const values = validateBuy({ min: '5', max: '12.5', price: '0.7', maxPrice: '0.95', omega: '0.8' }, b);
    buildBuyOrder(
      { chainId: 'bench', window: 1n, nonce: BigInt(i), address: addrs[i % 200] as Uint8Array, values, coins },
      signer,
    );
  }
  const buyPerSec = n / ((performance.now() - t) / 1000);
  t = performance.now();
  for (let i = 0; i < n; i++) {
    const values = validateSell({ max: '15', price: '0.9', minPrice: '0.7' }, b);
    buildSellOrder(
      {
        chainId: 'bench',
        window: 1n,
        nonce: BigInt(i),
        address: parseAddress(w.data.addresses[i % 200]?.address as string),
        values,
      },
      signer,
    );
  }
  const sellPerSec = n / ((performance.now() - t) / 1000);
  process.stderr.write(
    `keystore create ${createMs.toFixed(0)} ms, unlock ${unlockMs.toFixed(0)} ms; buy ${buyPerSec.toFixed(0)}/s, sell ${sellPerSec.toFixed(0)}/s\n`,
  );
  console.log(
    JSON.stringify({
      scryptN: DEFAULT_SCRYPT_N,
      keystoreCreateMs: Math.round(createMs),
      keystoreUnlockMs: Math.round(unlockMs),
      buyOrdersBuiltPerSec: Math.round(buyPerSec),
      sellOrdersBuiltPerSec: Math.round(sellPerSec),
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
