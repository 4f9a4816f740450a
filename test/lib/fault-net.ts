/**
 * The fault suites' testnet (testing.md T2): 4 real leagd processes, each in its own network
 * namespace with a 198.18.<subnet>.x address (NetnsLab), node 0 started first so that it proposes
 * in view 0, mint load on the live nodes throughout, and `allUp()`, every scenario's precondition.
 * `useFaultNet` registers the before/after hooks in the calling describe; the namespaces, the
 * processes and the directory are torn down after the suite (and on process exit).
 */
import { rmSync } from 'node:fs';
import { after, before } from 'node:test';
import { waitFor } from './api.js';
import { faketimeUnavailable, skewEnv } from './faketime.js';
import { MintLoad } from './load.js';
import { exitOnSignals, LocalNet, type NodeProc } from './local-net.js';
import { NetnsLab, netnsUnavailable } from './netns.js';

/** Why the fault suites cannot run here (no root or ip netns), or null; printed as a skip. */
export const NO_NETNS = netnsUnavailable();
/** Why the clock-skew fault cannot run here (no libfaketime), or null. */
export const NO_FAKETIME = faketimeUnavailable();
if (NO_NETNS !== null) console.log(`# SKIP fault tests: ${NO_NETNS}`);
if (NO_FAKETIME !== null) console.log(`# clock-skew fault skipped: ${NO_FAKETIME}`);
exitOnSignals();

export const VIEW_MS = 1500;
/** Options of every fault scenario. */
export const T = { timeout: 180_000 };
/** Options of a fault suite's describe: skipped (with the printed reason) without network namespaces. */
export const SUITE = { skip: NO_NETNS ?? false, timeout: 900_000 };
/** A node that makes invalid proposals (a test mode). */
export const BYZANTINE = { LEAG_TEST_BYZANTINE: 'invalid-proposal', LEAG_TEST_MODES_ALLOWED: '1' };
/** A node whose clock runs 30 s ahead (empty without libfaketime). */
export const SKEW = skewEnv('+30s', NO_FAKETIME);
/** Node 0's low API rate limit, for the HTTP flood. */
export const RATE_LIMITED = { LEAG_RATE_LIMIT_MAX: '150' };

export interface FaultNet {
  /** The testnet (set in the suite's before hook). */
  readonly net: LocalNet;
  /** The mint load on the live nodes; its `acknowledged` ids feed the invariant checker. */
  readonly load: MintLoad;
  /** Nodes a scenario has SIGSTOPped: not live, so the load and height checks skip them. */
  readonly paused: Set<number>;
  /** Running and not paused. */
  live(): NodeProc[];
  /** All 4 up, continued, no cuts, one more block on every node: so one failure does not cascade. */
  allUp(): Promise<void>;
}

/** Registers the suite's hooks; `env(i)` is node i's environment at each (re)start. */
export function useFaultNet(env: (i: number) => Record<string, string>): FaultNet {
  let net: LocalNet | undefined;
  let load: MintLoad | undefined;
  const paused = new Set<number>();
  const fx: FaultNet = {
    get net() {
      return net as LocalNet;
    },
    get load() {
      return load as MintLoad;
    },
    paused,
    live: () => fx.net.nodes.filter((n) => n.running && !paused.has(n.index)),
    allUp: async () => {
      const n4 = fx.net;
      n4.lab?.heal(4);
      for (const n of n4.nodes) {
        n.signal('SIGCONT');
        paused.delete(n.index);
        if (!n.running) n.start(env(n.index));
      }
      await n4.waitForHeight((await n4.maxHeight()) + 1n, 150_000, n4.nodes);
    },
  };

  before(async () => {
    const lab = new NetnsLab(`t${process.pid}`, 1 + (process.pid % 250));
    const made = await LocalNet.create({ nodes: 4, windowMs: 4000, blockIntervalMs: 500, viewTimeoutMs: VIEW_MS, lab });
    net = made;
    process.once('exit', () => rmSync(made.dir, { recursive: true, force: true }));
    // node 0 first, so that it is up to propose in view 0 (as the byzantine primary, in part 1)
    made.node(0).start(env(0));
    await waitFor(
      'node 0 API',
      () =>
        made
          .node(0)
          .status()
          .then(() => true),
      150_000,
    );
    for (const n of made.nodes.slice(1)) n.start(env(n.index));
    await made.waitForHeight(1n, 150_000);
    load = new MintLoad(() => fx.live().map((n) => n.apiUrl));
    load.start();
  });

  after(async () => {
    await load?.stop();
    await net?.stop();
  });

  return fx;
}
