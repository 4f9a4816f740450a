/**
 * Fault tests with real processes (testing.md T2), part 2 of 2 (its own testnet, see part 1): four
 * honest validators in network namespaces with 198.18.x.y addresses, mint load throughout, and the
 * invariant checker after each fault: minority partition, no-quorum split and heal (iptables inside
 * the namespaces), an HTTP order flood (429 + Retry-After, blocks keep coming, memory bounded).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sleep, waitFor } from '../lib/api.js';
import { rssOf } from '../lib/checker.js';
import { MintLoad } from '../lib/load.js';
import { exitOnSignals, LocalNet, type NodeProc } from '../lib/local-net.js';
import { NetnsLab, netnsUnavailable } from '../lib/netns.js';
import { assertInvariants, faketimeUnavailable, heightOf, LIBFAKETIME } from './helpers.js';

const NO_NETNS = netnsUnavailable();
const NO_FAKETIME = faketimeUnavailable();
if (NO_NETNS !== null) console.log(`# SKIP fault tests: ${NO_NETNS}`);
if (NO_FAKETIME !== null) console.log(`# clock-skew fault skipped: ${NO_FAKETIME}`);
const VIEW_MS = 1500;
exitOnSignals();
const T = { timeout: 180_000 };
const BYZANTINE = { LEAG_TEST_BYZANTINE: 'invalid-proposal', LEAG_TEST_MODES_ALLOWED: '1' };
const SKEW: Record<string, string> =
  NO_FAKETIME === null && LIBFAKETIME !== undefined
    ? { LD_PRELOAD: LIBFAKETIME, FAKETIME: '+30s', FAKETIME_DONT_FAKE_MONOTONIC: '1', FAKETIME_NO_CACHE: '1' }
    : {};

describe('fault tests, part 2: real leagd processes in network namespaces', {
  skip: NO_NETNS ?? false,
  timeout: 900_000,
}, () => {
  let net: LocalNet;
  let load: MintLoad;
  const paused = new Set<number>();
  const live = (): NodeProc[] => net.nodes.filter((n) => n.running && !paused.has(n.index));

  /**
   * Node 0 misbehaves from genesis until it is the kill -9 victim: byzantine (primary of view 0, so
   * its first proposal is certainly invalid) and clock +30 s; then it restarts honest, so the later
   * faults stay within f = 1. It also has a low API rate limit for the flood.
   */
  const early = false;
  const env = (i: number): Record<string, string> =>
    i === 0 ? { ...(early ? { ...BYZANTINE, ...SKEW } : {}), LEAG_RATE_LIMIT_MAX: '150' } : {};

  before(async () => {
    const lab = new NetnsLab(`t${process.pid}`, 1 + (process.pid % 250));
    net = await LocalNet.create({ nodes: 4, windowMs: 4000, blockIntervalMs: 500, viewTimeoutMs: VIEW_MS, lab });
    process.once('exit', () => rmSync(net.dir, { recursive: true, force: true }));
    // node 0 first, so that it is up to propose in view 0 (as the byzantine primary)
    net.node(0).start(env(0));
    await waitFor(
      'node 0 API',
      () =>
        net
          .node(0)
          .status()
          .then(() => true),
      150_000,
    );
    for (const n of net.nodes.slice(1)) n.start(env(n.index));
    await net.waitForHeight(1n, 150_000);
    load = new MintLoad(() => live().map((n) => n.apiUrl));
    load.start();
  });

  after(async () => {
    await load?.stop();
    await net?.stop();
  });

  /** Precondition of every scenario, so one failure does not cascade: all 4 up, at one height, no cuts. */
  const allUp = async () => {
    net.lab?.heal(4);
    for (const n of net.nodes) {
      n.signal('SIGCONT');
      paused.delete(n.index);
      if (!n.running) n.start(env(n.index));
    }
    await net.waitForHeight((await net.maxHeight()) + 1n, 150_000, net.nodes);
  };

  test('minority partition: the majority keeps committing, the cut-off node commits nothing new', T, async () => {
    await allUp();
    const lab = net.lab as NetnsLab;
    lab.partition([[0, 1, 2], [3]]);
    try {
      await sleep(1000);
      const cutAt = (await heightOf(net.node(3))) ?? 0n;
      const h0 = await net.maxHeight();
      await net.waitForHeight(h0 + 4n, 60_000, [net.node(0), net.node(1), net.node(2)]);
      const h3 = (await heightOf(net.node(3))) ?? 0n;
      assert.ok(h3 <= cutAt + 1n, `the minority node went from ${cutAt} to ${h3} while cut off`);
    } finally {
      lab.heal(4);
    }
    await net.waitForHeight((await net.maxHeight()) + 1n, 90_000, net.nodes);
    await assertInvariants(net, load.acknowledged);
  });

  test('no-quorum split 2|2: the chain halts without a fork, then resumes after heal', T, async () => {
    await allUp();
    const lab = net.lab as NetnsLab;
    lab.partition([
      [0, 1],
      [2, 3],
    ]);
    let halted: bigint;
    try {
      await sleep(2 * VIEW_MS);
      const h0 = await net.maxHeight();
      await sleep(4 * VIEW_MS);
      halted = await net.maxHeight();
      assert.ok(halted <= h0 + 1n, `blocks were committed without a quorum: ${h0} -> ${halted}`);
    } finally {
      lab.heal(4);
    }
    await net.waitForHeight(halted + 2n, 120_000, net.nodes);
    await assertInvariants(net, load.acknowledged);
  });

  test('HTTP order flood: 429 with Retry-After, blocks keep coming, memory bounded', T, async () => {
    await allUp();
    const target = net.node(0);
    const rss0 = rss(target.pid);
    const h0 = await net.maxHeight([net.node(1), net.node(2), net.node(3)]);
    let limited = 0;
    let retryAfter = 0;
    const body = JSON.stringify({ tx: { tx: { version: 1, chainId: 'flood', kind: 'TX_KIND_SELL_ORDER' } } });
    const worker = async () => {
      for (let i = 0; i < 30; i++) {
        const r = await fetch(`${target.apiUrl}/v1/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).catch(() => undefined);
        if (r === undefined) continue;
        if (r.status === 429) {
          limited++;
          retryAfter = Math.max(retryAfter, Number(r.headers.get('retry-after') ?? 0));
        }
        await r.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    assert.ok(limited > 0, 'no 429 during a flood of 600 requests over a limit of 150');
    assert.ok(retryAfter > 0, '429 without Retry-After');
    await net.waitForHeight(h0 + 2n, 60_000, [net.node(1), net.node(2), net.node(3)]);
    const grew = rss(target.pid) - rss0;
    assert.ok(grew < 300 * 2 ** 20, `node 0 grew by ${grew} bytes under the flood`);
    await assertInvariants(net, load.acknowledged);
  });
});

function rss(pid: number | undefined): number {
  return (pid === undefined ? undefined : rssOf(pid)) ?? 0;
}
