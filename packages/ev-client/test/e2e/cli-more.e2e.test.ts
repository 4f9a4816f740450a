/**
 * End to end, part 2 (a file of its own so each part fits the runner's per-file time limit): grid
 * trades, the fleet simulator with zero lost orders, and fail-over, against a real local testnet
 * of 4 leagd processes (the daemon's harness, ephemeral ports and dirs, always torn down).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { parseSecretKeyText } from '../../src/cli/commands/fleet.js';
import { type FleetProgress, runFleet } from '../../src/fleet/fleet.js';
import { leagEv } from './cli-helpers.js';
import { DEAD, useCliTestnet, waitUntil } from './cli-testnet.js';

const e2e = useCliTestnet();
const { envOf, ev, issueCert } = e2e;

describe('leag-ev against a real 4-node testnet: grid, fleet, fail-over', { timeout: 600_000 }, () => {
  test('setup: two registered wallets, the buyer funded', async () => {
    const names = ['buyer', 'seller'];
    const inits = await Promise.all(names.map((n) => ev(n, ['init', '--scrypt-n', '1024'])));
    for (const r of inits) assert.equal(r.code, 0, r.stderr);
    await Promise.all(
      names.map(async (n, i) => {
        const file = issueCert(n, inits[i]?.json.identity);
        const r = await ev(n, ['register', '--cert', file, '--addresses', '3']);
        assert.equal(r.code, 0, r.stdout + r.stderr);
      }),
    );
    const d = await ev('buyer', ['deposit', '--amount', '100']);
    assert.equal(d.code, 0, d.stderr);
    await waitUntil('the deposit', async () => {
      const r = await ev('buyer', ['balance']);
      return r.json?.free === '100' ? true : undefined;
    });
  });

  test('grid buy and sell settle at once at grid prices', async () => {
    const [gb, gs] = [await ev('buyer', ['grid', 'buy', '1.5']), await ev('buyer', ['grid', 'sell', '2'])];
    assert.equal(gb.code, 0, gb.stdout + gb.stderr);
    assert.equal(gb.json.kind, 'grid-buy');
    assert.equal(gs.code, 0, gs.stdout + gs.stderr);
    const h = await waitUntil('grid trades committed', async () => {
      const r = await ev('buyer', ['history']);
      const g = r.json.history.filter((x: { kind: string }) => x.kind.startsWith('grid'));
      return g.every((x: { status: string }) => x.status === 'committed') ? g : undefined;
    });
    assert.equal(h.length, 2);
  });

  test('the fleet simulator trades Table II orders with zero lost (library and CLI)', async () => {
    const sk = parseSecretKeyText(await readFile(e2e.tn.authorityKeyFile, 'utf8'), 'authority key');
    const phases = new Set<FleetProgress['phase']>();
    const r = await runFleet({
      nodes: e2e.urls,
      evs: 6,
      windows: 1,
      authoritySk: sk,
      seed: 3,
      onProgress: (p) => phases.add(p.phase),
    });
    assert.deepEqual([...phases], ['setup', 'trading', 'settling', 'done']);
    assert.equal(r.sent, 6);
    assert.equal(r.acknowledged, 6, JSON.stringify(r.errors));
    assert.equal(r.committed, 6);
    assert.equal(r.settled, 6);
    assert.equal(r.lost, 0);
    assert.equal(r.rounds, 1);
    const cli = await leagEv(
      [
        'fleet',
        '--evs',
        '4',
        '--windows',
        '1',
        '--rate',
        '20',
        '--authority-key-file',
        e2e.tn.authorityKeyFile,
        '--json',
      ],
      {
        LEAG_EV_NODES: e2e.urls.join(','),
      },
    );
    assert.equal(cli.code, 0, cli.stdout + cli.stderr);
    assert.equal(cli.json.lost, 0);
    assert.equal(cli.json.acknowledged, 4);
  });

  test('fail-over: a dead first node, then a killed node; all nodes down is exit 4', async () => {
    const st = await ev('buyer', ['status'], [DEAD, e2e.urls[1] as string]);
    assert.equal(st.code, 0, st.stderr);
    assert.equal(st.json.node, e2e.urls[1]);
    await e2e.tn.node(0).stop('SIGKILL');
    try {
      const [bal, sell] = await Promise.all([
        leagEv(['balance', '--json'], envOf('buyer', [e2e.urls[0] as string, e2e.urls[2] as string])),
        ev(
          'seller',
          ['sell', '--max', '2', '--price', '0.9', '--min-price', '0.7'],
          [e2e.urls[0] as string, e2e.urls[2] as string],
        ),
      ]);
      assert.equal(bal.code, 0, bal.stderr);
      assert.match(bal.stderr, /failed .*trying/);
      assert.equal(sell.code, 0, sell.stdout + sell.stderr);
      assert.equal(sell.json.node, e2e.urls[2]);
      const down = await ev('buyer', ['status'], [DEAD, e2e.urls[0] as string]);
      assert.equal(down.code, 4);
      assert.equal(down.json.error.code, 'EV_NODE_UNREACHABLE');
    } finally {
      e2e.tn.node(0).start();
    }
  });
});
