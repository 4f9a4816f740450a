/**
 * Test-only modes of leagd, for the system tests' byzantine node and negative control
 * (docs/testnet.md). Off unless asked for; refused unless the genesis is a testnet
 * (chain id leag-testnet-*) AND the explicit flag LEAG_TEST_MODES_ALLOWED=1 is set, so a
 * production node can never be switched into one by a stray variable.
 *  - LEAG_TEST_BYZANTINE=invalid-proposal: as primary, proposes blocks with a wrong state root.
 *  - LEAG_TEST_BYZANTINE=equivocate: once, at its first PREPARE for height EQUIVOCATE_AT_HEIGHT or
 *    later, also signs and broadcasts a PREPARE for another block hash (two conflicting signed
 *    votes: the honest nodes turn them into evidence, docs/node.md).
 *  - LEAG_TEST_BROKEN=skip-journal: acknowledges txs without writing the durable mempool journal
 *    and without gossiping them (a deliberately broken node: kill -9 loses what it acknowledged).
 */
import { type ConsensusMessage, voteMessage } from '@leag/consensus';
import { type Block, type Genesis, LeagError, Phase, sign } from '@leag/core';

export type ByzantineMode = 'invalid-proposal' | 'equivocate';
export type BrokenMode = 'skip-journal';

export interface TestModes {
  byzantine: ByzantineMode | null;
  broken: BrokenMode | null;
}

export const NO_TEST_MODES: TestModes = { byzantine: null, broken: null };

const BYZANTINE: readonly string[] = ['invalid-proposal', 'equivocate'];
const BROKEN: readonly string[] = ['skip-journal'];

/** Reads the test modes from the environment; throws TEST_MODE_REFUSED when not allowed here. */
export function readTestModes(env: NodeJS.ProcessEnv, genesis: Genesis): TestModes {
  const byz = env.LEAG_TEST_BYZANTINE ?? '';
  const broken = env.LEAG_TEST_BROKEN ?? '';
  if (byz === '' && broken === '') return NO_TEST_MODES;
  if (byz !== '' && !BYZANTINE.includes(byz))
    throw new LeagError(
      'TEST_MODE_UNKNOWN',
      `LEAG_TEST_BYZANTINE must be one of ${BYZANTINE.join(', ')}, found "${byz}"`,
    );
  if (broken !== '' && !BROKEN.includes(broken))
    throw new LeagError('TEST_MODE_UNKNOWN', `LEAG_TEST_BROKEN must be one of ${BROKEN.join(', ')}, found "${broken}"`);
  requireTestModesAllowed(env, genesis);
  return {
    byzantine: byz === '' ? null : (byz as ByzantineMode),
    broken: broken === '' ? null : (broken as BrokenMode),
  };
}

/** Throws TEST_MODE_REFUSED unless the genesis is a testnet AND LEAG_TEST_MODES_ALLOWED=1. */
export function requireTestModesAllowed(env: NodeJS.ProcessEnv, genesis: Genesis): void {
  if (!genesis.chainId.startsWith('leag-testnet-'))
    throw new LeagError(
      'TEST_MODE_REFUSED',
      `test modes run only on a testnet (chain id leag-testnet-*), not "${genesis.chainId}"`,
    );
  if (env.LEAG_TEST_MODES_ALLOWED !== '1')
    throw new LeagError('TEST_MODE_REFUSED', 'test modes need the explicit flag LEAG_TEST_MODES_ALLOWED=1');
}

/** The byzantine proposal: the honest block with its state root flipped (honest replicas reject it). */
export function mutateProposal(modes: TestModes, block: Block): Block {
  if (modes.byzantine !== 'invalid-proposal') return block;
  const stateRoot = Uint8Array.from(block.header.stateRoot, (b) => b ^ 0xff);
  return { ...block, header: { ...block.header, stateRoot } };
}

/**
 * The equivocate mode's first height: after start-up, so that every node is connected and keeps
 * pace (a PREPARE that reaches the others after they committed its height is dropped, and with it
 * the one-shot evidence; at height 3, a few hundred ms after start, a node still loading its
 * settlement worker under a loaded CI host sometimes was that late).
 */
export const EQUIVOCATE_AT_HEIGHT = 10n;

/**
 * The equivocate mode's broadcast hook: passes every message through, except that the first
 * PREPARE for height EQUIVOCATE_AT_HEIGHT or later is preceded by a second PREPARE of this
 * validator for the same (view, height) on a different block hash, properly signed.
 */
export function equivocator(
  chainId: string,
  me: number,
  secretKey: Uint8Array,
): (m: ConsensusMessage<Block>) => ConsensusMessage<Block>[] {
  let done = false;
  return (m) => {
    if (done || m.kind !== 'vote' || m.msg.phase !== Phase.PREPARE || m.msg.validator !== me) return [m];
    if (m.msg.height < EQUIVOCATE_AT_HEIGHT) return [m];
    done = true;
    const unsigned = { ...m.msg, blockHash: Uint8Array.from(m.msg.blockHash, (b) => b ^ 0x5a) };
    const signature = sign(secretKey, voteMessage(chainId, unsigned));
    return [{ kind: 'vote', msg: { ...unsigned, signature } }, m];
  };
}
