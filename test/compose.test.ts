/**
 * docker-compose.yml (JSON-compatible YAML, parsed here without a YAML library) agrees with what
 * `leagd init` generates for the same flags: one service per validator with its config, API port,
 * p2p listen address, data volume and health check; an init service running that generator and
 * pointing each genesis address at its container; the fleet using the generated authority key.
 * The Dockerfile builds from the lock file and runs leagd. (No Docker engine runs here.)
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { LEAGD, ROOT } from './lib/local-net.js';

interface Service {
  image?: string;
  build?: string;
  entrypoint?: string[];
  command: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

/**
 * The compose file is YAML in flow style (JSON plus the trailing commas Biome's formatter adds):
 * drop comment lines and trailing commas (no string in the file holds ",]" or ",}"), then JSON.
 */
function readCompose(): Compose {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const json = text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n')
    .replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(json) as Compose;
}

test('docker-compose.yml matches the layout leagd init generates', () => {
  const c = readCompose();
  const init = c.services.init;
  assert.ok(init !== undefined, 'an init service');
  const initCmd = init.command.join(' ');
  const flags = /leagd\.js init (.*?) &&/.exec(initCmd)?.[1]?.split(' ') ?? [];
  assert.ok(flags.includes('--testnet'), initCmd);
  const dirAt = flags.indexOf('--dir');
  const composeDir = flags[dirAt + 1] as string;
  const dir = mkdtempSync(join(tmpdir(), 'leag-compose-'));
  try {
    const args = flags.map((f, i) => (i === dirAt + 1 ? join(dir, 'net') : f));
    const layout = JSON.parse(
      execFileSync(process.execPath, [LEAGD, 'init', ...args, '--json'], { encoding: 'utf8' }),
    ) as {
      genesisFile: string;
      authorityKeyFile: string;
      nodes: { index: number; configFile: string; apiPort: number; p2pPort: number }[];
    };
    const inContainer = (p: string) => `${composeDir}/${relative(join(dir, 'net'), p)}`;
    const nodeServices = Object.keys(c.services).filter((s) => /^node\d+$/.test(s));
    assert.equal(nodeServices.length, layout.nodes.length, 'one service per validator');
    for (const n of layout.nodes) {
      const s = c.services[`node${n.index}`] as Service;
      assert.deepEqual(s.command, ['start', '--config', inContainer(n.configFile)]);
      assert.equal(s.image, init.image, 'nodes run the image init builds');
      assert.deepEqual(s.ports, [`${n.apiPort}:${n.apiPort}`]);
      assert.equal(s.environment?.LEAG_P2P_LISTEN, `/ip4/0.0.0.0/tcp/${n.p2pPort}`);
      assert.equal(s.environment?.LEAG_API_HOST, '0.0.0.0');
      const cfg = JSON.parse(readFileSync(n.configFile, 'utf8')) as { dataDir: string; api: { port: number } };
      assert.equal(cfg.api.port, n.apiPort);
      const dataDir = `${inContainer(join(n.configFile, '..'))}/${cfg.dataDir}`;
      assert.ok(s.volumes?.includes(`node${n.index}-data:${dataDir}`), `node${n.index} keeps ${dataDir} in a volume`);
      assert.ok(s.volumes?.includes(`testnet:${composeDir}`));
      assert.ok(`node${n.index}-data` in c.volumes);
      assert.ok(s.healthcheck?.test.join(' ').includes(`127.0.0.1:${n.apiPort}/v1/status`), 'health check on its API');
      assert.equal(s.depends_on?.init?.condition, 'service_completed_successfully');
      // init points the genesis address of this validator at its container
      const g = readFileSync(layout.genesisFile, 'utf8');
      const from = `/ip4/127.0.0.1/tcp/${n.p2pPort}`;
      assert.ok(g.includes(from), `genesis holds ${from}`);
      assert.ok(initCmd.includes(`s#${from}#/dns4/node${n.index}/tcp/${n.p2pPort}#`), `init rewrites ${from}`);
    }
    const fleet = c.services.fleet as Service;
    const fc = fleet.command.join(' ');
    assert.ok(fc.includes(`--authority-key-file ${inContainer(layout.authorityKeyFile)}`), fc);
    for (const n of layout.nodes) assert.ok(fc.includes(`http://node${n.index}:${n.apiPort}`), fc);
    for (const n of nodeServices) assert.equal(fleet.depends_on?.[n]?.condition, 'service_healthy');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the Dockerfile installs from the lock file and runs leagd', () => {
  const d = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  assert.match(d, /^FROM node:20/m);
  assert.match(d, /COPY package\.json package-lock\.json/);
  assert.match(d, /RUN npm ci/);
  assert.match(d, /ENTRYPOINT \["node", "packages\/node\/bin\/leagd\.js"\]/);
  for (const p of ['core', 'contract-vm', 'consensus', 'node', 'ev-client'])
    assert.match(d, new RegExp(`packages/${p}/package\\.json`));
});
