/**
 * An in-process cluster of real ConsensusDrivers (real Replica, Ledger, WAL and signatures) over
 * MemoryDbs and an in-memory network, for driver tests that need many blocks fast. A node can be
 * crashed (its driver stops between two actions, as after kill -9, and its messages are dropped)
 * and restarted from its stores. Every signed vote, proposal and checkpoint that leaves a node is
 * recorded, to check that no node ever signs two different digests for one key.
 */
import { fromWire } from '@leag/consensus';
import { codecs, toHex } from '@leag/core';
import { pino } from 'pino';
import { ConsensusDriver, type DriverModules } from '../../src/driver/driver.js';
import { consensusParams } from '../../src/driver/setup.js';
import { type ChainContext, chainContext, Ledger } from '../../src/ledger/index.js';
import { ConsensusWal, MemoryDb } from '../../src/storage/index.js';
import { MempoolJournal } from '../../src/trading/journal.js';
import { Mempool } from '../../src/trading/mempool.js';
import { SigCache } from '../../src/trading/sig-cache.js';
import { World } from '../ledger/world.js';

export interface ClusterNode {
  index: number;
  db: MemoryDb;
  ledger: Ledger;
  wal: ConsensusWal;
  mempool: Mempool;
  driver: ConsensusDriver;
  up: boolean;
}

export class Cluster {
  readonly world = new World(2);
  readonly ctx: ChainContext;
  readonly nodes: ClusterNode[] = [];
  /** `validator phase/view/height` → hex digest of everything signed; conflicts collects the clashes. */
  private readonly signed = new Map<string, string>();
  readonly conflicts: string[] = [];
  /** Highest WAL length seen on any node after a commit. */
  maxWal = 0;
  /** The tx kinds of every proposal (pre-prepare) sent, by height (the last one sent for it). */
  readonly proposalTxKinds = new Map<bigint, number[]>();

  constructor(
    private readonly o: {
      epochBlocks: bigint;
      blockIntervalMs: number;
      /** With txs waiting (default blockIntervalMs: one interval). */
      busyBlockIntervalMs?: number;
      viewTimeoutMs: number;
      /** Clock offset of some nodes, ms (a skewed clock). */
      clockOffsetMs?: Record<number, number>;
      /** Genesis consensus.weighted = false (plain PBFT quorums). */
      plainPbft?: boolean;
      /** Extra driver modules of a node (observer, test-mode hooks). */
      modules?: (index: number) => Partial<DriverModules>;
      /** Windows from this time and of this length (default the World's: long past, 60 s). */
      windows?: { genesisTimeMs: bigint; windowMs: bigint };
      /** Genesis settlement_lag_ms (default none). */
      settlementLagMs?: bigint;
    },
  ) {
    const g = this.world.genesis;
    this.ctx = chainContext({
      ...g,
      creditParams: { ...g.creditParams, epochBlocks: o.epochBlocks },
      ...(o.plainPbft === true ? { consensus: { weighted: false } } : {}),
      ...(o.windows ?? {}),
      ...(o.settlementLagMs === undefined ? {} : { settlementLagMs: o.settlementLagMs }),
    });
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.ctx.genesis.validators.length; i++) this.nodes.push(await this.boot(i, new MemoryDb()));
    for (const n of this.nodes) await n.driver.start();
  }

  private async boot(index: number, db: MemoryDb): Promise<ClusterNode> {
    const ledger = await Ledger.open(db, this.ctx);
    const wal = new ConsensusWal(db);
    const mempool = new Mempool(100, new MempoolJournal(new MemoryDb()));
    const node = { index, db, ledger, wal, mempool, up: true } as ClusterNode;
    node.driver = new ConsensusDriver(
      {
        me: index,
        params: consensusParams(this.ctx.genesis, { viewTimeoutMs: this.o.viewTimeoutMs, syncRetryMs: 200 }),
        ctx: this.ctx,
        secretKey: (this.world.validators[index] as { sk: Uint8Array }).sk,
        blockIntervalMs: this.o.blockIntervalMs,
        busyBlockIntervalMs: this.o.busyBlockIntervalMs ?? this.o.blockIntervalMs,
        maxBlockTxs: 100,
      },
      {
        ledger,
        wal,
        mempool,
        sigs: new SigCache(),
        clock: () => Date.now() + (this.o.clockOffsetMs?.[index] ?? 0),
        log: pino({ level: 'silent' }),
        net: {
          broadcast: (b) => this.deliver(node, null, b),
          send: (to, b) => this.deliver(node, to, b),
          fetchBlocks: async (from, h) => {
            const peer = this.nodes[from];
            return peer?.up ? peer.driver.serveSync(h, 32) : [];
          },
          connected: () => this.nodes.filter((x) => x.up && x.index !== index).map((x) => x.index),
        },
        onCommitted: async () => {
          this.maxWal = Math.max(this.maxWal, node.driver.walRecords, await wal.count());
        },
        onFatal: (e) => {
          throw e;
        },
        ...(this.o.modules?.(index) ?? {}),
      },
    );
    return node;
  }

  private deliver(from: ClusterNode, to: number | null, bytes: Uint8Array): void {
    if (!from.up) return;
    this.record(from.index, bytes);
    for (const n of this.nodes) {
      if (n.index === from.index || (to !== null && n.index !== to)) continue;
      setImmediate(() => {
        if (n.up && from.up) n.driver.onPeerMessage(from.index, bytes);
      });
    }
  }

  private record(validator: number, bytes: Uint8Array): void {
    const m = fromWire(codecs.ConsensusMessage.decode(bytes));
    if (m === null) return;
    if (m.kind === 'prePrepare')
      this.proposalTxKinds.set(
        m.msg.height,
        m.msg.block.txs.map((t) => t.tx.kind),
      );
    let key: string;
    let digest: Uint8Array;
    if (m.kind === 'vote' || m.kind === 'prePrepare') {
      key = `${m.kind === 'vote' ? m.msg.phase : 'pp'}/${m.msg.view}/${m.msg.height}`;
      digest = m.msg.blockHash;
    } else if (m.kind === 'checkpoint') {
      key = `cp/${m.msg.height}`;
      digest = m.msg.stateDigest;
    } else return;
    const k = `${validator} ${key}`;
    const was = this.signed.get(k);
    if (was !== undefined && was !== toHex(digest)) this.conflicts.push(`${k}: ${was} then ${toHex(digest)}`);
    this.signed.set(k, toHex(digest));
  }

  /** kill -9: the driver stops between two actions; nothing it does afterwards leaves the node. */
  async crash(i: number): Promise<void> {
    const n = this.nodes[i] as ClusterNode;
    n.up = false;
    await n.driver.stop();
  }

  /** Restarts a crashed node from its stores (ledger, WAL). */
  async restart(i: number): Promise<ClusterNode> {
    const old = this.nodes[i] as ClusterNode;
    const n = await this.boot(i, old.db);
    this.nodes[i] = n;
    await n.driver.start();
    return n;
  }

  heights(): bigint[] {
    return this.nodes.map((n) => n.ledger.head.height);
  }

  async waitForHeight(h: bigint, timeoutMs: number, nodes = this.nodes.filter((n) => n.up)): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (nodes.some((n) => n.ledger.head.height < h)) {
      if (Date.now() > until)
        throw new Error(`height ${h} not reached in ${timeoutMs} ms: ${this.heights().join(' ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    for (const n of this.nodes) {
      n.up = false;
      await n.driver.stop();
    }
  }
}
