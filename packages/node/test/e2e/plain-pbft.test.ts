/**
 * System test with real leagd processes: a 4-node testnet initialised with `--plain-pbft` commits
 * blocks, reports the plain quorum rule (status, genesis, /metrics), and counts its consensus
 * messages and commit latencies on /metrics. (At n = 4, f = 1 both rules need 3 of 4: the test
 * checks the switch reaches the daemon, the benchmark compares the rules on 5 and 7 nodes.)
 */
import '@leag/core/polyfills';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, Testnet, waitFor } from '../harness/index.js';

describe('plain-PBFT testnet (4 real processes)', { timeout: 120_000 }, () => {
  let tn: Testnet;

  before(async () => {
    tn = await Testnet.start({ nodes: 4, plainPbft: true, blockIntervalMs: 300, viewTimeoutMs: 1500 });
  });

  after(async () => {
    await tn?.stop();
  });

  test('commits blocks and reports plain PBFT in status, genesis and metrics', { timeout: 60_000 }, async () => {
    await tn.waitForHeight(4n);
    const s = await tn.node(1).status();
    assert.equal(s.consensus.quorumRule, 'plain');
    assert.equal(s.consensus.faultTolerance, 1);
    assert.equal(s.consensus.quorum, 3);
    assert.deepEqual(
      s.validators.map((v) => v.weight),
      [1, 1, 1, 1],
    );
    const g = await call<{ genesis: { consensus?: { weighted?: boolean } } }>(tn.node(2).apiUrl, 'getGenesis');
    assert.deepEqual(g.body.genesis.consensus, { weighted: false });
    // the primary may have changed in a start-up view change: sum over the nodes. Proposals made
    // before every peer was connected reached fewer peers, so wait for enough traffic to be counted.
    let texts: string[] = [];
    const sum = (re: RegExp) => texts.reduce((a, t) => a + Number(re.exec(t)?.[1] ?? 0), 0);
    const msgs = (dir: string, type: string) =>
      sum(new RegExp(`^leag_consensus_messages_total\\{direction="${dir}",type="${type}"\\} (\\d+)$`, 'm'));
    const enough = () =>
      msgs('out', 'pre_prepare') >= 3 * 3 &&
      msgs('in', 'pre_prepare') >= 3 * 3 &&
      msgs('in', 'prepare') >= 3 * 3 * 3 &&
      msgs('in', 'commit') >= 3 * 3 * 3;
    await waitFor(
      'consensus messages of three blocks to all peers on /metrics',
      async () => {
        texts = await Promise.all(tn.nodes.map(async (n) => (await fetch(`${n.apiUrl}/metrics`)).text()));
        return enough() ? true : undefined;
      },
      30_000,
    );
    for (const t of texts) assert.match(t, /^leag_consensus_weighted 0$/m);
    assert.ok(msgs('out', 'pre_prepare') >= 3 * 3, 'proposals went to the 3 peers');
    assert.ok(msgs('in', 'pre_prepare') >= 3 * 3, 'and arrived');
    assert.ok(msgs('in', 'prepare') >= 3 * 3 * 3 && msgs('in', 'commit') >= 3 * 3 * 3, 'votes arrived');
    const timed = sum(/^leag_consensus_commit_latency_seconds_count\{role="proposer"\} (\d+)$/m);
    assert.ok(timed >= 3, `the proposers' commit latencies are on /metrics (${timed})`);
  });
});
