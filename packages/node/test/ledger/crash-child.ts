/** Child process of crash.test.ts: commits random blocks to a LevelDB ledger until it is killed. */
import { Ledger } from '../../src/ledger/index.js';
import { LevelDb } from '../../src/storage/index.js';
import { RandomChain } from './random-chain.js';
import { World } from './world.js';

const [path, seedText] = process.argv.slice(2);
const w = new World(6);
const ledger = await Ledger.open(await LevelDb.open(path as string), w.ctx);
const chain = new RandomChain(w, w.genesisState(), Number(seedText));
const first = chain.start();
await ledger.applyAndCommit(first);
for (let i = 0; i < 400; i++) {
  const b = chain.step(30);
  await ledger.applyAndCommit(b);
  process.stdout.write(`committed ${b.header.height}\n`);
}
await ledger.close();
