/** Shared pieces of the fault tests: the checker over a LocalNet and a node's height (the testnet is lib/fault-net). */
import assert from 'node:assert/strict';
import { checkChains } from '../lib/checker.js';
import type { LocalNet, NodeProc } from '../lib/local-net.js';

/** Runs the invariant checker over every node and fails the test with every violation found. */
export async function assertInvariants(
  net: LocalNet,
  acknowledged: Iterable<string>,
  catchUpMs = 90_000,
): Promise<bigint> {
  // txs acknowledged up to now must be committed within a few blocks: let three more blocks come
  const acked = [...acknowledged];
  await net.waitForHeight((await net.maxHeight()) + 3n, catchUpMs, net.nodes);
  const r = await checkChains({
    // node 0 (rate-limited in the fault tests) last: the checker reads whole blocks from the first
    nodes: [...net.nodes.slice(1), ...net.nodes.slice(0, 1)].map((n) => ({
      index: n.index,
      apiUrl: n.apiUrl,
      pid: n.pid,
    })),
    genesisFile: net.genesisFile,
    acknowledged: acked,
    catchUpMs,
  });
  if (r.pending.length > 0)
    console.log(`# ${r.pending.length} acknowledged txs still pending in a mempool at ${r.height}`);
  assert.deepEqual(r.violations, [], `invariants violated at height ${r.height}:\n${r.violations.join('\n')}`);
  return r.height;
}

/** The node's height, or undefined when it does not answer. */
export async function heightOf(n: NodeProc): Promise<bigint | undefined> {
  return n.height().catch(() => undefined);
}
