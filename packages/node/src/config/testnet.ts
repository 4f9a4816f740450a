/**
 * `leagd init --testnet N`: a genesis with N validators, a fresh authority and grid key, default
 * market and credit parameters, and one directory per node with its key and config. Node i
 * listens for peers on basePort + 2i and serves the API on basePort + 2i + 1, all on 127.0.0.1.
 */

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MARKET_PARAMS, type Genesis, LeagError, toHex } from '@leag/core';
import { DEFAULT_CONFIG } from './config.js';
import { writeGenesisFile } from './genesis-file.js';
import { type KeyPair, newKeyPair, writeKeyFile } from './keys.js';
import { peerIdOfPubkey } from './peer-id.js';

export interface TestnetOptions {
  validators: number;
  dir: string;
  basePort: number;
  windowMs: number;
  faucet: boolean;
  chainId?: string;
  /** Genesis time (default: now, rounded down to the second). */
  genesisTimeMs?: number;
  blockIntervalMs?: number;
  busyBlockIntervalMs?: number;
  viewTimeoutMs?: number;
  /** Plain PBFT quorums (genesis consensus.weighted = false); default credit-weighted. */
  plainPbft?: boolean;
  /** Tolerated byzantine validators f (default the most n allows: floor((n - 1) / 3)). */
  faultTolerance?: number;
  /** Genesis settlement_lag_ms (default defaultSettlementLagMs(windowMs)). */
  settlementLagMs?: number;
}

/**
 * The settlement lag a new testnet gets: half the window, at most 30 s. The worker computing the
 * settlement ahead runs at a low priority (nice 10 by default), so on a host that runs several
 * nodes near saturation it needs many seconds of wall time for one second of work (17-25 s for a
 * 20 000-order window with 4 nodes on 2 cores at 800 orders/s, docs/performance.md); the lag has
 * to cover that, or the settling block waits for it. Results come that much after the window.
 */
export const defaultSettlementLagMs = (windowMs: number): number => Math.min(Math.floor(windowMs / 2), 30_000);

export interface TestnetLayout {
  genesisFile: string;
  authorityKeyFile: string;
  nodes: { index: number; dir: string; configFile: string; p2pPort: number; apiPort: number; peerId: string }[];
}

export function initTestnet(o: TestnetOptions): TestnetLayout {
  const n = o.validators;
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new LeagError('CONFIG_BAD_VALUE', `--testnet must be 1..64 validators, found ${n}`);
  if (!Number.isInteger(o.basePort) || o.basePort < 1024 || o.basePort + 2 * n > 65535)
    throw new LeagError('CONFIG_BAD_VALUE', `--base-port must leave room for ${2 * n} ports in 1024..65535`);
  if (!Number.isInteger(o.windowMs) || o.windowMs < 1000)
    throw new LeagError('CONFIG_BAD_VALUE', `--window-ms must be an integer of at least 1000, found ${o.windowMs}`);
  for (const [flag, v] of [
    ['--block-interval-ms', o.blockIntervalMs],
    ['--busy-block-interval-ms', o.busyBlockIntervalMs],
    ['--view-timeout-ms', o.viewTimeoutMs],
  ] as const)
    if (v !== undefined && (!Number.isInteger(v) || v < 0))
      throw new LeagError('CONFIG_BAD_VALUE', `${flag} must be a non-negative integer (ms), found ${v}`);
  const lag = o.settlementLagMs ?? defaultSettlementLagMs(o.windowMs);
  if (!Number.isInteger(lag) || lag < 0 || lag >= o.windowMs)
    throw new LeagError(
      'CONFIG_BAD_VALUE',
      `--settlement-lag-ms must be an integer from 0 to below --window-ms (${o.windowMs}), found ${o.settlementLagMs}`,
    );
  const f = o.faultTolerance ?? Math.floor((n - 1) / 3);
  if (!Number.isInteger(f) || f < 0 || n <= 3 * f)
    throw new LeagError(
      'CONFIG_BAD_VALUE',
      `--fault-tolerance must be an integer f >= 0 with n > 3f (n = ${n}: at most ${Math.floor((n - 1) / 3)}), found ${o.faultTolerance}`,
    );
  if (existsSync(o.dir) && readdirSync(o.dir).length > 0)
    throw new LeagError('CONFIG_DIR_NOT_EMPTY', `${o.dir} exists and is not empty; choose a new directory`);
  mkdirSync(o.dir, { recursive: true });
  const keys: KeyPair[] = Array.from({ length: n }, () => newKeyPair());
  const authority = newKeyPair();
  const grid = newKeyPair();
  writeKeyFile(join(o.dir, 'authority.key'), authority);
  writeKeyFile(join(o.dir, 'grid.key'), grid);
  const ports = keys.map((_, i) => ({ p2p: o.basePort + 2 * i, api: o.basePort + 2 * i + 1 }));
  const genesis: Genesis = {
    chainId: o.chainId ?? `leag-testnet-${toHex(randomBytes(4))}`,
    genesisTimeMs: BigInt(o.genesisTimeMs ?? Math.floor(Date.now() / 1000) * 1000),
    windowMs: BigInt(o.windowMs),
    validators: keys.map((k, index) => ({
      index,
      pubkey: k.publicKey,
      name: `node${index}`,
      multiaddr: `/ip4/127.0.0.1/tcp/${ports[index]?.p2p}`,
    })),
    authorityPubkey: authority.publicKey,
    gridAddress: grid.address,
    marketParams: { ...DEFAULT_MARKET_PARAMS },
    creditParams: {
      initial: 50n,
      min: 0n,
      max: 100n,
      perCommit: 1n,
      perProposal: 2n,
      viewChangePenalty: 10n,
      leaderThreshold: 20n,
      epochBlocks: 100n,
    },
    faultToleranceF: f,
    faucetEnabled: o.faucet,
    initialOutputs: [],
    // written only for plain PBFT: a default genesis keeps the form (and hash) it had before the rule existed
    ...(o.plainPbft === true ? { consensus: { weighted: false } } : {}),
    ...(lag === 0 ? {} : { settlementLagMs: BigInt(lag) }),
    sellerPaymentPerOrder: true,
  };
  const genesisFile = join(o.dir, 'genesis.json');
  writeGenesisFile(genesisFile, genesis);
  const nodes = keys.map((k, index) => {
    const dir = join(o.dir, `node${index}`);
    mkdirSync(dir, { recursive: true });
    writeKeyFile(join(dir, 'node.key'), k);
    const p = ports[index] as { p2p: number; api: number };
    const config = {
      nodeIndex: index,
      genesisFile: '../genesis.json',
      keyFile: 'node.key',
      dataDir: 'data',
      p2p: { listen: `/ip4/127.0.0.1/tcp/${p.p2p}` },
      api: { host: '127.0.0.1', port: p.api },
      consensus: {
        viewTimeoutMs: o.viewTimeoutMs ?? DEFAULT_CONFIG.consensus.viewTimeoutMs,
        blockIntervalMs: o.blockIntervalMs ?? DEFAULT_CONFIG.consensus.blockIntervalMs,
        busyBlockIntervalMs: o.busyBlockIntervalMs ?? DEFAULT_CONFIG.consensus.busyBlockIntervalMs,
      },
      faucet: { authorityKeyFile: o.faucet ? '../authority.key' : null },
    };
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    return { index, dir, configFile, p2pPort: p.p2p, apiPort: p.api, peerId: peerIdOfPubkey(k.publicKey) };
  });
  return { genesisFile, authorityKeyFile: join(o.dir, 'authority.key'), nodes };
}
