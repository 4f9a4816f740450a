// copy to packages/node/bench/close-time.tmp.ts; run: node --import tsx packages/node/bench/close-time.tmp.ts 20000 [prof.cpuprofile]
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { SignedTx } from '@leag/core';
import { commitBlock, grant, sellOrder, timeIn, World } from '../test/ledger/world.js';
const N = Number(process.argv[2] ?? 20000);
const EVS = 32;
const w = new World(EVS);
const s = w.genesisState();
commitBlock(w, s, [grant(w, w.evs.map((e) => e.addr))], timeIn(1n, 100n));
const nonces = new Array<bigint>(EVS).fill(1n);
const all: SignedTx[] = [];
for (let i = 0; i < N; i++) {
  const k = i % EVS; const nonce = nonces[k] as bigint; nonces[k] = nonce + 1n;
  all.push(sellOrder(w.evs[k] as never, { window: 1n, nonce, sMaxWh: 1_000n + BigInt(i) }));
}
let t0 = performance.now();
for (let d = 0; d < N; d += 5000) commitBlock(w, s, all.slice(d, d + 5000), timeIn(1n, 1_000n + BigInt(d)));
const fill = performance.now() - t0;
const sess = new Session(); sess.connect();
if (process.argv[3]) { await sess.post('Profiler.enable'); await sess.post('Profiler.start'); }
t0 = performance.now();
commitBlock(w, s, [], timeIn(2n, 10n));
const close = performance.now() - t0;
if (process.argv[3]) { const { profile } = await sess.post('Profiler.stop'); writeFileSync(process.argv[3], JSON.stringify(profile)); }
console.log(`N ${N}: fill ${fill.toFixed(0)} ms (${(fill / N * 1000).toFixed(1)} us/order), close ${close.toFixed(0)} ms`);
