/**
 * Fault tests with real processes (testing.md T2), part 2 of 2 (its own testnet, see part 1): four
 * honest validators in network namespaces with 198.18.x.y addresses, mint load throughout, and the
 * invariant checker after each fault: minority partition, no-quorum split and heal (iptables inside
 * the namespaces), an HTTP order flood (429 + Retry-After, blocks keep coming, memory bounded).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sleep } from '../lib/api.js';
import { rssOf } from '../lib/checker.js';
import { RATE_LIMITED, SUITE, T, useFaultNet, VIEW_MS } from '../lib/fault-net.js';
import type { NetnsLab } from '../lib/netns.js';
import { assertInvariants, heightOf } from './helpers.js';

describe('fault tests, part 2: real leagd processes in network namespaces', SUITE, () => {
  /** All four honest; node 0 has a low API rate limit for the flood. */
  const fx = useFaultNet((i) => (i === 0 ? RATE_LIMITED : {}));
  const { allUp } = fx;

  test('minority partition: the majority keeps committing, the cut-off node commits nothing new', T, async () => {
    await allUp();
    const lab = fx.net.lab as NetnsLab;
    lab.partition([[0, 1, 2], [3]]);
    try {
      await sleep(1000);
      const cutAt = (await heightOf(fx.net.node(3))) ?? 0n;
      const h0 = await fx.net.maxHeight();
      await fx.net.waitForHeight(h0 + 4n, 60_000, [fx.net.node(0), fx.net.node(1), fx.net.node(2)]);
      const h3 = (await heightOf(fx.net.node(3))) ?? 0n;
      assert.ok(h3 <= cutAt + 1n, `the minority node went from ${cutAt} to ${h3} while cut off`);
    } finally {
      lab.heal(4);
    }
    await fx.net.waitForHeight((await fx.net.maxHeight()) + 1n, 90_000, fx.net.nodes);
    await assertInvariants(fx.net, fx.load.acknowledged);
  });

  test('no-quorum split 2|2: the chain halts without a fork, then resumes after heal', T, async () => {
    await allUp();
    const lab = fx.net.lab as NetnsLab;
    lab.partition([
      [0, 1],
      [2, 3],
    ]);
    let halted: bigint;
    try {
      await sleep(2 * VIEW_MS);
      const h0 = await fx.net.maxHeight();
      await sleep(4 * VIEW_MS);
      halted = await fx.net.maxHeight();
      assert.ok(halted <= h0 + 1n, `blocks were committed without a quorum: ${h0} -> ${halted}`);
    } finally {
      lab.heal(4);
    }
    await fx.net.waitForHeight(halted + 2n, 120_000, fx.net.nodes);
    await assertInvariants(fx.net, fx.load.acknowledged);
  });

  test('HTTP order flood: 429 with Retry-After, blocks keep coming, memory bounded', T, async () => {
    await allUp();
    const target = fx.net.node(0);
    const rss0 = rss(target.pid);
    const h0 = await fx.net.maxHeight([fx.net.node(1), fx.net.node(2), fx.net.node(3)]);
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
    await fx.net.waitForHeight(h0 + 2n, 60_000, [fx.net.node(1), fx.net.node(2), fx.net.node(3)]);
    const grew = rss(target.pid) - rss0;
    assert.ok(grew < 300 * 2 ** 20, `node 0 grew by ${grew} bytes under the flood`);
    await assertInvariants(fx.net, fx.load.acknowledged);
  });
});

function rss(pid: number | undefined): number {
  return (pid === undefined ? undefined : rssOf(pid)) ?? 0;
}
