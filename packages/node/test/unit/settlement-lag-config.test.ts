/**
 * `leagd init` writes genesis settlement_lag_ms: half the window by default (at most 30 s), the
 * value of --settlement-lag-ms when given, nothing for 0 (the genesis keeps its old form); a lag
 * that is not below the window is refused with the allowed range.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readGenesisFile } from '../../src/config/genesis-file.js';
import { defaultSettlementLagMs, initTestnet } from '../../src/config/testnet.js';
import { chainContext } from '../../src/ledger/index.js';

const root = mkdtempSync(join(tmpdir(), 'leag-lag-config-'));
after(() => rmSync(root, { recursive: true, force: true }));
let k = 0;
const init = (windowMs: number, settlementLagMs?: number) =>
  initTestnet({
    validators: 4,
    dir: join(root, `t${k++}`),
    basePort: 30000,
    windowMs,
    faucet: false,
    ...(settlementLagMs === undefined ? {} : { settlementLagMs }),
  });

test('the default lag is half the window, at most 30 s, and reaches the chain context', () => {
  assert.equal(defaultSettlementLagMs(4_000), 2_000);
  assert.equal(defaultSettlementLagMs(60_000), 30_000);
  assert.equal(defaultSettlementLagMs(900_000), 30_000);
  const g = readGenesisFile(init(10_000).genesisFile);
  assert.equal(g.settlementLagMs, 5_000n);
  assert.equal(chainContext(g).settlementLagMs, 5_000n);
});

test('--settlement-lag-ms 0 writes no field: settled by the block that ends the window', () => {
  const layout = init(10_000, 0);
  const json = JSON.parse(readFileSync(layout.genesisFile, 'utf8')) as Record<string, unknown>;
  assert.equal(json.settlementLagMs, undefined);
  assert.equal(chainContext(readGenesisFile(layout.genesisFile)).settlementLagMs, 0n);
});

test('a lag that is not below the window, or not an integer, is refused with the allowed range', () => {
  for (const bad of [10_000, -1, 1.5])
    assert.throws(
      () => init(10_000, bad),
      (e: Error & { code?: string }) =>
        e.code === 'CONFIG_BAD_VALUE' && /from 0 to below --window-ms \(10000\)/.test(e.message),
    );
});
