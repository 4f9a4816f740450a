/**
 * The composition root (Lodestar's beacon-node/src/node/nodejs.ts): opens the stores, builds every
 * part with `(opts, modules)` and child loggers, wires them together, and stops them in reverse.
 */
import '@leag/core/polyfills';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkKeyMatches } from '@leag/consensus';
import {
  type Block,
  type CommitCertificate,
  codecs,
  type SignedTx,
  type StatusResponse,
  signatureBackend,
  toHex,
} from '@leag/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AccountService } from './accounts/index.js';
import type { ApiContext } from './api/context.js';
import { EventHub } from './api/events.js';
import { buildApi } from './api/server.js';
import type { NodeConfig } from './config/config.js';
import { readGenesisFile } from './config/genesis-file.js';
import { type KeyPair, readKeyFile } from './config/keys.js';
import { ConsensusDriver } from './driver/driver.js';
import { evidenceSpreader, txEvidence } from './driver/evidence.js';
import { consensusParams, weightedQuorums } from './driver/setup.js';
import {
  type BlockResult,
  blockHashOf,
  type ChainContext,
  chainContext,
  decodeBlock,
  genesisHashOf,
  Ledger,
  windowEnd,
  windowOf,
} from './ledger/index.js';
import { NodeMetrics } from './metrics/metrics.js';
import { P2pHost } from './net/host.js';
import { PROTOCOLS } from './net/protocols.js';
import { decodeTxBatch } from './net/tx-batch-codec.js';
import { Settlements } from './settle/settlements.js';
import { runStopSteps } from './stop-steps.js';
import { AccountsRepository, ConsensusWal, LevelDb } from './storage/index.js';
import {
  equivocator,
  mutateProposal,
  offsetClock,
  readTestClockOffset,
  readTestModes,
  readTestSlowVotes,
  SkippingJournal,
  slowVoteDelay,
} from './testing/index.js';
import { Faucet } from './trading/faucet.js';
import { TxGossip } from './trading/gossip.js';
import { MAX_CHECK_QUEUE, TxIntake } from './trading/intake.js';
import { MempoolJournal } from './trading/journal.js';
import { Mempool } from './trading/mempool.js';
import { CommitPace } from './trading/pace.js';
import { SigCache, sigCacheCapacity } from './trading/sig-cache.js';
import { WindowIndex } from './trading/windows.js';

export const NODE_VERSION = '0.1.0';
/** Accepted API txs are gossiped in batches collected for this long. */
const GOSSIP_FLUSH_MS = 10;
/** Pending txs not sent for this long are sent to every peer again (checked every RESEND_EVERY_MS). */
const RESEND_AFTER_MS = 15_000;
const RESEND_EVERY_MS = 5_000;
const RESEND_MAX = 4096;

export class LeagNode {
  private host: P2pHost | null = null;
  private api: FastifyInstance | null = null;
  private driver: ConsensusDriver | null = null;
  private settlements: Settlements | null = null;
  private stopping: Promise<void> | null = null;
  private resendTimer: NodeJS.Timeout | null = null;
  private readonly gossip: TxGossip;
  private readonly pace: CommitPace;
  /** LEAG_TEST_CLOCK_OFFSET_MS (testing/clock-offset.ts); 0 outside tests. */
  private clockOffsetMs = 0;
  readonly metrics = new NodeMetrics();
  readonly events = new EventHub();
  readonly windows = new WindowIndex((h) => this.storedBlock(h));
  readonly sigs: SigCache;
  ledger!: Ledger;
  mempool!: Mempool;
  intake!: TxIntake;
  private journal!: MempoolJournal;
  private chainDb!: LevelDb;
  readonly ctx: ChainContext;
  readonly key: KeyPair;

  constructor(
    readonly cfg: NodeConfig,
    private readonly m: { log: Logger; clock?: () => number; onFatal?: (e: unknown) => void },
  ) {
    const genesis = readGenesisFile(cfg.genesisFile);
    this.ctx = chainContext(genesis);
    this.key = readKeyFile(cfg.keyFile);
    this.pace = new CommitPace(cfg.consensus.blockIntervalMs);
    this.sigs = new SigCache(sigCacheCapacity(cfg.mempool.capacity, MAX_CHECK_QUEUE));
    this.gossip = new TxGossip(
      { flushMs: GOSSIP_FLUSH_MS, maxBatchBytes: Math.min(1 << 20, cfg.p2p.maxMessageBytes - 1024) },
      {
        send: (batch, to) =>
          to === undefined ? this.host?.broadcast(PROTOCOLS.tx, batch) : this.host?.send(to, PROTOCOLS.tx, batch),
      },
    );
    checkKeyMatches(
      cfg.nodeIndex,
      this.key.secretKey,
      genesis.validators.map((v) => v.pubkey),
    );
  }

  private get clock(): () => number {
    return offsetClock(this.m.clock ?? Date.now, this.clockOffsetMs);
  }

  get apiUrl(): string {
    return `http://${this.cfg.api.host}:${this.cfg.api.port}`;
  }

  async start(): Promise<void> {
    const { cfg, ctx, m } = this;
    const log = m.log;
    mkdirSync(cfg.dataDir, { recursive: true });
    log.info({ dataDir: cfg.dataDir }, 'opening stores');
    this.chainDb = await LevelDb.open(join(cfg.dataDir, 'chain'));
    this.ledger = await Ledger.open(this.chainDb, ctx);
    // test-only modes (testing/modes.ts): refused unless testnet genesis + LEAG_TEST_MODES_ALLOWED=1
    const modes = readTestModes(process.env, ctx.genesis);
    this.clockOffsetMs = readTestClockOffset(process.env, ctx.genesis);
    const slowVotesMs = readTestSlowVotes(process.env, ctx.genesis);
    if (modes.byzantine !== null || modes.broken !== null || this.clockOffsetMs !== 0 || slowVotesMs !== 0)
      log.warn(
        { ...modes, clockOffsetMs: this.clockOffsetMs, slowVotesMs },
        'TEST MODE: this node misbehaves on purpose',
      );
    this.metrics.quorumWeighted.set(weightedQuorums(ctx.genesis) ? 1 : 0);
    this.metrics.watchSignatures(this.sigs);
    const Journal = modes.broken === 'skip-journal' ? SkippingJournal : MempoolJournal;
    this.journal = new Journal(await LevelDb.open(join(cfg.dataDir, 'mempool')));
    this.mempool = new Mempool(cfg.mempool.capacity, this.journal);
    await this.indexChain();
    this.intake = new TxIntake(
      { ctx, closingGuardMs: cfg.consensus.blockIntervalMs + 500 },
      {
        ledger: this.ledger,
        mempool: this.mempool,
        sigs: this.sigs,
        clock: this.clock,
        log: log.child({ module: 'intake' }),
        gossip: (bytes) => (modes.broken === null ? this.gossip.add(bytes) : undefined),
        pace: this.pace,
        onAccepted: (source, count) => {
          this.metrics.accepted.inc({ source }, count);
          this.metrics.mempool.set(this.mempool.size);
        },
      },
    );
    log.info({ height: this.ledger.head.height.toString() }, 'ledger open');
    const { txs, bad } = await this.journal.load();
    const rec = await this.intake.recover(txs, bad);
    if (txs.length > 0) log.info(rec, 'mempool journal recovered');

    const wal = new ConsensusWal(this.chainDb);
    const settlements = new Settlements(log.child({ module: 'settle' }), {
      nice: cfg.runtime.settlementWorkerNice,
    });
    this.settlements = settlements;
    settlements.start();
    const driver = new ConsensusDriver(
      {
        me: cfg.nodeIndex,
        params: consensusParams(ctx.genesis, cfg.consensus),
        ctx,
        secretKey: this.key.secretKey,
        blockIntervalMs: cfg.consensus.blockIntervalMs,
        busyBlockIntervalMs: cfg.consensus.busyBlockIntervalMs,
        maxBlockTxs: cfg.mempool.maxBlockTxs,
      },
      {
        ledger: this.ledger,
        wal,
        mempool: this.mempool,
        sigs: this.sigs,
        clock: this.clock,
        log: log.child({ module: 'consensus' }),
        net: {
          broadcast: (b) => this.host?.broadcast(PROTOCOLS.consensus, b),
          send: (to, b) => this.host?.send(to, PROTOCOLS.consensus, b),
          fetchBlocks: (from, h) => this.host?.fetchBlocks(from, h) ?? Promise.resolve([]),
          connected: () => this.host?.connected() ?? [],
        },
        onCommitted: (r, cert) => this.onCommitted(r, cert),
        onEvidence: evidenceSpreader(ctx.chainId, this.intake, log.child({ module: 'evidence' })),
        onClockOffset: (ms) => this.metrics.clockOffset.set(ms),
        observer: this.metrics.consensusObserver(),
        settlements,
        ...(slowVotesMs === 0 ? {} : { sendDelayMs: slowVoteDelay(slowVotesMs) }),
        ...(modes.byzantine === null ? {} : { mutateProposal: (b: Block) => mutateProposal(modes, b) }),
        ...(modes.byzantine === 'equivocate'
          ? { mutateBroadcast: equivocator(ctx.chainId, cfg.nodeIndex, this.key.secretKey) }
          : {}),
        onFatal: (e) => {
          log.fatal({ err: e }, 'consensus driver stopped: the node halts rather than risk a fork');
          m.onFatal?.(e);
        },
      },
    );
    this.driver = driver;
    log.info({ listen: cfg.p2p.listen }, 'starting p2p');
    this.host = await P2pHost.start(
      {
        me: cfg.nodeIndex,
        secretKey: this.key.secretKey,
        listen: cfg.p2p.listen,
        validators: ctx.genesis.validators.map((v) => ({ index: v.index, pubkey: v.pubkey, multiaddr: v.multiaddr })),
        maxMessageBytes: cfg.p2p.maxMessageBytes,
      },
      {
        log: log.child({ module: 'p2p' }),
        metrics: this.metrics.hostMetrics(),
        handlers: {
          onConsensus: (from, b) => driver.onPeerMessage(from, b),
          onTx: (from, b) => this.onPeerTx(from, b),
          onSyncRequest: (_from, h, max) => driver.serveSync(h, max),
        },
      },
    );
    await driver.start();
    if (modes.broken === null) {
      // (a broken test node acknowledges txs without gossiping them, and must not later either)
      this.host.onPeerConnected = (peer) => this.resendPending(peer);
      this.resendTimer = setInterval(() => this.resendPending(), RESEND_EVERY_MS);
      this.resendTimer.unref();
    }
    const api: ApiContext = {
      ctx,
      ledger: this.ledger,
      mempool: this.mempool,
      intake: this.intake,
      windows: this.windows,
      accounts: new AccountService(
        {
          chainId: ctx.chainId,
          authorityPubkey: ctx.authorityPubkey,
          validatorIndex: cfg.nodeIndex,
          validatorSk: this.key.secretKey,
        },
        { repo: new AccountsRepository(this.chainDb) },
      ),
      faucet: this.makeFaucet(),
      events: this.events,
      clock: this.clock,
      status: () => this.status(),
    };
    this.api = await buildApi(
      {
        host: cfg.api.host,
        port: cfg.api.port,
        bodyLimit: cfg.api.bodyLimit,
        rateLimitMax: cfg.api.rateLimitMax,
        rateLimitWindowMs: cfg.api.rateLimitWindowMs,
        version: NODE_VERSION,
      },
      { api, log: log.child({ module: 'api' }), metrics: this.metrics },
    );
    await this.api.listen({ host: cfg.api.host, port: cfg.api.port });
    log.info(
      {
        node: cfg.nodeIndex,
        api: this.apiUrl,
        p2p: this.host.listenAddrs(),
        peerId: this.host.peerId,
        height: this.ledger.head.height.toString(),
        signatures: signatureBackend,
      },
      'leagd started',
    );
  }

  private makeFaucet(): Faucet | null {
    if (!this.ctx.genesis.faucetEnabled || this.cfg.faucet.authorityKeyFile === null) return null;
    const authority = readKeyFile(this.cfg.faucet.authorityKeyFile);
    return new Faucet(
      {
        chainId: this.ctx.chainId,
        nodeIndex: this.cfg.nodeIndex,
        authoritySk: authority.secretKey,
        maxAmount: BigInt(this.cfg.faucet.maxAmount),
      },
      { intake: this.intake, clock: this.clock },
    );
  }

  private async storedBlock(h: bigint): Promise<Block | undefined> {
    const bytes = await this.ledger.store.getBlock(h);
    return bytes === undefined ? undefined : decodeBlock(bytes, this.ctx.limits.maxBlockBytes + 1024);
  }

  /** Rebuilds the window index from the stored chain. */
  private async indexChain(): Promise<void> {
    for (let h = 1n; h <= this.ledger.head.height; h++) {
      const b = await this.storedBlock(h);
      if (b === undefined) break;
      this.windows.onBlock(b, blockHashOf(b.header));
    }
  }

  /** A gossiped tx batch: each tx decoded and admitted on its own; bad ones are counted and dropped. */
  private onPeerTx(from: number, bytes: Uint8Array): void {
    let raw: Uint8Array[];
    try {
      raw = decodeTxBatch(bytes, this.ctx.limits.maxTxBytes);
    } catch (e) {
      this.m.log.debug({ from, err: (e as Error).message }, 'undecodable tx batch dropped');
      this.metrics.rejected.inc({ code: 'NET_BAD_TX_BATCH' });
      return;
    }
    const stxs: SignedTx[] = [];
    const encoded: Uint8Array[] = [];
    for (const b of raw) {
      try {
        // decode checks the bytes are canonical, so they are the tx's encoding: kept, not redone
        const stx = codecs.SignedTx.decode(b, { maxBytes: this.ctx.limits.maxTxBytes });
        const evidence = txEvidence(stx);
        if (evidence !== null) this.driver?.onPeerEvidence(evidence);
        stxs.push(stx);
        encoded.push(b);
      } catch {
        this.metrics.rejected.inc({ code: 'DECODE_TX' });
      }
    }
    if (stxs.length === 0) return;
    this.intake
      .submitMany(stxs, 'peer', encoded)
      .then((rs) => {
        for (const r of rs) if ('error' in r) this.metrics.rejected.inc({ code: r.error.code });
      })
      .catch((e: Error & { code?: string }) => {
        this.metrics.rejected.inc({ code: e.code ?? 'INTERNAL' });
      });
  }

  /** Sends pending txs again: all of them to a validator that just connected, else those not sent lately. */
  private resendPending(peer?: number): void {
    // an overloaded node first works off its queue (peers re-send to it as well)
    if (peer === undefined && this.intake.overloaded()) return;
    const now = this.clock();
    const open = windowOf(this.ctx, BigInt(now));
    const entries =
      peer === undefined
        ? this.mempool.toResend(now, RESEND_AFTER_MS, open).slice(0, RESEND_MAX)
        : this.mempool.toResend(now, 0, open);
    if (entries.length === 0) return;
    for (const e of entries) e.gossipedAtMs = now;
    this.gossip.resend(
      entries.map((e) => codecs.SignedTx.encode(e.stx)),
      peer,
    );
    this.m.log.debug({ to: peer ?? 'all', txs: entries.length }, 'pending txs sent again');
  }

  private async onCommitted(r: BlockResult, _cert: CommitCertificate): Promise<void> {
    const h = r.block.header;
    this.pace.onCommit(this.clock(), r.block.txs.length);
    await this.mempool.remove(r.txIds);
    this.sigs.forget(r.txIds); // committed: never validated again, so their verdicts are dead
    const stale = this.mempool.staleOrders(windowOf(this.ctx, h.timestampMs));
    if (stale.length > 0) {
      this.metrics.expired.inc(stale.length);
      this.m.log.error(
        { orders: stale.map(toHex), pace: this.pace.snapshot() },
        'acknowledged orders missed their window and were dropped from the mempool',
      );
      await this.mempool.remove(stale);
      this.sigs.forget(stale);
    }
    const clearings = this.windows.onBlock(r.block, r.hash, r.closes);
    this.metrics.height.set(Number(h.height));
    this.metrics.blocks.inc();
    this.metrics.txs.inc(r.block.txs.length);
    this.metrics.mempool.set(this.mempool.size);
    this.metrics.peers.set(this.host?.connected().length ?? 0);
    this.metrics.view.set(Number(this.driver?.status()?.view ?? 0n));
    this.events.publish('block', {
      height: h.height.toString(),
      hash: toHex(r.hash),
      timestampMs: h.timestampMs.toString(),
      proposer: h.proposer,
      txCount: r.block.txs.length,
      stateRoot: toHex(h.stateRoot),
      closedWindows: clearings.map((c) => c.window.toString()),
    });
    for (const c of clearings) {
      this.metrics.windows.inc();
      this.events.publish('window', {
        window: c.window.toString(),
        closedAtHeight: c.height.toString(),
        settlementTxId: toHex(c.settlementTxId),
        settlementHash: c.settlementHash,
        pairs: c.settlement.pairs.length,
        bandPrice: c.settlement.bandPrice.toString(),
        energySoldWh: c.settlement.pairs.reduce((s, p) => s + p.energySoldWh, 0n).toString(),
      });
      this.m.log.info(
        { window: c.window.toString(), pairs: c.settlement.pairs.length, height: c.height.toString() },
        'window cleared',
      );
    }
    if (h.height % 20n === 0n) this.m.log.info({ height: h.height.toString(), txs: r.block.txs.length }, 'committed');
  }

  status(): StatusResponse {
    const s = this.driver?.status();
    const head = this.ledger.head;
    const connected = new Set(this.host?.connected() ?? []);
    const now = BigInt(this.clock());
    const w = windowOf(this.ctx, now);
    return {
      chainId: this.ctx.chainId,
      nodeIndex: this.cfg.nodeIndex,
      nodeName: this.ctx.genesis.validators[this.cfg.nodeIndex]?.name ?? '',
      genesisHash: toHex(genesisHashOf(this.ctx.genesis)),
      height: head.height.toString(),
      headHash: toHex(head.hash),
      stateRoot: toHex(head.stateRoot),
      headTimeMs: head.timestampMs.toString(),
      view: (s?.view ?? 0n).toString(),
      leader: s?.leader ?? 0,
      inViewChange: s?.inViewChange ?? false,
      consensus: {
        quorumRule: weightedQuorums(this.ctx.genesis) ? 'weighted' : 'plain',
        faultTolerance: this.ctx.genesis.faultToleranceF,
        quorum: s?.quorum ?? 0,
      },
      validators: this.ctx.genesis.validators.map((v) => ({
        index: v.index,
        name: v.name,
        pubkey: toHex(v.pubkey),
        credit: s?.credits[v.index] ?? 0,
        weight: s?.weights[v.index] ?? 0,
        connected: v.index === this.cfg.nodeIndex || connected.has(v.index),
      })),
      peers: connected.size,
      window: {
        current: w.toString(),
        startMs: windowEnd(this.ctx, w - 1n).toString(),
        endMs: windowEnd(this.ctx, w).toString(),
        lengthMs: this.ctx.genesis.windowMs.toString(),
      },
      mempool: { size: this.mempool.size, capacity: this.mempool.capacity },
      faucetEnabled: this.ctx.genesis.faucetEnabled && this.cfg.faucet.authorityKeyFile !== null,
      version: NODE_VERSION,
    };
  }

  /**
   * Graceful stop, every step bounded (stop-steps.ts) so that SIGTERM ends the process within a few
   * seconds even without a quorum: no new requests and in-flight ones finished (an accepted tx is
   * journaled before its answer), consensus left between two actions (a started WAL append or
   * commit completes), then the network and the stores closed.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.events.close();
      if (this.resendTimer !== null) clearInterval(this.resendTimer);
      await runStopSteps(
        [
          {
            name: 'api',
            boundMs: 2000,
            run: () => this.api?.close(),
            onTimeout: () => this.api?.server.closeAllConnections(),
          },
          { name: 'gossip', boundMs: 100, run: async () => this.gossip.flush() },
          { name: 'consensus', boundMs: 2000, run: () => this.driver?.stop() },
          { name: 'settlement worker', boundMs: 1000, run: () => this.settlements?.close() },
          { name: 'p2p', boundMs: 1500, run: () => this.host?.stop() },
          { name: 'mempool journal', boundMs: 1000, run: () => this.journal?.close() },
          { name: 'chain store', boundMs: 1000, run: () => this.ledger?.close() },
        ],
        this.m.log,
      );
    })();
    return this.stopping;
  }
}
