/**
 * Node configuration: defaults < config file (JSON) < environment (LEAG_*) < command-line flags.
 * Paths in the file are relative to the file's directory. Every value is checked; a bad one is a
 * CONFIG_ error naming the key, what it must be and where it came from.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LeagError } from '@leag/core';

export interface NodeConfig {
  /** Validator index of this node in genesis. */
  nodeIndex: number;
  genesisFile: string;
  keyFile: string;
  /** LevelDB stores (chain, mempool journal) live here. */
  dataDir: string;
  p2p: {
    /** Listen multiaddr, e.g. /ip4/127.0.0.1/tcp/26650. */
    listen: string;
    /** Max size of one network message, bytes. */
    maxMessageBytes: number;
  };
  api: {
    host: string;
    port: number;
    /** Requests per client IP per window before 429. */
    rateLimitMax: number;
    rateLimitWindowMs: number;
    /** Max HTTP body, bytes. */
    bodyLimit: number;
  };
  consensus: {
    /** Base view timer (doubles per failed view). */
    viewTimeoutMs: number;
    /**
     * Time between blocks when there is nothing to propose: a primary with an empty mempool (and no
     * evidence) proposes an empty block once its parent is this old, which keeps block time, and so
     * window closes, moving.
     */
    blockIntervalMs: number;
    /**
     * Time between blocks under load: a primary with txs waiting proposes once its parent is this
     * old (at most blockIntervalMs). Short blocks cut order-to-finality latency at no cost in
     * throughput (docs/decisions.md, "Two block intervals").
     */
    busyBlockIntervalMs: number;
    syncRetryMs: number;
  };
  mempool: {
    /** Most txs held; beyond it submissions get 503 with Retry-After (back-pressure). */
    capacity: number;
    /** Most txs put in one proposal. */
    maxBlockTxs: number;
  };
  runtime: {
    /**
     * V8's old-generation growing factor, as 1 + percent/100 of the live heap after a full GC
     * (V8's --heap-growing-percent); 0 leaves V8's own heuristics, which let a loaded node's heap
     * grow to 3-4× its live data and its RSS drift by half (docs/decisions.md, "A bounded heap").
     */
    heapGrowingPercent: number;
    /**
     * Nice value (0-19, Linux) of the settlement worker thread, which computes each window's
     * settlement during the settlement lag: 19 takes only CPU the chain leaves idle, lower values a
     * guaranteed share (docs/decisions.md, "Settlement after a lag, computed ahead").
     */
    settlementWorkerNice: number;
  };
  faucet: {
    /** The testnet authority key (mints faucet coins); only used when genesis enables the faucet. */
    authorityKeyFile: string | null;
    /** Most µ one faucet request gives. */
    maxAmount: string;
  };
  log: { level: string; pretty: boolean };
}

export const DEFAULT_CONFIG: NodeConfig = {
  nodeIndex: 0,
  genesisFile: 'genesis.json',
  keyFile: 'node.key',
  dataDir: 'data',
  p2p: { listen: '/ip4/127.0.0.1/tcp/26650', maxMessageBytes: 20 * 1024 * 1024 },
  api: { host: '127.0.0.1', port: 26651, rateLimitMax: 600, rateLimitWindowMs: 10_000, bodyLimit: 256 * 1024 },
  consensus: { viewTimeoutMs: 2000, blockIntervalMs: 1000, busyBlockIntervalMs: 250, syncRetryMs: 1000 },
  mempool: { capacity: 20_000, maxBlockTxs: 5_000 },
  runtime: { heapGrowingPercent: 50, settlementWorkerNice: 10 },
  faucet: { authorityKeyFile: null, maxAmount: '1000000000' },
  log: { level: 'info', pretty: false },
};

type Flat = Record<string, unknown>;

/** Environment variables and the config keys they set. */
export const ENV_KEYS: Record<string, string> = {
  LEAG_NODE_INDEX: 'nodeIndex',
  LEAG_GENESIS_FILE: 'genesisFile',
  LEAG_KEY_FILE: 'keyFile',
  LEAG_DATA_DIR: 'dataDir',
  LEAG_P2P_LISTEN: 'p2p.listen',
  LEAG_API_HOST: 'api.host',
  LEAG_API_PORT: 'api.port',
  LEAG_RATE_LIMIT_MAX: 'api.rateLimitMax',
  LEAG_VIEW_TIMEOUT_MS: 'consensus.viewTimeoutMs',
  LEAG_BLOCK_INTERVAL_MS: 'consensus.blockIntervalMs',
  LEAG_BUSY_BLOCK_INTERVAL_MS: 'consensus.busyBlockIntervalMs',
  LEAG_MEMPOOL_CAPACITY: 'mempool.capacity',
  LEAG_HEAP_GROWING_PERCENT: 'runtime.heapGrowingPercent',
  LEAG_SETTLEMENT_WORKER_NICE: 'runtime.settlementWorkerNice',
  LEAG_LOG_LEVEL: 'log.level',
  LEAG_LOG_PRETTY: 'log.pretty',
};

const PATH_KEYS = ['genesisFile', 'keyFile', 'dataDir', 'faucet.authorityKeyFile'];

function setPath(obj: Flat, path: string, value: unknown): void {
  const parts = path.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) o = o[p] as Flat;
  o[parts.at(-1) as string] = value;
}

function getPath(obj: Flat, path: string): unknown {
  let o: unknown = obj;
  for (const p of path.split('.')) o = (o as Flat)[p];
  return o;
}

function coerce(path: string, raw: unknown, source: string): unknown {
  const def = getPath(DEFAULT_CONFIG as unknown as Flat, path);
  const bad = (expected: string): never => {
    throw new LeagError(
      'CONFIG_BAD_VALUE',
      `${path} (from ${source}) must be ${expected}, found ${JSON.stringify(raw)}`,
      {
        key: path,
        source,
      },
    );
  };
  if (typeof def === 'number') {
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) bad('a non-negative integer');
    return n;
  }
  if (typeof def === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    return bad('true or false');
  }
  if (def === null || typeof def === 'string') {
    if (raw === null && def === null) return null;
    if (typeof raw !== 'string' || raw.length === 0) bad('a non-empty string');
    return raw;
  }
  return bad('a known setting');
}

function applyFlat(cfg: Flat, values: Flat, source: string, baseDir: string | null): void {
  for (const [path, raw] of Object.entries(values)) {
    if (raw === undefined) continue;
    if (getPath(DEFAULT_CONFIG as unknown as Flat, path) === undefined && !PATH_KEYS.includes(path)) {
      throw new LeagError('CONFIG_UNKNOWN_KEY', `unknown config key "${path}" (from ${source})`, { key: path, source });
    }
    let v = coerce(path, raw, source);
    if (baseDir !== null && PATH_KEYS.includes(path) && typeof v === 'string') v = resolve(baseDir, v);
    setPath(cfg, path, v);
  }
}

function flatten(obj: Flat, prefix = ''): Flat {
  const out: Flat = {};
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix === '' ? k : `${prefix}.${k}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v as Flat, path));
    else out[path] = v;
  }
  return out;
}

export interface LoadOptions {
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Flat overrides from flags, e.g. { 'api.port': '8080' }. */
  flags?: Flat;
}

export function loadConfig(o: LoadOptions): NodeConfig {
  const cfg = structuredClone(DEFAULT_CONFIG) as unknown as Flat;
  const base = o.file === undefined ? process.cwd() : dirname(resolve(o.file));
  if (o.file !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(o.file, 'utf8'));
    } catch (e) {
      throw new LeagError('CONFIG_FILE', `cannot read config file ${o.file}: ${(e as Error).message}`, {
        file: o.file,
      });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new LeagError('CONFIG_FILE', `config file ${o.file} must hold a JSON object`);
    }
    applyFlat(cfg, flatten(parsed as Flat), o.file, base);
  }
  const env: Flat = {};
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const v = o.env?.[name];
    if (v !== undefined && v !== '') env[path] = v;
  }
  applyFlat(cfg, env, 'environment', process.cwd());
  applyFlat(cfg, o.flags ?? {}, 'flags', process.cwd());
  for (const p of PATH_KEYS) {
    const v = getPath(cfg, p);
    if (typeof v === 'string') setPath(cfg, p, resolve(base, v));
  }
  const c = cfg as unknown as NodeConfig;
  if (c.api.port > 65535)
    throw new LeagError('CONFIG_BAD_VALUE', `api.port must be at most 65535, found ${c.api.port}`);
  if (c.mempool.capacity < 1) throw new LeagError('CONFIG_BAD_VALUE', 'mempool.capacity must be at least 1');
  if (c.runtime.heapGrowingPercent > 1000)
    throw new LeagError(
      'CONFIG_BAD_VALUE',
      `runtime.heapGrowingPercent must be 0 (V8's heuristics) to 1000, found ${c.runtime.heapGrowingPercent}`,
    );
  if (c.runtime.settlementWorkerNice > 19)
    throw new LeagError(
      'CONFIG_BAD_VALUE',
      `runtime.settlementWorkerNice must be 0 (the node's priority) to 19 (idle CPU only), found ${c.runtime.settlementWorkerNice}`,
    );
  if (c.consensus.viewTimeoutMs < 100)
    throw new LeagError('CONFIG_BAD_VALUE', 'consensus.viewTimeoutMs must be at least 100');
  if (!/^[0-9]{1,18}$/.test(c.faucet.maxAmount))
    throw new LeagError('CONFIG_BAD_VALUE', 'faucet.maxAmount must be a decimal amount of µ');
  return c;
}
