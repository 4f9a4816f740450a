/**
 * End to end, part 2 (a file of its own so each part fits the runner's per-file time limit): grid
 * trades, the fleet simulator with zero lost orders, and fail-over, against a real local testnet
 * of 4 leagd processes (the daemon's harness, ephemeral ports and dirs, always torn down).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LEAGD_BIN, Testnet } from '../../../node/test/harness/index.js';
import { parseSecretKeyText } from '../../src/cli/commands/fleet.js';
import { type FleetProgress, runFleet } from '../../src/fleet/fleet.js';
import { leagEv } from './cli-helpers.js';

const WINDOW_MS = 8000;
let tn: Testnet;
let dir: string;
let urls: string[];
const DEAD = 'http://127.0.0.1:1';

const envOf = (name: string, nodes?: string[]) => ({
  LEAG_EV_PASSPHRASE: `pass-${name}`,
  LEAG_EV_KEYSTORE: join(dir, `${name}.json`),
  LEAG_EV_NODES: (nodes ?? urls.slice(0, 2)).join(','),
});
const ev = (name: string, args: string[], nodes?: string[]) => leagEv([...args, '--json'], envOf(name, nodes));
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

async function waitUntil<T>(what: string, f: () => Promise<T | undefined>, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await f();
    if (v !== undefined) return v;
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}`);
}

before(async () => {
  // The harness makes its testnet under os.tmpdir(): give it a directory of our own.
  process.env.TMPDIR = await mkdtemp(join(tmpdir(), 'leag-ev-e2e-tn-'));
  tn = await Testnet.start({ nodes: 4, windowMs: WINDOW_MS });
  urls = tn.nodes.map((n) => n.apiUrl);
  dir = await mkdtemp(join(tmpdir(), 'leag-ev-e2e-'));
});
after(async () => {
  await tn?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  if (process.env.TMPDIR?.includes('leag-ev-e2e-tn-')) await rm(process.env.TMPDIR, { recursive: true, force: true });
});

describe('leag-ev against a real 4-node testnet: grid, fleet, fail-over', { timeout: 600_000 }, () => {
  test('setup: two registered wallets, the buyer funded', async () => {
    const names = ['buyer', 'seller'];
    const inits = await Promise.all(names.map((n) => ev(n, ['init', '--scrypt-n', '1024'])));
    for (const r of inits) assert.equal(r.code, 0, r.stderr);
    await Promise.all(
      names.map(async (n, i) => {
        const file = join(dir, `${n}.cert.json`);
        execFileSync(process.execPath, [
          LEAGD_BIN,
          'authority',
          'issue-cert',
          '--key',
          tn.authorityKeyFile,
          '--genesis',
          tn.genesisFile,
          '--pubkey',
          inits[i]?.json.identity,
          '--name',
          n,
          '--out',
          file,
        ]);
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
    const sk = parseSecretKeyText(await readFile(tn.authorityKeyFile, 'utf8'), 'authority key');
    const phases = new Set<FleetProgress['phase']>();
    const r = await runFleet({
      nodes: urls,
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
      ['fleet', '--evs', '4', '--windows', '1', '--rate', '20', '--authority-key-file', tn.authorityKeyFile, '--json'],
      {
        LEAG_EV_NODES: urls.join(','),
      },
    );
    assert.equal(cli.code, 0, cli.stdout + cli.stderr);
    assert.equal(cli.json.lost, 0);
    assert.equal(cli.json.acknowledged, 4);
  });

  test('fail-over: a dead first node, then a killed node; all nodes down is exit 4', async () => {
    const st = await ev('buyer', ['status'], [DEAD, urls[1] as string]);
    assert.equal(st.code, 0, st.stderr);
    assert.equal(st.json.node, urls[1]);
    await tn.node(0).stop('SIGKILL');
    try {
      const [bal, sell] = await Promise.all([
        leagEv(['balance', '--json'], envOf('buyer', [urls[0] as string, urls[2] as string])),
        ev(
          'seller',
          ['sell', '--max', '2', '--price', '0.9', '--min-price', '0.7'],
          [urls[0] as string, urls[2] as string],
        ),
      ]);
      assert.equal(bal.code, 0, bal.stderr);
      assert.match(bal.stderr, /failed .*trying/);
      assert.equal(sell.code, 0, sell.stdout + sell.stderr);
      assert.equal(sell.json.node, urls[2]);
      const down = await ev('buyer', ['status'], [DEAD, urls[0] as string]);
      assert.equal(down.code, 4);
      assert.equal(down.json.error.code, 'EV_NODE_UNREACHABLE');
    } finally {
      tn.node(0).start();
    }
  });
});
