/**
 * Worker of the signature-limit measurement: verifies distinct signed sell orders through the
 * node's own path (SigCache.verify: cache key, signing bytes, core's verifyWitness → libsecp256k1,
 * or OpenSSL when LEAG_SECP_BACKEND=openssl)
 * for a fixed time and posts how many it verified. The cache holds one entry and the orders cycle
 * over 256 distinct ones, so every call is a miss that really verifies. The orders are decoded
 * from their bytes first, as a node holds them (sealed: their encoding and id are computed once,
 * see core's codec/tx-memo.ts), so the rate is that of the verification itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { codecs, signatureBackend } from '@leag/core';
import { SigCache } from '../../packages/node/src/trading/sig-cache.js';
import { newLoadEv, sellOrderTx } from './orders.js';

const { ms } = workerData as { ms: number };
const evs = Array.from({ length: 8 }, newLoadEv);
const txs = Array.from({ length: 256 }, (_, i) =>
  codecs.SignedTx.decode(codecs.SignedTx.encode(sellOrderTx('leag-bench', evs[i % 8]!, 1n, i))),
);
const cache = new SigCache(1);
for (let i = 0; i < 64; i++) cache.verify(txs[i % 256]!); // warm-up
parentPort?.once('message', () => {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) {
    for (let k = 0; k < 16; k++) {
      if (!cache.verify(txs[n % 256]!)) throw new RangeError('sig-limit: a valid order failed to verify');
      n++;
    }
  }
  parentPort?.postMessage({ n, elapsedMs: performance.now() - t0 });
});
parentPort?.postMessage({ backend: signatureBackend });
