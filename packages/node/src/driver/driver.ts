/**
 * The consensus driver ("reactor", CometBFT consensus/state.go + reactor.go): feeds network
 * messages, timers and ledger answers to the pure Replica one at a time and carries out its
 * actions in order. A `persist` is a synced WAL append before any later action (so a signed
 * message never leaves first); a `commit` is the ledger's one atomic synced batch (block +
 * certificate + state) before any later action. Restart: WAL records and the stored chain go
 * back into the Replica.
 */
import {
  type Action,
  type CommittedBlock,
  type ConsensusMessage,
  type ConsensusParams,
  commitCertificateError,
  fromWire,
  type Input,
  Replica,
  type TimerKind,
  toWire,
} from '@leag/consensus';
import {
  type Block,
  type CommitCertificate,
  codecs,
  type Evidence,
  LeagError,
  type SignedTx,
  signedTxIdOfEncoding,
  toHex,
  txId,
} from '@leag/core';
import type { Logger } from 'pino';
import {
  BLOCK_DECODE_LIMITS,
  type BlockResult,
  type ChainContext,
  compactBlock,
  decodeBlock,
  genesisBlock,
  type Ledger,
  type SettlementsAhead,
} from '../ledger/index.js';
import type { SyncItem } from '../net/sync-codec.js';
import type { ConsensusWal } from '../storage/wal.js';
import type { Mempool } from '../trading/mempool.js';
import type { SigCache } from '../trading/sig-cache.js';
import { CLEARING_SLOT_MAX_TXS, clearingAllowanceMs, ordersToClear } from './clearing-slot.js';
import { ClockWatch } from './clock-watch.js';
import { type ConsensusObserver, messageType, ProposalClock } from './consensus-stats.js';
import { evidenceOnChain, proposalTxs } from './evidence.js';
import { decodeRecord, encodeRecord } from './record-codec.js';
import { replicaDeps, verifyContext } from './setup.js';
import { obsoleteWalEntries, type WalMeta, walMeta } from './wal-prune.js';

export interface DriverOptions {
  me: number;
  params: ConsensusParams;
  ctx: ChainContext;
  secretKey: Uint8Array;
  /** Parent age before an empty proposal (nothing waiting). */
  blockIntervalMs: number;
  /** Parent age before a proposal with txs or evidence (capped at blockIntervalMs). */
  busyBlockIntervalMs: number;
  maxBlockTxs: number;
}

export interface DriverNet {
  broadcast(bytes: Uint8Array): void;
  send(to: number, bytes: Uint8Array): void;
  fetchBlocks(from: number, fromHeight: bigint): Promise<SyncItem[]>;
  connected(): number[];
}

export interface DriverModules {
  ledger: Ledger;
  wal: ConsensusWal;
  net: DriverNet;
  mempool: Mempool;
  sigs: SigCache;
  clock: () => number;
  log: Logger;
  onCommitted: (r: BlockResult, cert: CommitCertificate) => Promise<void>;
  onFatal: (e: unknown) => void;
  /** Spreads equivocation evidence this replica holds to the other validators (an EvidenceTx). */
  onEvidence?: (e: Evidence) => void;
  /** Offset of each live proposal's block time from the local clock, ms (clock-watch.ts). */
  onClockOffset?: (offsetMs: number) => void;
  /** Test-only byzantine hook (testing/modes.ts): rewrites this node's own proposals. */
  mutateProposal?: (b: Block) => Block;
  /** Test-only byzantine hook (testing/modes.ts): the messages to broadcast instead of one. */
  mutateBroadcast?: (m: ConsensusMessage<Block>) => ConsensusMessage<Block>[];
  /** Test-only slow validator (testing/slow-votes.ts): ms to hold an outgoing message (0: none). */
  sendDelayMs?: (m: ConsensusMessage<Block>) => number;
  /** Message counts and commit latencies (metrics; consensus-stats.ts). */
  observer?: ConsensusObserver;
  /** Settlements computed ahead in a worker (settle/settlements.ts); without it blocks compute them. */
  settlements?: SettlementPipeline;
}

/** What the driver needs of a node's settlements computed ahead (settle/settlements.ts). */
export interface SettlementPipeline extends SettlementsAhead {
  /** After each commit and at start: start the jobs of the windows that now wait. */
  onCommit(ledger: Ledger): void;
  /** Waits (bounded) for the jobs of the windows a block at `timestampMs` settles. */
  ready(ledger: Ledger, timestampMs: bigint): Promise<void>;
  /** Whether every window with orders that a block at `timestampMs` settles has its result. */
  covers(ledger: Ledger, timestampMs: bigint): boolean;
}

/** Inputs waiting beyond this are dropped when they are peer messages (flood protection). */
const MAX_PENDING_INPUTS = 5000;
/** A block step (build, validation, commit) slower than this is logged. */
const SLOW_STEP_MS = 500;

/** How often an idle primary looks for txs while it waits for the (longer) empty-block interval. */
const IDLE_POLL_MS = 25;

/**
 * A peer's consensus message from its wire bytes. A proposal carries a block, so the block
 * decoder's counts apply (a clearing block's settlement tx has up to two outputs per order of its
 * window): with the default counts every peer dropped a large window's clearing block as
 * undecodable and the chain stalled for good (every primary built the same block again).
 * `pending` gives the mempool's copy of a tx by id: a block's tx whose bytes are exactly those of
 * the copy is that object, not decoded again (DecodeOptions.heldSignedTx).
 */
export function decodeConsensusMessage(
  bytes: Uint8Array,
  pending?: (txId: Uint8Array) => SignedTx | undefined,
): ReturnType<typeof fromWire> {
  const heldSignedTx = pending === undefined ? undefined : (enc: Uint8Array) => pending(signedTxIdOfEncoding(enc));
  return fromWire(
    codecs.ConsensusMessage.decode(bytes, { ...BLOCK_DECODE_LIMITS, maxBytes: bytes.length, heldSignedTx }),
  );
}

export class ConsensusDriver {
  private replica: Replica<Block> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private walSeq = 0n;
  /** What each live WAL entry records, to delete the ones a commit makes obsolete. */
  private walIndex: WalMeta[] = [];
  private readonly timers = new Map<TimerKind, NodeJS.Timeout>();
  private readonly results = new Map<string, BlockResult>();
  private syncing = false;
  /** Monotonic time (performance.now) at which the head was committed, or the driver started. */
  private headCommittedAt = performance.now();
  private stopped = false;
  private readonly vctx;
  private readonly clockWatch: ClockWatch;
  private readonly proposals = new ProposalClock();

  constructor(
    private readonly opts: DriverOptions,
    private readonly m: DriverModules,
  ) {
    this.vctx = verifyContext(opts.ctx.genesis);
    this.clockWatch = new ClockWatch(Number(opts.ctx.limits.maxClockDriftMs), {
      log: m.log,
      onOffset: m.onClockOffset,
    });
  }

  /** The mempool's copy of a pending tx (a proposal's txs are decoded into these objects). */
  private readonly pendingTx = (id: Uint8Array): SignedTx | undefined => this.m.mempool.get(id)?.stx;

  async start(): Promise<void> {
    const { entries, droppedTornTail } = await this.m.wal.readAll();
    if (droppedTornTail) this.m.log.warn('dropped a torn consensus WAL tail');
    const signed = entries.map(([, b]) => decodeRecord(b, this.opts.ctx.limits.maxBlockBytes + 1024));
    this.walIndex = entries.map(([seq], i) => walMeta(seq, signed[i] as (typeof signed)[number]));
    this.walSeq = entries.length > 0 ? (entries.at(-1)?.[0] ?? 0n) + 1n : 0n;
    const chain: CommittedBlock<Block>[] = [];
    const store = this.m.ledger.store;
    for (let h = 1n; h <= this.m.ledger.head.height; h++) {
      const bytes = await store.getBlock(h);
      const cert = await store.getCertificate(h);
      if (bytes === undefined || cert === undefined)
        throw new LeagError('STORE_TORN', `block ${h} or its certificate is missing from the store`);
      const block = decodeBlock(bytes, this.opts.ctx.limits.maxBlockBytes + 1024);
      chain.push({ height: h, blockHash: this.hashOf(block), block, cert: codecs.CommitCertificate.decode(cert) });
    }
    const genesisHash = genesisBlock(this.opts.ctx).hash;
    const restore = signed.length > 0 || chain.length > 0 ? { signed, chain } : undefined;
    this.replica = new Replica(
      this.opts.params,
      replicaDeps(this.opts.ctx.genesis, this.opts.me, this.opts.secretKey),
      genesisHash,
      restore,
    );
    this.m.log.info({ height: this.m.ledger.head.height, walRecords: signed.length }, 'consensus restored');
    await this.truncateWal();
    // restarted between a window's end and its settlement: compute it ahead again
    this.m.settlements?.onCommit(this.m.ledger);
    this.input({ type: 'start' });
  }

  private hashOf(b: Block): Uint8Array {
    return replicaDeps(this.opts.ctx.genesis, this.opts.me, this.opts.secretKey).hashBlock(b);
  }

  status() {
    const r = this.replica;
    if (r === undefined) return undefined;
    const s = r.status();
    const epoch = r.epochAt(s.height + 1n);
    const order = epoch?.order ?? [];
    const leader = order.length > 0 ? (order[Number(s.view % BigInt(order.length))] ?? 0) : 0;
    return { ...s, leader, weights: epoch?.quorum.weights ?? [], quorum: epoch?.quorum.quorum ?? 0 };
  }

  /** A consensus message from a peer (wire bytes). Bad bytes are dropped. */
  onPeerMessage(from: number, bytes: Uint8Array): void {
    // messages that arrive while the replica is still being restored are dropped (peers re-send)
    if (this.replica === undefined || this.pending > MAX_PENDING_INPUTS) return;
    let msg: ReturnType<typeof fromWire>;
    try {
      msg = decodeConsensusMessage(bytes, this.pendingTx);
    } catch (e) {
      this.m.log.debug({ from, err: (e as Error).message }, 'undecodable consensus message dropped');
      return;
    }
    if (msg === null) return;
    this.m.observer?.message('in', messageType(msg), 1);
    if (msg.kind === 'prePrepare') this.proposalSeen(msg.msg.height);
    else if (msg.kind === 'newView') for (const pp of msg.msg.prePrepares) this.proposalSeen(pp.height);
    this.input({ type: 'message', message: msg });
  }

  /** Notes when this node first had a proposal for the next heights (commit latency, consensus-stats.ts). */
  private proposalSeen(height: bigint): void {
    const next = this.m.ledger.head.height + 1n;
    if (height === next || height === next + 1n) this.proposals.onProposal(height, performance.now());
  }

  /** Sends (to one validator) or broadcasts a message, held first when the slow test mode asks for it. */
  private emit(m: ConsensusMessage<Block>, to?: number): void {
    if (m.kind === 'prePrepare' && m.msg.validator === this.opts.me) this.proposalSeen(m.msg.height);
    const bytes = this.encode(m);
    const out = () => {
      if (this.stopped) return;
      const copies = to === undefined ? this.m.net.connected().length : 1;
      this.m.observer?.message('out', messageType(m), copies);
      if (to === undefined) this.m.net.broadcast(bytes);
      else this.m.net.send(to, bytes);
    };
    const delay = this.m.sendDelayMs?.(m) ?? 0;
    if (delay <= 0) out();
    else setTimeout(out, delay).unref();
  }

  /**
   * Evidence gossiped by a peer (an EvidenceTx): the replica verifies it and keeps it for this
   * node's next proposal. Evidence already on chain is dropped here (the replica forgets old keys).
   */
  onPeerEvidence(e: Evidence): void {
    if (this.replica === undefined || this.pending > MAX_PENDING_INPUTS || evidenceOnChain(this.m.ledger, e)) return;
    this.input({ type: 'evidence', evidence: e });
  }

  private input(i: Input<Block>): void {
    this.enqueue(() => this.deliver(i));
  }

  /** Hands one input to the replica and carries out its actions in order (inside the queue). */
  private async deliver(i: Input<Block>): Promise<void> {
    if (this.stopped || this.replica === undefined) return;
    const actions = this.replica.handle(i);
    for (const a of actions) {
      if (this.stopped) return;
      await this.act(a);
    }
  }

  private enqueue(task: () => Promise<void>): void {
    this.pending++;
    this.chain = this.chain
      .then(task)
      .catch((e) => {
        this.stopped = true;
        this.m.onFatal(e);
      })
      .finally(() => {
        this.pending--;
      });
  }

  private encode(m: Parameters<typeof toWire>[0]): Uint8Array {
    return codecs.ConsensusMessage.encode(toWire(m));
  }

  private async act(a: Action<Block>): Promise<void> {
    switch (a.type) {
      case 'persist': {
        const seq = this.walSeq++;
        await this.m.wal.append(seq, encodeRecord(a.record));
        this.walIndex.push(walMeta(seq, a.record));
        return;
      }
      case 'broadcast':
        for (const m of this.m.mutateBroadcast?.(a.message) ?? [a.message]) this.emit(m);
        return;
      case 'send':
        this.emit(a.message, a.to);
        return;
      case 'commit':
        await this.commit(a.block, a.blockHash, a.cert);
        return;
      case 'setTimer': {
        const old = this.timers.get(a.timer.kind);
        if (old !== undefined) clearTimeout(old);
        // a slot whose block clears a window gets time for that work (clearing-slot.ts)
        const afterMs =
          a.timer.kind === 'view' ? a.afterMs + clearingAllowanceMs(this.m.ledger, this.m.clock()) : a.afterMs;
        // An expiry queued while the driver was busy (validating a heavy block) and re-armed since
        // by the replica is stale: only the timer still current when its turn comes is delivered.
        const t: NodeJS.Timeout = setTimeout(() => {
          this.enqueue(async () => {
            if (this.timers.get(a.timer.kind) !== t) return;
            this.timers.delete(a.timer.kind);
            if (a.timer.kind === 'view')
              this.m.log.info(
                { height: a.timer.height.toString(), view: a.timer.view.toString(), afterMs },
                'view timer expired: no block committed in time, asking for a view change',
              );
            await this.deliver({ type: 'timeout', timer: a.timer });
          });
        }, afterMs);
        t.unref();
        this.timers.set(a.timer.kind, t);
        return;
      }
      case 'cancelTimer': {
        const old = this.timers.get(a.kind);
        if (old !== undefined) clearTimeout(old);
        this.timers.delete(a.kind);
        return;
      }
      case 'requestProposal':
        this.scheduleProposal(a.view, a.height, a.parentCert, a.evidence);
        return;
      case 'requestValidation': {
        await this.m.settlements?.ready(this.m.ledger, a.block.header.timestampMs);
        const ok = this.validate(a.block, a.blockHash);
        this.input({ type: 'proposalValidated', view: a.view, height: a.height, blockHash: a.blockHash, ok });
        return;
      }
      case 'requestSync':
        void this.sync(a.fromHeight);
        return;
      case 'evidence': {
        const { validator, height, view, phase } = a.evidence.a;
        this.m.log.warn(
          { validator, height: height.toString(), view: view.toString(), phase },
          'equivocation evidence held: spreading it until a block carries it',
        );
        this.m.onEvidence?.(a.evidence);
        return;
      }
    }
  }

  /**
   * Ledger options for blocks from consensus: their settlement txs may be left out (compactBlock),
   * and settlements computed ahead are used when this node has them.
   */
  private ahead(): { settlementsAhead?: SettlementsAhead; impliedSettlements: true } {
    return this.m.settlements === undefined
      ? { impliedSettlements: true }
      : { settlementsAhead: this.m.settlements, impliedSettlements: true };
  }

  /** Logs a block step that took more than SLOW_STEP_MS (a view timer is 2 s by default). */
  private noteSlow(step: string, t0: number, block: Block, parts?: Record<string, number>): void {
    const ms = performance.now() - t0;
    if (ms > SLOW_STEP_MS) {
      const split =
        parts === undefined ? {} : Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Math.round(v)]));
      this.m.log.info(
        { height: block.header.height.toString(), txs: block.txs.length, ms: Math.round(ms), ...split },
        `slow block step: ${step}`,
      );
    }
  }

  private validate(block: Block, hash: Uint8Array): boolean {
    const t0 = performance.now();
    if (block.header.proposer !== this.opts.me)
      this.clockWatch.observe(Number(block.header.timestampMs), block.header.proposer, this.m.clock());
    try {
      if (!this.m.sigs.verifyAll(block.txs)) throw new LeagError('TX_BAD_SIGNATURE', 'a tx signature does not verify');
      const t1 = performance.now();
      const r = this.m.ledger.validate(block, {
        nowMs: BigInt(this.m.clock()),
        verifySignatures: false,
        ...this.ahead(),
        verifyParentCert: (c) => {
          const q = this.replica?.epochAt(c.height)?.quorum;
          const err =
            q === undefined ? `no quorum known for height ${c.height}` : commitCertificateError(this.vctx, q, c);
          if (err !== null) throw new LeagError('BLOCK_BAD_PARENT_CERT', `parent certificate: ${err}`);
        },
      });
      this.results.set(toHex(hash), r);
      this.noteSlow('validated a proposal', t0, block, { sigsMs: t1 - t0, applyMs: performance.now() - t1 });
      return true;
    } catch (e) {
      this.m.log.warn({ height: block.header.height.toString(), err: (e as Error).message }, 'proposal rejected');
      return false;
    }
  }

  /**
   * A primary proposes busyBlockIntervalMs after its parent when it has something to propose (txs
   * in its mempool or evidence), and blockIntervalMs after it otherwise (an empty block keeps block
   * time and window closes moving; docs/decisions.md, "Two block intervals"). "After its parent"
   * is after the parent's time by the local clock or, when that is later (the parent's time is
   * ahead of this clock: a proposer whose clock runs ahead, or this clock runs behind), that long
   * after this node committed the parent, by the monotonic clock. Waiting for the local clock to
   * reach a skewed parent's time stalled every honest primary for as long as the skew
   * (docs/node.md). While idle, the mempool is looked at every IDLE_POLL_MS.
   */
  private scheduleProposal(
    view: bigint,
    height: bigint,
    parentCert: CommitCertificate | null,
    evidence: readonly Evidence[],
  ): void {
    const { blockIntervalMs } = this.opts;
    const busyMs = Math.min(this.opts.busyBlockIntervalMs, blockIntervalMs);
    const wait = (interval: number) => {
      const byClock = Number(this.m.ledger.head.timestampMs) + interval - this.m.clock();
      const sinceCommit = this.headCommittedAt + interval - performance.now();
      return Math.max(0, Math.min(byClock, sinceCommit));
    };
    const tick = () => {
      if (this.stopped || this.m.ledger.head.height + 1n !== height) return;
      const idle = evidence.length === 0 && this.m.mempool.size === 0;
      const left = idle ? wait(blockIntervalMs) : 0;
      if (left > 0) {
        setTimeout(tick, Math.min(left, IDLE_POLL_MS)).unref();
        return;
      }
      this.enqueue(async () => {
        if (this.stopped || this.m.ledger.head.height + 1n !== height) return;
        const block = await this.build(parentCert, evidence);
        if (block !== null) this.input({ type: 'proposalBuilt', view, height, block });
      });
    };
    setTimeout(tick, wait(busyMs)).unref();
  }

  private async build(parentCert: CommitCertificate | null, evidence: readonly Evidence[]): Promise<Block | null> {
    const { ledger, mempool } = this.m;
    const settlements = this.m.settlements;
    const t0 = performance.now();
    let ts = BigInt(Math.max(this.m.clock(), Number(ledger.head.timestampMs) + 1));
    if (ordersToClear(ledger, Number(ts)) > 0 && settlements !== undefined && !settlements.covers(ledger, ts)) {
      await settlements.ready(ledger, ts);
      ts = BigInt(Math.max(this.m.clock(), Number(ledger.head.timestampMs) + 1));
    }
    // a block that computes a window's clearing itself carries it alone (clearing-slot.ts); one
    // whose clearing was computed ahead costs little more than a map write per output
    const heavy = ordersToClear(ledger, Number(ts)) > 0 && !(settlements?.covers(ledger, ts) ?? false);
    const most = heavy ? CLEARING_SLOT_MAX_TXS : this.opts.maxBlockTxs;
    const pool = mempool.take(most).filter((t) => this.m.sigs.verify(t));
    const txs = proposalTxs(this.opts.ctx.chainId, evidence, pool, (e) => evidenceOnChain(ledger, e));
    const r = ledger.propose({
      timestampMs: ts,
      proposer: this.opts.me,
      txs,
      parentCert: parentCert ?? undefined,
      verifySignatures: false,
      ...this.ahead(),
    });
    if (r.rejected.length > 0) {
      this.m.log.info({ rejected: r.rejected.map((x) => x.error.code) }, 'txs left out of a proposal and dropped');
      const gone = r.rejected.map((x) => txs[x.index]).filter((t) => t !== undefined);
      await mempool.remove(gone.map((t) => txId(t.tx)));
    }
    this.results.set(toHex(r.hash), r);
    this.noteSlow('built a proposal', t0, r.block);
    // the proposal travels without its settlement txs: every replica derives them (compactBlock)
    return compactBlock(this.m.mutateProposal?.(r.block) ?? r.block);
  }

  private async commit(block: Block, hash: Uint8Array, cert: CommitCertificate): Promise<void> {
    const { ledger } = this.m;
    const t0 = performance.now();
    let r = this.results.get(toHex(hash));
    if (r === undefined || r.head.height !== ledger.head.height + 1n) {
      const sigsOk = this.m.sigs.verifyAll(block.txs);
      await this.m.settlements?.ready(ledger, block.header.timestampMs);
      r = ledger.validate(block, { verifySignatures: !sigsOk, ...this.ahead() });
    }
    const t1 = performance.now();
    const { storeMs, stateMs } = await ledger.commit(r, cert);
    const t2 = performance.now();
    this.m.settlements?.onCommit(ledger);
    this.headCommittedAt = performance.now();
    const ms = this.proposals.onCommit(block.header.height, this.headCommittedAt);
    if (ms !== undefined)
      this.m.observer?.commitLatency(block.header.proposer === this.opts.me ? 'proposer' : 'replica', ms);
    this.results.clear();
    await this.truncateWal();
    const t3 = performance.now();
    await this.m.onCommitted(r, cert);
    this.noteSlow('committed a block', t0, block, {
      validateMs: t1 - t0,
      storeMs,
      stateMs,
      settleMs: this.headCommittedAt - t2,
      walMs: t3 - this.headCommittedAt,
      onCommittedMs: performance.now() - t3,
    });
  }

  /**
   * Deletes the WAL records that the durably committed height and the replica's view make obsolete
   * (wal-prune.ts): the WAL stays a few records long instead of growing with the chain.
   */
  private async truncateWal(): Promise<void> {
    const view = this.replica?.status().view ?? 0n;
    const gone = obsoleteWalEntries(this.walIndex, this.m.ledger.head.height, view);
    if (gone.length === 0) return;
    const set = new Set(gone);
    await this.m.wal.remove(gone);
    this.walIndex = this.walIndex.filter((e) => !set.has(e.seq));
  }

  /** Number of live consensus WAL records (tests, status). */
  get walRecords(): number {
    return this.walIndex.length;
  }

  private async sync(fromHeight: bigint): Promise<void> {
    if (this.syncing || this.stopped) return;
    this.syncing = true;
    try {
      const peers = this.m.net.connected().sort(() => Math.random() - 0.5);
      for (const p of peers) {
        let items: SyncItem[];
        try {
          items = await this.m.net.fetchBlocks(p, fromHeight);
        } catch (e) {
          this.m.log.debug({ peer: p, err: (e as Error).message }, 'sync fetch failed');
          continue;
        }
        let fed = 0;
        for (const it of items) {
          try {
            const block = decodeBlock(it.block, this.opts.ctx.limits.maxBlockBytes + 1024);
            const cert = codecs.CommitCertificate.decode(it.cert, { maxBytes: it.cert.length });
            this.input({ type: 'syncBlock', block, cert });
            fed++;
          } catch (e) {
            this.m.log.warn({ peer: p, err: (e as Error).message }, 'peer sent an undecodable sync item');
            break;
          }
        }
        if (fed > 0) {
          this.m.log.info({ peer: p, from: fromHeight.toString(), blocks: fed }, 'catching up');
          break;
        }
      }
    } finally {
      this.syncing = false;
    }
  }

  /** Committed blocks with certificates for a peer's sync request. */
  async serveSync(fromHeight: bigint, max: number): Promise<SyncItem[]> {
    const out: SyncItem[] = [];
    const store = this.m.ledger.store;
    for (let h = fromHeight < 1n ? 1n : fromHeight; h <= this.m.ledger.head.height && out.length < max; h++) {
      const block = await store.getBlock(h);
      const cert = await store.getCertificate(h);
      if (block === undefined || cert === undefined) break;
      out.push({ block, cert });
    }
    return out;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    await this.chain.catch(() => undefined);
  }
}
