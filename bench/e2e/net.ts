/**
 * A benchmark testnet: the system-test harness's real `leagd` processes on 127.0.0.1, with the
 * API rate limit lifted (the load generator is one client IP), plus load EVs registered with the
 * testnet authority and granted on chain, the window clock, and each node's resident set size.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiPath,
  encodeAddress,
  fromHex,
  fromJson,
  type SignedTx,
  signTx,
  TxKind,
  toHex,
  toJson,
  txId,
} from '@leag/core';
import { issueCertificate } from '../../packages/node/src/accounts/index.js';
import { readGenesisFile } from '../../packages/node/src/config/genesis-file.js';
import { readKeyFile } from '../../packages/node/src/config/keys.js';
import { call, Testnet, type TestnetOptions, waitFor } from '../../packages/node/test/harness/index.js';
import { COIN_VALUE, type LoadEv, newLoadEv } from './orders.js';
import { log } from './stats.js';

/** Coins per load EV (its buy orders each spend one; a step gives them back, see orders.ts). */
const COINS_PER_EV = 512;
/** Coins one split (a Transfer) makes: the ledger's most outputs per tx. */
const FAN_OUT = 256;
/** Inputs of one consolidating Transfer (a witness each, ~140 bytes with its input: under the 16 KiB tx limit). */
const MERGE_INPUTS = 80;

export interface WindowClock {
  genesisMs: number;
  lengthMs: number;
}

const live = new Set<BenchNet>();
/** Kills every running benchmark node and removes the temp dirs (on a signal or a crash). */
export function killAllNets(): void {
  for (const n of live) n.kill();
}

/** `--node-env K=V` flags of the probes as an environment for every node (a clear error otherwise). */
export function parseNodeEnv(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const kv of pairs) {
    const at = kv.indexOf('=');
    if (at < 1) throw new RangeError(`--node-env must be KEY=VALUE, found ${JSON.stringify(kv)}`);
    env[kv.slice(0, at)] = kv.slice(at + 1);
  }
  return env;
}

export class BenchNet {
  private constructor(
    readonly tn: Testnet,
    readonly chainId: string,
    readonly clock: WindowClock,
    readonly guardMs: number,
    private readonly root: string,
  ) {}

  static async start(nodes: number, o: TestnetOptions = {}): Promise<BenchNet> {
    const env: Record<number, Record<string, string>> = {};
    for (let i = 0; i < nodes; i++) {
      env[i] = { LEAG_RATE_LIMIT_MAX: '100000000', LEAG_LOG_LEVEL: 'warn', ...(o.env?.[i] ?? {}) };
    }
    log(`starting a ${nodes}-node testnet`);
    // a private temp root (the harness makes its directory under os.tmpdir(), which reads TMPDIR)
    const root = mkdtempSync(join(tmpdir(), 'leag-bench-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = root;
    let tn: Testnet;
    try {
      // 60 s windows: a load step (12-20 s plus 12 s of headroom) fits; steps share a window while
      // their orders stay below the ledger's cap of 40 000 per window (load.ts waits for the next one)
      tn = await Testnet.start({ windowMs: 60_000, ...o, nodes, env });
    } catch (e) {
      rmSync(root, { recursive: true, force: true });
      throw e;
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    const g = readGenesisFile(tn.genesisFile);
    const s = await tn.node(0).status();
    const clock = {
      genesisMs: Number(s.window.startMs) - (Number(s.window.current) - 1) * Number(s.window.lengthMs),
      lengthMs: Number(s.window.lengthMs),
    };
    // the node refuses orders this close to their window's end (block interval + 500 ms); keep a margin
    const net = new BenchNet(tn, g.chainId, clock, (o.blockIntervalMs ?? 1000) + 1500, root);
    live.add(net);
    return net;
  }

  get size(): number {
    return this.tn.nodes.length;
  }

  apiUrl(i: number): string {
    return this.tn.node(i).apiUrl;
  }

  /** The window open at `t` and its end. */
  window(t = Date.now()): { window: bigint; endMs: number } {
    const k = Math.floor((t - this.clock.genesisMs) / this.clock.lengthMs);
    return { window: BigInt(k + 1), endMs: this.clock.genesisMs + (k + 1) * this.clock.lengthMs };
  }

  /**
   * Registers `count` load EVs (one address each), spread over the nodes, waits for every grant on
   * every node, and gives each EV `coinsPerEv` coins of COIN_VALUE for its buy orders' escrows
   * (fundEvs; 0: sell orders only).
   */
  async makeEvs(count: number, coinsPerEv = COINS_PER_EV): Promise<LoadEv[]> {
    const evs = await this.registerEvs(count);
    if (coinsPerEv > 0) await this.fundEvs(evs, coinsPerEv);
    return evs;
  }

  /**
   * Funds the EVs as a fleet operator would: the testnet authority mints each EV its money (one
   * Mint per FAN_OUT coins), and the EV splits each minted coin into FAN_OUT coins of its own (a
   * Transfer), so every buy order of a load step spends a coin of its own and none waits for
   * another's change.
   */
  async fundEvs(evs: LoadEv[], coinsPerEv: number): Promise<void> {
    const authority = readKeyFile(this.tn.authorityKeyFile);
    const rounds = Math.ceil(coinsPerEv / FAN_OUT);
    const submitAll = async (txs: { stx: SignedTx; node: number }[], what: string) => {
      const ids = await Promise.all(
        txs.map(async ({ stx, node }) => {
          const r = await call(this.apiUrl(node % this.size), 'submitTx', { body: { tx: toJson('SignedTx', stx) } });
          if (r.status !== 202) throw new RangeError(`bench: ${what}: ${r.status} ${JSON.stringify(r.body)}`);
          return toHex(txId(stx.tx));
        }),
      );
      for (const [k, id] of ids.entries()) {
        await waitFor(
          `${what} committed`,
          async () => {
            const r = await call<{ status?: string }>(this.apiUrl(k % this.size), 'getTx', { params: { id } });
            return r.body.status === 'committed' ? true : undefined;
          },
          120_000,
          250,
        );
      }
    };
    for (let round = 0; round < rounds; round++) {
      const n = Math.min(FAN_OUT, coinsPerEv - round * FAN_OUT);
      const mints = evs.map((ev, i) => {
        const value = COIN_VALUE * BigInt(n);
        const to = ev.addr;
        const stx = signTx(
          {
            version: 1,
            chainId: this.chainId,
            kind: TxKind.TX_KIND_MINT,
            inputs: [],
            outputs: [{ value, energyWh: 0n, address: to, escrowWindow: 0n }],
            lockTime: 0n,
            mint: { to, value, memo: `bench fleet funding ${i}.${round}` },
          },
          [authority.secretKey],
        );
        return { stx, node: i };
      });
      await submitAll(mints, 'a funding mint');
      const splits = evs.map((ev, i) => {
        const mint = mints[i] as (typeof mints)[number];
        const stx = this.ownTransfer(
          ev,
          [{ txId: txId(mint.stx.tx), index: 0 }],
          Array.from({ length: n }, () => COIN_VALUE),
        );
        const id = txId(stx.tx);
        for (let k = 0; k < n; k++) ev.coins.push({ txId: id, index: k, value: COIN_VALUE });
        return { stx, node: i };
      });
      await submitAll(splits, 'a coin split');
    }
    log(`${evs.length} load EVs funded with ${coinsPerEv} coins each`);
  }

  /**
   * Tidies the EVs' wallets as wallets do: the coins an EV received (payments for its sells,
   * refunds of its buys) and does not hold for its next buys are merged, MERGE_INPUTS at a time,
   * into one coin (a Transfer; its identical witnesses cost one signature check). Without it every
   * window left about one new coin per order in the UTXO set, which a node holds in memory (about
   * 1 KB per coin), and the 5-minute run measured the set's growth, not whether a node leaks.
   * Returns the number of merging txs accepted.
   */
  async consolidate(evs: LoadEv[], o: { waitCommitted?: boolean } = {}): Promise<number> {
    const counts = await Promise.all(
      evs.map(async (ev, i) => {
        const node = i % this.size;
        // a node busy with a window's clearing may answer late or refuse (503): what is not merged
        // now is merged at the next call
        let utxos: { txId: string; index: number; output: unknown }[];
        try {
          const r = await call<{ utxos?: { txId: string; index: number; output: unknown }[] }>(
            this.apiUrl(node),
            'getUtxos',
            { params: { address: encodeAddress(ev.addr) }, timeoutMs: 60_000 },
          );
          if (r.status !== 200 || r.body.utxos === undefined) return 0;
          utxos = r.body.utxos;
        } catch {
          return 0;
        }
        const held = new Set(ev.coins.map((c) => `${toHex(c.txId)}:${c.index}`));
        const free = utxos
          .filter((u) => !held.has(`${u.txId}:${u.index}`))
          .map((u) => ({ txId: u.txId, index: u.index, output: fromJson('TxOutput', u.output as never) }))
          .filter((u) => u.output.escrowWindow === 0n);
        const accepted: string[] = [];
        for (let k = 0; k + 1 < free.length; k += MERGE_INPUTS) {
          const part = free.slice(k, k + MERGE_INPUTS);
          if (part.length < 2) break;
          const value = part.reduce((a, u) => a + u.output.value, 0n);
          const stx = this.ownTransfer(
            ev,
            part.map((u) => ({ txId: fromHex(u.txId), index: u.index })),
            [value],
          );
          try {
            const s = await call(this.apiUrl(node), 'submitTx', {
              body: { tx: toJson('SignedTx', stx) },
              timeoutMs: 30_000,
            });
            // refused (a coin still claimed by a pending tx, or the node busy): merged next time
            if (s.status === 202) accepted.push(toHex(txId(stx.tx)));
            else if (s.status === 503) break;
          } catch {
            break;
          }
        }
        if (o.waitCommitted === true && accepted.length > 0) {
          const last = accepted[accepted.length - 1] as string;
          await waitFor(
            'the merged coins committed',
            async () => {
              const r = await call<{ status?: string }>(this.apiUrl(node), 'getTx', { params: { id: last } });
              return r.body.status === 'committed' ? true : undefined;
            },
            180_000,
            500,
          ).catch(() => undefined);
        }
        return accepted.length;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /** A Transfer of an EV's own coins to free coins of its own (`values`, in order); a witness per input. */
  private ownTransfer(ev: LoadEv, inputs: { txId: Uint8Array; index: number }[], values: bigint[]): SignedTx {
    return signTx(
      {
        version: 1,
        chainId: this.chainId,
        kind: TxKind.TX_KIND_TRANSFER,
        inputs: inputs.map((prev) => ({ prev })),
        outputs: values.map((value) => ({ value, energyWh: 0n, address: ev.addr, escrowWindow: 0n })),
        lockTime: 0n,
        transfer: { memo: '' },
      },
      inputs.map(() => ev.sk),
    );
  }

  private async registerEvs(count: number): Promise<LoadEv[]> {
    const authority = readKeyFile(this.tn.authorityKeyFile);
    const evs = Array.from({ length: count }, newLoadEv);
    const now = BigInt(Date.now());
    await Promise.all(
      evs.map(async (ev, i) => {
        const cert = issueCertificate(
          authority.secretKey,
          { evPubkey: ev.pub, name: `bench-ev-${i}`, issuedAt: now - 60_000n, expiresAt: now + 86_400_000n },
          this.chainId,
        );
        const r = await call(this.apiUrl(i % this.size), 'register', {
          body: { certificate: toJson('AuthorityCertificate', cert), addresses: [encodeAddress(ev.addr)] },
        });
        if (r.status !== 202) throw new RangeError(`bench: register EV ${i}: ${r.status} ${JSON.stringify(r.body)}`);
      }),
    );
    for (let n = 0; n < this.size; n++) {
      for (const ev of evs) {
        await waitFor(
          'a grant',
          async () => {
            const r = await call<{ granted: boolean }>(this.apiUrl(n), 'getGrant', {
              params: { address: encodeAddress(ev.addr) },
            });
            return r.body.granted ? true : undefined;
          },
          120_000,
          250,
        );
      }
    }
    log(`${count} load EVs granted on all ${this.size} nodes`);
    return evs;
  }

  async height(i = 0): Promise<bigint> {
    return this.tn.node(i).height();
  }

  /** Ids of the txs of block `h`, read from node `from`. */
  async blockTxIds(h: bigint, from: number): Promise<string[]> {
    let last: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        // the tx ids alone: the full view of a settling block costs its node about a second
        const res = await fetch(
          `${this.apiUrl((from + attempt) % this.size)}${apiPath('getBlockTxIds', { height: h.toString() })}`,
          {
            signal: AbortSignal.timeout(60_000),
          },
        );
        if (res.status !== 200) throw new RangeError(`bench: block ${h}: ${res.status}`);
        return ((await res.json()) as { txIds: string[] }).txIds;
      } catch (e) {
        last = e;
      }
    }
    throw last;
  }

  /** Resident set size of each running node, MiB (from /proc). */
  rssMiB(): (number | null)[] {
    return this.tn.nodes.map((x) => {
      const pid = x.proc?.pid;
      if (pid === undefined) return null;
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return m === null ? null : Math.round(Number(m[1]) / 102.4) / 10;
      } catch {
        return null;
      }
    });
  }

  kill(): void {
    this.tn.killAll();
    if (process.env.LEAG_KEEP_TESTNET !== '1') rmSync(this.root, { recursive: true, force: true });
    live.delete(this);
  }

  async stop(): Promise<void> {
    live.delete(this);
    await this.tn.stop();
    if (process.env.LEAG_KEEP_TESTNET !== '1') rmSync(this.root, { recursive: true, force: true });
  }
}
