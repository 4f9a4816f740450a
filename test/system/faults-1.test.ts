/**
 * Fault tests with real processes (testing.md T2), part 1 of 2 (each file has its own testnet and
 * fits the runner's 5-minute per-file limit): one 4-validator testnet, each node in its own network
 * namespace with a 198.18.x.y address (skips with a printed reason without root/ip netns), node 0
 * byzantine (invalid proposals) and under libfaketime +30 s from genesis until it is the kill -9
 * victim (it restarts honest, so later faults stay within f = 1), mint load on the API throughout,
 * and the invariant checker (1-7, 12) after every fault: a non-validator peer, the byzantine node,
 * the skewed clock, kill -9 and restart, SIGSTOP/SIGCONT; last, a deliberately broken node (no
 * mempool journal) must make the checker FAIL, proving the checker can fail.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WindowResponse } from '@leag/core';
import { api, get, sleep, waitFor } from '../lib/api.js';
import { checkChains, rssOf } from '../lib/checker.js';
import { BYZANTINE, NO_FAKETIME, RATE_LIMITED, SKEW, SUITE, T, useFaultNet } from '../lib/fault-net.js';
import { assertInvariants } from './helpers.js';
import { intruderDial, tcpReachable } from './intruder.js';

describe('fault tests, part 1: real leagd processes in network namespaces', SUITE, () => {
  /**
   * Node 0 misbehaves from genesis until it is the kill -9 victim: byzantine (primary of view 0, so
   * its first proposal is certainly invalid) and clock +30 s; then it restarts honest, so the later
   * faults stay within f = 1. It also has a low API rate limit for the flood.
   */
  let early = true;
  const env = (i: number): Record<string, string> =>
    i === 0 ? { ...(early ? { ...BYZANTINE, ...SKEW } : {}), ...RATE_LIMITED } : {};
  const fx = useFaultNet(env);
  const { paused, live, allUp } = fx;

  test('a peer that is not a genesis validator is refused at the connection gater', T, async () => {
    await allUp();
    assert.ok(await tcpReachable(fx.net.genesisFile, 0), 'the validator p2p port is reachable from outside');
    const err = await intruderDial(fx.net.genesisFile, 0);
    assert.ok(err !== null, 'the intruder opened a consensus stream');
    assert.doesNotMatch(err, /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/, 'refused by the node, not by the network');
    assert.equal((await fx.net.node(0).status()).peers, 3, 'the validators stay connected');
    await assertInvariants(fx.net, fx.load.acknowledged);
  });

  test(
    'a byzantine node (node 0, invalid proposals from genesis): honest nodes reject them, one chain',
    T,
    async () => {
      await allUp();
      // node 0 leads view 0 at genesis, so its first proposal was invalid: honest nodes refused it
      // (a node still starting may miss it); a block that got in anyway would fail the replay (inv3)
      await waitFor(
        'an honest node rejecting a proposal of node 0',
        async () => ([1, 2, 3].some((i) => /proposal rejected/.test(fx.net.node(i).log())) ? true : undefined),
        60_000,
      );
      await fx.net.waitForHeight((await fx.net.maxHeight()) + 3n, 120_000, fx.net.nodes);
      await assertInvariants(fx.net, fx.load.acknowledged);
    },
  );

  test('clock skew +30 s on node 0 (libfaketime): no fork, windows close by block time', {
    ...T,
    skip: NO_FAKETIME ?? false,
  }, async () => {
    await allUp();
    const skewed = await fx.net.node(0).status();
    const s0 = await fx.net.node(1).status();
    // node 0's clock is ahead: it sees a later window than node 1 (windows are 4 s)
    assert.ok(
      BigInt(skewed.window.current) > BigInt(s0.window.current) + 3n,
      `node 0 is not skewed: ${skewed.window.current} vs ${s0.window.current}`,
    );
    assert.equal(skewed.genesisHash, s0.genesisHash);
    // a closed window's closing block is at or after the window's end in block time
    const w = BigInt(s0.window.current) - 2n;
    const win = await waitFor('a closed window', async () => {
      const r = await api<WindowResponse>(fx.net.node(1).apiUrl, 'getWindow', { params: { window: w.toString() } });
      return r.status === 200 && r.body.state === 'closed' ? r.body : undefined;
    });
    if (win.result !== undefined) {
      const b = await get<{ block: { header: { timestampMs: string } } }>(fx.net.node(1).apiUrl, 'getBlock', {
        height: win.result.closedAtHeight,
      });
      assert.ok(
        BigInt(b.block.header.timestampMs) >= BigInt(win.endMs),
        'a window closed before its end in block time',
      );
    }
    await assertInvariants(fx.net, fx.load.acknowledged);
  });

  test(
    'kill -9 and restart: the others keep committing, the node restarts without repair and catches up',
    T,
    async () => {
      await allUp();
      // the byzantine, skewed node 0 is the victim; it comes back honest, so later faults stay within f = 1
      const victim = fx.net.node(0);
      await victim.stop('SIGKILL');
      early = false;
      const h0 = await fx.net.maxHeight();
      await fx.net.waitForHeight(h0 + 3n, 60_000);
      victim.start(env(0));
      await fx.net.waitForHeight((await fx.net.maxHeight()) + 2n, 120_000, fx.net.nodes);
      assert.doesNotMatch(victim.log(), /"level":60/, 'no fatal error on restart');
      await assertInvariants(fx.net, fx.load.acknowledged);
    },
  );

  test(
    'SIGSTOP a backup for 10 s then SIGCONT: the others keep committing, the paused node catches up',
    T,
    async () => {
      await allUp();
      // a paused backup (not the leader): the other three keep committing
      const leader = (await fx.net.node(3).status()).leader;
      const victim = fx.net.node([2, 1, 0].find((i) => i !== leader) as number);
      victim.signal('SIGSTOP');
      paused.add(victim.index);
      const h0 = await fx.net.maxHeight(live());
      await sleep(10_000);
      const h1 = await fx.net.maxHeight(live());
      victim.signal('SIGCONT');
      paused.delete(victim.index);
      assert.ok(h1 > h0, `the three others committed nothing while node ${victim.index} was paused (${h0} -> ${h1})`);
      await fx.net.waitForHeight(h1 + 2n, 90_000, fx.net.nodes);
      await assertInvariants(fx.net, fx.load.acknowledged);
    },
  );

  test(
    'negative control: a node that skips its mempool journal loses an acknowledged tx and the checker FAILS',
    T,
    async () => {
      await allUp();
      // a backup (not the leader) becomes the broken node: its txs reach a block only through gossip
      const leader = (await fx.net.node(1).status()).leader;
      const broken = fx.net.node([3, 2, 1].find((i) => i !== leader) as number);
      await broken.stop('SIGTERM');
      broken.start({ LEAG_TEST_BROKEN: 'skip-journal', LEAG_TEST_MODES_ALLOWED: '1' });
      await fx.net.waitForHeight((await fx.net.maxHeight()) + 1n, 120_000, fx.net.nodes);
      await waitFor(
        `node ${broken.index} not leading`,
        async () => ((await broken.status()).leader !== broken.index ? true : undefined),
        60_000,
      );
      const lost = await fx.load.mintAt(broken.apiUrl);
      assert.ok(lost !== undefined, 'the broken node did not acknowledge the mint');
      await broken.stop('SIGKILL');
      const others = fx.net.nodes.filter((n) => n !== broken);
      await fx.net.waitForHeight((await fx.net.maxHeight(others)) + 3n, 60_000, others);
      const r = await checkChains({
        nodes: others.map((n) => ({ index: n.index, apiUrl: n.apiUrl, pid: n.pid })),
        genesisFile: fx.net.genesisFile,
        acknowledged: [lost],
      });
      assert.ok(
        r.violations.some((v) => v.startsWith('inv5:') && v.includes(lost)),
        `the checker missed the lost tx: ${JSON.stringify(r.violations)}`,
      );
    },
  );
});

function _rss(pid: number | undefined): number {
  return (pid === undefined ? undefined : rssOf(pid)) ?? 0;
}
