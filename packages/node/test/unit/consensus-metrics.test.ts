/**
 * Consensus metrics on /metrics (NodeMetrics): messages by direction and type, the per-block commit
 * latency histogram by role, the quorum-rule gauge; the proposal clock behind the latency; and the
 * slow-votes test mode's guard (refused outside a testnet or without the explicit flag).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConsensusMessage } from '@leag/consensus';
import { type Block, type Genesis, Phase, signatureBackend } from '@leag/core';
import { messageType, ProposalClock } from '../../src/driver/consensus-stats.js';
import { NodeMetrics } from '../../src/metrics/metrics.js';
import { readTestSlowVotes, slowVoteDelay } from '../../src/testing/index.js';

const vote = (phase: number) => ({ kind: 'vote', msg: { phase } }) as unknown as ConsensusMessage<Block>;

test('consensus messages and commit latency appear on /metrics with their labels', async () => {
  const m = new NodeMetrics();
  const o = m.consensusObserver();
  o.message('out', 'prepare', 4);
  o.message('out', 'prepare', 4);
  o.message('in', 'commit', 1);
  o.commitLatency('proposer', 12);
  o.commitLatency('proposer', 140);
  o.commitLatency('replica', 9);
  m.quorumWeighted.set(0);
  const text = await m.registry.metrics();
  assert.match(text, /^leag_consensus_messages_total\{direction="out",type="prepare"\} 8$/m);
  assert.match(text, /^leag_consensus_messages_total\{direction="in",type="commit"\} 1$/m);
  assert.match(text, /^leag_consensus_commit_latency_seconds_count\{role="proposer"\} 2$/m);
  assert.match(text, /^leag_consensus_commit_latency_seconds_bucket\{le="0.015",role="proposer"\} 1$/m);
  assert.match(text, /^leag_consensus_commit_latency_seconds_bucket\{le="0.15",role="proposer"\} 2$/m);
  assert.match(text, /^leag_consensus_commit_latency_seconds_sum\{role="replica"\} 0.009$/m);
  assert.match(text, /^leag_consensus_weighted 0$/m);
  assert.match(text, new RegExp(`^leag_signature_backend\\{backend="${signatureBackend}"\\} 1$`, 'm'));
});

test('message types: proposals, relayed headers, votes by phase, checkpoints, view changes', () => {
  assert.equal(messageType({ kind: 'prePrepare' } as ConsensusMessage<Block>), 'pre_prepare');
  assert.equal(messageType(vote(Phase.PRE_PREPARE)), 'header');
  assert.equal(messageType(vote(Phase.PREPARE)), 'prepare');
  assert.equal(messageType(vote(Phase.COMMIT)), 'commit');
  assert.equal(messageType({ kind: 'checkpoint' } as ConsensusMessage<Block>), 'checkpoint');
  assert.equal(messageType({ kind: 'viewChange' } as ConsensusMessage<Block>), 'view_change');
  assert.equal(messageType({ kind: 'newView' } as ConsensusMessage<Block>), 'new_view');
});

test('proposal clock: first sight counts, a commit times its height once and forgets lower ones', () => {
  const c = new ProposalClock();
  c.onProposal(5n, 100);
  c.onProposal(5n, 130); // a re-sent proposal does not restart the clock
  c.onProposal(6n, 150);
  assert.equal(c.onCommit(5n, 180), 80);
  assert.equal(c.onCommit(5n, 190), undefined, 'timed once');
  assert.equal(c.tracked, 1);
  assert.equal(c.onCommit(7n, 400), undefined, 'a block caught up by sync has no proposal time');
  assert.equal(c.tracked, 0, 'heights at or below a commit are forgotten');
  for (let h = 10n; h < 200n; h++) c.onProposal(h, 0);
  assert.ok(c.tracked <= 64, 'bounded');
});

test('slow votes: 0 unless asked, refused outside a testnet or without the flag, bad values rejected', () => {
  const g = (chainId: string) => ({ chainId }) as Genesis;
  const allowed = { LEAG_TEST_MODES_ALLOWED: '1' };
  assert.equal(readTestSlowVotes({}, g('leag-main')), 0);
  assert.equal(readTestSlowVotes({ LEAG_TEST_SLOW_VOTES_MS: '100', ...allowed }, g('leag-testnet-a')), 100);
  assert.throws(() => readTestSlowVotes({ LEAG_TEST_SLOW_VOTES_MS: '100' }, g('leag-testnet-a')), {
    code: 'TEST_MODE_REFUSED',
  });
  assert.throws(() => readTestSlowVotes({ LEAG_TEST_SLOW_VOTES_MS: '100', ...allowed }, g('leag-main')), {
    code: 'TEST_MODE_REFUSED',
  });
  for (const bad of ['-5', '1e3', '100ms', '10001', ' 5'])
    assert.throws(() => readTestSlowVotes({ LEAG_TEST_SLOW_VOTES_MS: bad, ...allowed }, g('leag-testnet-a')), {
      code: 'TEST_MODE_BAD_VALUE',
    });
  const d = slowVoteDelay(100);
  assert.equal(d(vote(Phase.PREPARE)), 100);
  assert.equal(d(vote(Phase.COMMIT)), 100);
  assert.equal(d(vote(Phase.PRE_PREPARE)), 0, 'relayed headers are not held');
  assert.equal(d({ kind: 'prePrepare' } as ConsensusMessage<Block>), 0, 'proposals are not held');
  assert.equal(d({ kind: 'viewChange' } as ConsensusMessage<Block>), 0, 'view changes are not held');
});
