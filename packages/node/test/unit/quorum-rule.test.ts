/**
 * The quorum rule as a genesis parameter: `consensus.weighted` absent → credit-weighted (genesis
 * files written before it keep working, with the same hash), false → plain PBFT, anything but a
 * boolean → a clear CONFIG_GENESIS_FILE error; `leagd init --plain-pbft` and `--fault-tolerance`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { creditWeights, initialCredits } from '@leag/consensus';
import { hashOf } from '@leag/core';
import { readGenesisFile } from '../../src/config/genesis-file.js';
import { initTestnet } from '../../src/config/testnet.js';
import { consensusParams, weightedQuorums } from '../../src/driver/setup.js';

const root = mkdtempSync(join(tmpdir(), 'leag-quorum-rule-'));
after(() => rmSync(root, { recursive: true, force: true }));
let k = 0;
const timers = { viewTimeoutMs: 2000, syncRetryMs: 1000 };
const init = (
  validators: number,
  extra: { plainPbft?: boolean; faultTolerance?: number; blockIntervalMs?: number; busyBlockIntervalMs?: number } = {},
) =>
  initTestnet({ validators, dir: join(root, `t${k++}`), basePort: 30000, windowMs: 10_000, faucet: false, ...extra });

test('default genesis: no consensus field written, credit-weighted quorums', () => {
  const layout = init(5);
  const json = JSON.parse(readFileSync(layout.genesisFile, 'utf8')) as Record<string, unknown>;
  assert.equal(json.consensus, undefined, 'a default genesis keeps its old form');
  const g = readGenesisFile(layout.genesisFile);
  assert.equal(weightedQuorums(g), true);
  const p = consensusParams(g, timers);
  assert.equal(p.weighted, true);
  assert.equal(p.f, 1);
  // 5 validators, f = 1: the two top-credit validators (ties: lowest index) weigh 2
  assert.deepEqual(creditWeights(p, initialCredits(p)), [2, 2, 1, 1, 1]);
});

test('--plain-pbft writes consensus.weighted = false: every weight 1, and a different genesis hash', () => {
  const layout = init(5, { plainPbft: true });
  const json = JSON.parse(readFileSync(layout.genesisFile, 'utf8')) as { consensus?: unknown };
  assert.deepEqual(json.consensus, { weighted: false });
  const g = readGenesisFile(layout.genesisFile);
  assert.equal(weightedQuorums(g), false);
  const p = consensusParams(g, timers);
  assert.equal(p.weighted, false);
  assert.deepEqual(creditWeights(p, initialCredits(p)), [1, 1, 1, 1, 1]);
  const { consensus: _c, ...weighted } = g;
  assert.notDeepEqual(hashOf('Genesis', g), hashOf('Genesis', weighted), 'the rule is part of the genesis hash');
});

test('explicit consensus.weighted = true is accepted; a non-boolean is a clear error', () => {
  const layout = init(4);
  const json = JSON.parse(readFileSync(layout.genesisFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(layout.genesisFile, JSON.stringify({ ...json, consensus: { weighted: true } }));
  assert.equal(consensusParams(readGenesisFile(layout.genesisFile), timers).weighted, true);
  for (const bad of ['false', 0, null, { x: 1 }]) {
    writeFileSync(layout.genesisFile, JSON.stringify({ ...json, consensus: { weighted: bad } }));
    if (bad === null) {
      // JSON null is "absent" in core's JSON form: the default rule
      assert.equal(weightedQuorums(readGenesisFile(layout.genesisFile)), true);
      continue;
    }
    assert.throws(
      () => readGenesisFile(layout.genesisFile),
      (e: Error & { code?: string }) =>
        e.code === 'CONFIG_GENESIS_FILE' && /consensus\.weighted: expected true or false/.test(e.message),
    );
  }
  writeFileSync(layout.genesisFile, JSON.stringify({ ...json, consensus: { plain: true } }));
  assert.throws(() => readGenesisFile(layout.genesisFile), /unknown field "plain"/);
});

test('--fault-tolerance: 7 validators may tolerate f = 1 (spare validators for weights), never n <= 3f', () => {
  const g = readGenesisFile(init(7, { faultTolerance: 1 }).genesisFile);
  const p = consensusParams(g, timers);
  assert.equal(p.f, 1);
  // spare = 7 - 4 = 3, Vmax = 1 + 3: W = 13, F = 4 (W > 3F holds), Q = 9: validators 0, 1 and one more
  assert.deepEqual(creditWeights(p, initialCredits(p)), [4, 4, 1, 1, 1, 1, 1]);
  assert.equal(readGenesisFile(init(7).genesisFile).faultToleranceF, 2, 'default f = floor((n - 1) / 3)');
  for (const f of [3, -1, 1.5, Number.NaN])
    assert.throws(() => init(7, { faultTolerance: f }), { code: 'CONFIG_BAD_VALUE' });
});

test('init writes both block intervals; a bad interval is a clear CONFIG_BAD_VALUE', () => {
  const dflt = init(4);
  const c0 = JSON.parse(readFileSync(dflt.nodes[0]?.configFile as string, 'utf8')) as {
    consensus: { blockIntervalMs: number; busyBlockIntervalMs: number };
  };
  assert.deepEqual([c0.consensus.blockIntervalMs, c0.consensus.busyBlockIntervalMs], [1000, 250]);
  const set = init(4, { blockIntervalMs: 500, busyBlockIntervalMs: 100 });
  const c1 = JSON.parse(readFileSync(set.nodes[3]?.configFile as string, 'utf8')) as typeof c0;
  assert.deepEqual([c1.consensus.blockIntervalMs, c1.consensus.busyBlockIntervalMs], [500, 100]);
  for (const bad of [-1, 2.5, Number.NaN])
    assert.throws(
      () => init(4, { busyBlockIntervalMs: bad }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'CONFIG_BAD_VALUE');
        assert.match(e.message, /--busy-block-interval-ms must be a non-negative integer/);
        return true;
      },
    );
});
