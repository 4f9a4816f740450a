/** Shared CLI plumbing: global options, the keystore path and passphrase, the node client. */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LeagError } from '@leag/core';
import { LeagClient } from '../client/leag-client.js';
import { Wallet } from '../keystore/wallet.js';
import { makeOut, type Out } from './output.js';

export interface GlobalOptions {
  keystore?: string;
  node: string[];
  json?: boolean;
  timeout?: string;
  passphraseFile?: string;
}

export const ENV = {
  KEYSTORE: 'LEAG_EV_KEYSTORE',
  PASSPHRASE: 'LEAG_EV_PASSPHRASE',
  PASSPHRASE_FILE: 'LEAG_EV_PASSPHRASE_FILE',
  NODES: 'LEAG_EV_NODES',
} as const;

export const keystorePath = (g: GlobalOptions): string =>
  g.keystore ?? process.env[ENV.KEYSTORE] ?? join(homedir(), '.leag-ev', 'keystore.json');

export async function passphrase(g: GlobalOptions): Promise<string> {
  const file = g.passphraseFile ?? process.env[ENV.PASSPHRASE_FILE];
  if (file !== undefined) {
    try {
      return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
    } catch {
      throw new LeagError('KEYSTORE_PASSPHRASE', `cannot read the passphrase file ${file}`);
    }
  }
  const env = process.env[ENV.PASSPHRASE];
  if (env !== undefined) return env;
  if (process.stdin.isTTY) return promptHidden('keystore passphrase: ');
  throw new LeagError(
    'KEYSTORE_PASSPHRASE',
    `no passphrase: set ${ENV.PASSPHRASE}, or ${ENV.PASSPHRASE_FILE} / --passphrase-file, or run in a terminal`,
  );
}

async function promptHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  let s = '';
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer) => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(s);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          reject(new LeagError('KEYSTORE_PASSPHRASE', 'cancelled'));
          return;
        }
        if (ch === '\u007f') s = s.slice(0, -1);
        else s += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function nodesOf(g: GlobalOptions): string[] {
  if (g.node.length > 0) return g.node;
  const env = process.env[ENV.NODES];
  if (env !== undefined && env.trim() !== '')
    return env
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return ['http://127.0.0.1:26651'];
}

export interface Ctx {
  g: GlobalOptions;
  out: Out;
  client(): LeagClient;
  wallet(): Promise<Wallet>;
}

export function makeCtx(g: GlobalOptions): Ctx {
  const out = makeOut(g.json === true);
  let c: LeagClient | undefined;
  return {
    g,
    out,
    client() {
      const t = g.timeout === undefined ? undefined : Number(g.timeout);
      if (t !== undefined && !(Number.isInteger(t) && t > 0))
        throw new LeagError('CLI_BAD_OPTION', `--timeout must be a positive whole number of ms, got ${g.timeout}`);
      c ??= new LeagClient({
        nodes: nodesOf(g),
        ...(t === undefined ? {} : { timeoutMs: t }),
        onFailover: (from, to, reason) => out.note(`node ${from} failed (${reason}); trying ${to}`),
      });
      return c;
    },
    async wallet() {
      return Wallet.unlock(keystorePath(g), await passphrase(g));
    },
  };
}
