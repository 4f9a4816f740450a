/**
 * Block times against skewed clocks (design: clock skew ±30 s on one node; maxClockDriftMs 30 s).
 * A block's time is checked only against an upper bound, the validator's clock + the drift bound,
 * so: a proposer 30 s ahead is still accepted by accurate validators; a validator 30 s ahead, or
 * 30 s behind, still accepts honest blocks; the honest block that follows a skewed one (its time
 * is the parent's + 1 ms, ahead of the honest clocks) is valid too; beyond the bound a block is
 * refused as from the future. And the clock watch warns when proposals and the local clock differ.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLeagError } from '@leag/core';
import { pino } from 'pino';
import { ClockWatch } from '../../src/driver/clock-watch.js';
import { applyBlock, buildBlock, type LedgerState } from '../../src/ledger/index.js';
import { commitBlock, parentCert, timeIn, World } from './world.js';

const w = new World(2);
const DRIFT = w.ctx.limits.maxClockDriftMs;
/** Real time of the test chain's block 2 (the clocks below are offsets from it). */
const NOW = timeIn(1n, 10_000n);

function chainAt(parentTime: bigint): LedgerState {
  const s = w.genesisState();
  commitBlock(w, s, [], parentTime);
  return s;
}
const blockAt = (s: LedgerState, t: bigint) =>
  buildBlock(s, { timestampMs: t, proposer: 1, txs: [], parentCert: parentCert(s) }, w.ctx).block;
const valid = (s: LedgerState, t: bigint, clock: bigint) => applyBlock(s, blockAt(s, t), w.ctx, { nowMs: clock });
const future = (s: LedgerState, t: bigint, clock: bigint) =>
  assert.throws(
    () => valid(s, t, clock),
    (e) => isLeagError(e, 'BLOCK_TIMESTAMP_FUTURE'),
  );

describe('block time and skewed clocks', () => {
  test('a proposer 30 s ahead: accurate validators accept its block, and the honest block after it', () => {
    const s = chainAt(NOW - 400n);
    valid(s, NOW + DRIFT, NOW);
    const after = chainAt(NOW + DRIFT - 400n);
    // the next honest primary's block: parent + 1 ms (its clock is behind the parent's time)
    valid(after, NOW + DRIFT - 399n, NOW);
  });

  test('a validator 30 s ahead or 30 s behind still accepts honest blocks', () => {
    const s = chainAt(NOW - 400n);
    valid(s, NOW, NOW + DRIFT);
    valid(s, NOW, NOW - DRIFT);
  });

  test('beyond the drift bound a block is from the future', () => {
    const s = chainAt(NOW - 400n);
    future(s, NOW + DRIFT + 1n, NOW);
    future(s, NOW, NOW - DRIFT - 1n);
  });

  test('the clock watch reports every offset and warns past half the bound, at most once a minute', () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => lines.push(l) });
    const offsets: number[] = [];
    const watch = new ClockWatch(Number(DRIFT), { log, onOffset: (o) => offsets.push(o) });
    const now = Number(NOW);
    watch.observe(now - 200, 1, now);
    watch.observe(now + 14_000, 1, now);
    assert.equal(lines.length, 0, 'within half the bound: no warning');
    watch.observe(now + 31_000, 2, now);
    watch.observe(now - 30_000, 2, now + 1000);
    assert.equal(lines.length, 1, 'one warning a minute');
    assert.match(lines[0] ?? '', /31000 ms ahead of this node's clock/);
    watch.observe(now + 31_000, 2, now + 61_000);
    assert.equal(lines.length, 2);
    assert.match(lines[1] ?? '', /30000 ms behind this node's clock/);
    assert.deepEqual(offsets, [-200, 14_000, 31_000, -31_000, -30_000]);
  });
});
