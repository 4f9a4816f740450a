/**
 * Consensus benchmark: in simulation, messages per committed block and simulated commit latency,
 * plain PBFT vs credit-weighted, on 4, 5 and 7 validators (with and without two slow validators);
 * and the state machine's throughput in messages per second on one core (signature checks
 * excluded). Prints one JSON object as its last stdout line.
 */
import { baseProfile, runProfile } from '../src/sim/index.js';
import { measureThroughput } from './throughput.js';

interface Row {
  n: number;
  f: number;
  mode: 'plain' | 'weighted';
  slowNodes: number;
  blocks: number;
  messagesPerBlock: number;
  commitLatencyMs: number;
  smallestCertificate: number;
}

const rows: Row[] = [];
for (const [n, f] of [
  [4, 1],
  [5, 1],
  [7, 1],
  [7, 2],
] as const) {
  for (const slow of [0, 2]) {
    for (const weighted of [false, true]) {
      const p = {
        ...baseProfile(42, n, f),
        weighted,
        targetHeight: 60,
        delayMin: 2,
        delayMax: 8,
        checkpointInterval: 10,
      };
      if (slow > 0) {
        p.slowNodes = [n - 1, n - 2];
        p.slowExtraMs = 40;
      }
      process.stderr.write(`sim n=${n} f=${f} ${weighted ? 'weighted' : 'plain'} slow=${slow}\n`);
      const r = runProfile(p);
      if (!r.ok) throw new Error(`benchmark run violated an invariant: ${r.violations.join('; ')}`);
      const chain = r.world.honestNodes()[0]!.disk.chain;
      rows.push({
        n,
        f,
        mode: weighted ? 'weighted' : 'plain',
        slowNodes: slow,
        blocks: Number(r.minHeight),
        messagesPerBlock: Math.round(r.messagesPerBlock * 10) / 10,
        commitLatencyMs: Math.round(r.meanBlockIntervalMs * 10) / 10,
        smallestCertificate: Math.min(...chain.map((c) => c.cert.commits.length)),
      });
    }
  }
}

process.stderr.write('throughput ...\n');
measureThroughput(4, 30_000); // warm-up
const tp = measureThroughput(4, 300_000);

const out = {
  benchmark: 'consensus',
  simulation: rows,
  throughput: { validators: 4, ...tp, signatureChecks: 'excluded', targetMessagesPerSecond: 50_000 },
};
console.log(JSON.stringify(out));
