/**
 * Test-only slow validator: LEAG_TEST_SLOW_VOTES_MS=N holds each of this node's outgoing PREPARE
 * and COMMIT votes for N ms before it goes to the network (the replica itself goes on at once, and
 * its write-ahead record is still durable before the vote leaves). To the other validators the node
 * looks like one on a slow link or a busy machine: its votes arrive late. Proposals, checkpoints,
 * view changes and catch-up are not delayed. The benchmark uses it to compare plain and
 * credit-weighted quorums (bench/e2e/pbft.ts, docs/consensus.md). Refused like every test mode
 * unless the genesis is a testnet AND LEAG_TEST_MODES_ALLOWED=1.
 */
import type { ConsensusMessage } from '@leag/consensus';
import { type Block, type Genesis, LeagError, Phase } from '@leag/core';
import { requireTestModesAllowed } from './modes.js';

/** At most 10 s (beyond it a slow node is simply a stopped one: the view timer is 2 s). */
export const MAX_TEST_SLOW_VOTES_MS = 10_000;

/** The vote delay asked for (0 when unset); throws TEST_MODE_BAD_VALUE or TEST_MODE_REFUSED. */
export function readTestSlowVotes(env: NodeJS.ProcessEnv, genesis: Genesis): number {
  const text = env.LEAG_TEST_SLOW_VOTES_MS ?? '';
  if (text === '') return 0;
  const ms = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(ms >= 0 && ms <= MAX_TEST_SLOW_VOTES_MS))
    throw new LeagError(
      'TEST_MODE_BAD_VALUE',
      `LEAG_TEST_SLOW_VOTES_MS must be an integer number of ms in 0..${MAX_TEST_SLOW_VOTES_MS}, found "${text}"`,
    );
  requireTestModesAllowed(env, genesis);
  return ms;
}

/** The driver's send-delay hook: `ms` for this node's PREPARE and COMMIT votes, 0 for anything else. */
export function slowVoteDelay(ms: number): (m: ConsensusMessage<Block>) => number {
  return (m) => (m.kind === 'vote' && (m.msg.phase === Phase.PREPARE || m.msg.phase === Phase.COMMIT) ? ms : 0);
}
