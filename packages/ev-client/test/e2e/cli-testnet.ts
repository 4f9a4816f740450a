/**
 * The e2e suites' testnet: 4 real leagd processes from the daemon's harness (ephemeral ports, a temp
 * dir of its own, always torn down), a directory for the wallets, and leag-ev runs under a named
 * wallet (`ev`, with `envOf` its environment). `useCliTestnet` registers the file's before/after
 * hooks; its fields are set once `before` has run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { LeagError } from '@leag/core';
import { LEAGD_BIN, Testnet } from '../../../node/test/harness/index.js';
import { type CliResult, leagEv } from './cli-helpers.js';

export const WINDOW_MS = 8000;
/** A node URL nothing listens on. */
export const DEAD = 'http://127.0.0.1:1';

export const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Polls `f` every 500 ms until it returns a value (a throw fails at once); a timeout after `ms`. */
export async function waitUntil<T>(what: string, f: () => Promise<T | undefined>, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await f();
    if (v !== undefined) return v;
    await sleep(500);
  }
  throw new LeagError('TESTNET_TIMEOUT', `timed out waiting for ${what}`, { what, timeoutMs: ms });
}

export interface CliTestnet {
  readonly tn: Testnet;
  /** The wallets' directory: <name>.json keystores, <name>.cert.json certificates. */
  readonly dir: string;
  readonly urls: string[];
  /** Wallet `name`'s environment, talking to `nodes` (default: the first two nodes). */
  envOf(name: string, nodes?: string[]): Record<string, string>;
  /** leag-ev `args --json` as wallet `name`. */
  ev(name: string, args: string[], nodes?: string[]): Promise<CliResult>;
  /** A testnet certificate for `name`'s identity `pubkey` (leagd authority issue-cert); its file. */
  issueCert(name: string, pubkey: string): string;
}

export function useCliTestnet(): CliTestnet {
  let tn: Testnet | undefined;
  let dir: string | undefined;
  let urls: string[] = [];
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined)
      throw new LeagError('TESTNET_NOT_STARTED', `the e2e testnet's ${what} is used before its before hook ran`);
    return v;
  };
  const t: CliTestnet = {
    get tn() {
      return ready(tn, 'testnet');
    },
    get dir() {
      return ready(dir, 'directory');
    },
    get urls() {
      return urls;
    },
    envOf: (name, nodes) => ({
      LEAG_EV_PASSPHRASE: `pass-${name}`,
      LEAG_EV_KEYSTORE: join(t.dir, `${name}.json`),
      LEAG_EV_NODES: (nodes ?? urls.slice(0, 2)).join(','),
    }),
    ev: (name, args, nodes) => leagEv([...args, '--json'], t.envOf(name, nodes)),
    issueCert: (name, pubkey) => {
      const file = join(t.dir, `${name}.cert.json`);
      execFileSync(process.execPath, [
        LEAGD_BIN,
        'authority',
        'issue-cert',
        '--key',
        t.tn.authorityKeyFile,
        '--genesis',
        t.tn.genesisFile,
        '--pubkey',
        pubkey,
        '--name',
        name,
        '--out',
        file,
      ]);
      return file;
    },
  };

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

  return t;
}
