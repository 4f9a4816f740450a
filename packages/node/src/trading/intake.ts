/**
 * Order and tx intake: size, duplicate, signature (once per tx, SigCache), the ledger's own
 * admission rules on the committed state (validateTx, the same code as block validation), the
 * window guard for orders (the window must stay open long enough for the queue ahead of the order
 * to commit: pace.ts), then the durable mempool (one group-committed journal write per batch) and
 * gossip to the other validators. `submitMany` takes a batch (API batches, peer gossip): every tx
 * gets its own outcome, and a bad tx never fails its neighbours.
 *
 * The checks (one ECDSA verification per tx, the node's main cost under load) run in slices of
 * CHECK_SLICE txs, one slice per event-loop turn (setImmediate), so consensus messages and block
 * validation wait at most one slice behind intake work instead of behind the whole backlog. Txs
 * waiting for their checks are bounded: an API submission is refused with INTAKE_BUSY (503,
 * Retry-After) once MAX_API_WAITING txs wait (the API refuses such requests before reading their
 * body: `overloaded()`), peer gossip only past MAX_CHECK_QUEUE (a gossiped tx is already
 * acknowledged by its node, so the node takes it unless truly swamped; what it refuses comes again
 * by re-gossip).
 */
import { codecs, isLeagError, LeagError, type SignedTx, signedTxSize, toHex, txId } from '@leag/core';
import type { Logger } from 'pino';
import {
  type ChainContext,
  checkOrderWindowOpen,
  type Ledger,
  validateTx,
  windowEnd,
  windowOf,
} from '../ledger/index.js';
import { type Mempool, orderWindow } from './mempool.js';
import type { CommitPace } from './pace.js';
import type { SigCache } from './sig-cache.js';

export interface IntakeOptions {
  ctx: ChainContext;
  /** Orders whose window ends sooner than this are refused (they could miss their window). */
  closingGuardMs: number;
}

export interface IntakeModules {
  ledger: Ledger;
  mempool: Mempool;
  sigs: SigCache;
  clock: () => number;
  /** Hands an accepted API tx (its SignedTx bytes) to gossip. */
  gossip: (stxBytes: Uint8Array) => void;
  log: Logger;
  pace?: CommitPace;
  onAccepted?: (source: 'api' | 'peer', count: number) => void;
}

export interface IntakeResult {
  id: Uint8Array;
  status: 'accepted' | 'committed';
  height?: bigint;
}

export type IntakeOutcome = IntakeResult | { id: Uint8Array | null; error: LeagError };

/**
 * Margin on the expected commit time of the queue ahead of an order: the pace is measured on past
 * blocks, and other validators may hold txs this node has not seen yet.
 */
const QUEUE_MARGIN = 2;
/** Txs checked per event-loop turn. */
const CHECK_SLICE = 16;
/** Txs that may wait for their checks; more is back-pressure (INTAKE_BUSY). */
export const MAX_CHECK_QUEUE = 8192;
/** Txs that may wait before API submissions are refused (about a second of checks on a busy node). */
export const MAX_API_WAITING = 1024;

const asLeagError = (e: unknown): LeagError =>
  isLeagError(e) ? e : new LeagError('INTERNAL', `intake failed: ${(e as Error)?.message ?? String(e)}`);

export class TxIntake {
  private waiting = 0;
  private waitingApi = 0;
  private readonly turns: (() => void)[] = [];
  private pumping = false;

  constructor(
    private readonly opts: IntakeOptions,
    private readonly m: IntakeModules,
  ) {}

  /** The time a tx is admitted at: now, or just after the tip when the tip is ahead of this clock. */
  private admissionTimeMs(now = this.m.clock()): bigint {
    return BigInt(Math.max(now, Number(this.m.ledger.head.timestampMs) + 1));
  }

  /**
   * Checks a tx without storing it; throws the first broken rule's LeagError. `pos` places it
   * in its submission: how many txs of that submission were accepted before it, how many the
   * submission holds, and whether it came from this node's API.
   */
  check(
    stx: SignedTx,
    encodedSize?: number,
    pos: { ahead: number; batch: number; own: boolean } = { ahead: 0, batch: 0, own: false },
  ): Uint8Array {
    const { ctx } = this.opts;
    const size = encodedSize ?? signedTxSize(stx);
    if (size > ctx.limits.maxTxBytes) {
      throw new LeagError('TX_TOO_LARGE', `the tx is ${size} bytes, the limit is ${ctx.limits.maxTxBytes}`);
    }
    // an order for a window already closed is refused before its ECDSA check: under overload peers
    // resend pending orders whose window has passed, and each used to cost a signature check
    const w = orderWindow(stx);
    if (w !== null) checkOrderWindowOpen(w, this.m.ledger.lastClosedWindow(), windowOf(ctx, this.admissionTimeMs()));
    if (!this.m.sigs.verify(stx)) throw new LeagError('TX_BAD_SIGNATURE', 'a witness signature does not verify');
    try {
      return this.checkRules(stx, pos);
    } catch (e) {
      // refused: this node will not propose it, so its verdict would only fill the cache (under
      // overload most refused orders are refused here, after their signature check)
      this.m.sigs.forget([txId(stx.tx)]);
      throw e;
    }
  }

  /** The ledger's admission rules and the window guard, after the signature check. */
  private checkRules(stx: SignedTx, pos: { ahead: number; batch: number; own: boolean }): Uint8Array {
    const { ctx } = this.opts;
    const now = this.m.clock();
    const id = validateTx(this.m.ledger.state, stx, ctx, {
      timestampMs: this.admissionTimeMs(now),
      verifySignatures: false,
    });
    const w = orderWindow(stx);
    if (w !== null) {
      // the ledger's cap counts committed orders; pending ones (this node's and peers' gossip) and
      // the ones accepted ahead in this submission would be left out of a block past it
      const max = ctx.limits.maxWindowOrders;
      if (this.m.ledger.windowOrderCount(w) + this.m.mempool.ordersFor(w) + pos.ahead >= max)
        throw new LeagError(
          'ORDER_WINDOW_FULL',
          `window ${w} holds its maximum of ${max} orders (committed and pending); submit for window ${w + 1n}`,
          { window: w.toString(), max },
        );
      const left = Number(windowEnd(ctx, w)) - now;
      // ahead of this order: the mempool and every tx still waiting for its checks (peers' gossip
      // of a burst lands here first); and as the other validators may be taking as many orders from
      // their clients as this one, which this node sees only once gossiped, at least n times this
      // node's own pending API txs. At the measured pace, with a margin.
      const n = this.opts.ctx.genesis.validators.length;
      const others = this.waiting - pos.batch;
      const othersApi = this.waitingApi - (pos.own ? pos.batch : 0);
      const pending = Math.max(
        this.m.mempool.size + others + pos.ahead,
        n * (this.m.mempool.ownCount + othersApi + (pos.own ? pos.ahead : 0)),
      );
      const queue = QUEUE_MARGIN * (this.m.pace?.expectedCommitMs(pending) ?? 0);
      if (left < this.opts.closingGuardMs) {
        throw new LeagError(
          'ORDER_WINDOW_CLOSING',
          `window ${w} closes in ${left} ms, too soon to be sure of a block; submit for window ${w + 1n}`,
          { window: w.toString() },
        );
      }
      if (left < queue + this.opts.closingGuardMs) {
        throw new LeagError(
          'ORDER_WINDOW_CLOSING',
          `window ${w} closes in ${left} ms, but ${pending} pending txs need about ${Math.round(queue)} ms to commit; submit for window ${w + 1n}`,
          { window: w.toString(), pending, expectedCommitMs: Math.round(queue) },
        );
      }
    }
    return id;
  }

  /** One tx; throws its LeagError when refused. */
  async submit(stx: SignedTx, source: 'api' | 'peer'): Promise<IntakeResult> {
    const [r] = await this.submitMany([stx], source);
    if (r === undefined || 'error' in r) throw r?.error ?? new LeagError('INTERNAL', 'intake returned nothing');
    return r;
  }

  /**
   * A batch of txs, each checked on its own; the accepted ones are journaled together (one synced
   * write) before this resolves, then gossiped (API txs only: peers' txs came by gossip already).
   */
  async submitMany(
    stxs: readonly SignedTx[],
    source: 'api' | 'peer',
    /** The txs' canonical bytes when the caller has them (decoded gossip): not encoded again. */
    encoded?: readonly Uint8Array[],
  ): Promise<IntakeOutcome[]> {
    const max = source === 'api' ? MAX_API_WAITING : MAX_CHECK_QUEUE;
    if (this.waiting + stxs.length > max && this.waiting > 0) {
      const busy = new LeagError(
        'INTAKE_BUSY',
        `the node is checking ${this.waiting} txs already (at most ${max} may wait); retry shortly`,
        { waiting: this.waiting },
      );
      return stxs.map(() => ({ id: null, error: busy }));
    }
    this.waiting += stxs.length;
    if (source === 'api') this.waitingApi += stxs.length;
    try {
      return await this.admit(stxs, source, encoded);
    } finally {
      this.waiting -= stxs.length;
      if (source === 'api') this.waitingApi -= stxs.length;
    }
  }

  /** True when API submissions would be refused INTAKE_BUSY now (the API answers before reading the body). */
  overloaded(): boolean {
    return this.waiting >= MAX_API_WAITING;
  }

  /** Txs waiting for their checks. */
  get queued(): number {
    return this.waiting;
  }

  /** Resolves at this tx batch's next turn: one slice of checks per event-loop turn, FIFO. */
  private nextTurn(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.turns.push(resolve);
      if (!this.pumping) {
        this.pumping = true;
        setImmediate(() => this.pump());
      }
    });
  }

  private pump(): void {
    const next = this.turns.shift();
    if (next === undefined) {
      this.pumping = false;
      return;
    }
    next();
    setImmediate(() => this.pump());
  }

  private async admit(
    stxs: readonly SignedTx[],
    source: 'api' | 'peer',
    encoded?: readonly Uint8Array[],
  ): Promise<IntakeOutcome[]> {
    const out: (IntakeOutcome | null)[] = [];
    const fresh: { at: number; id: Uint8Array; stx: SignedTx; bytes: Uint8Array }[] = [];
    const inBatch = new Set<string>();
    const failed: { at: number; id: Uint8Array; error: LeagError }[] = [];
    for (const [n, stx] of stxs.entries()) {
      if (n % CHECK_SLICE === 0) await this.nextTurn();
      let id: Uint8Array;
      let bytes: Uint8Array;
      try {
        bytes = encoded?.[n] ?? codecs.SignedTx.encode(stx);
        id = txId(stx.tx);
      } catch (e) {
        out.push({ id: null, error: asLeagError(e) });
        continue;
      }
      const key = toHex(id);
      if (this.m.mempool.has(id) || inBatch.has(key)) {
        out.push({ id, status: 'accepted' });
        continue;
      }
      // a peer's late gossip (or a client's retry) of a tx a recent block holds: no signature check
      const height = this.m.ledger.recentTxHeight(id);
      if (height !== undefined) {
        out.push({ id, status: 'committed', height });
        continue;
      }
      try {
        this.check(stx, bytes.length, { ahead: fresh.length, batch: stxs.length, own: source === 'api' });
        inBatch.add(key);
        fresh.push({ at: out.length, id, stx, bytes });
        out.push(null);
      } catch (e) {
        failed.push({ at: out.length, id, error: asLeagError(e) });
        out.push(null);
      }
    }
    // a refused tx may simply be committed already (a retry): answer that instead of the rule it broke
    for (const f of failed) {
      const done = await this.m.ledger.txLocation(f.id);
      out[f.at] =
        done !== undefined ? { id: f.id, status: 'committed', height: done.height } : { id: f.id, error: f.error };
    }
    // a block may have committed while the batch was checked (a slice per turn, and the lookups
    // above): the node removed its txs from the mempool before these were in it, so one of them
    // added now would stay pending, and be proposed and gossiped again, until its window ends
    const pending = fresh.filter((f) => {
      const height = this.m.ledger.recentTxHeight(f.id);
      if (height !== undefined) out[f.at] = { id: f.id, status: 'committed', height };
      return height === undefined;
    });
    if (pending.length > 0) {
      const added = await this.m.mempool.addMany(pending, this.m.clock(), source === 'api');
      let accepted = 0;
      added.forEach((r, i) => {
        const f = pending[i] as (typeof pending)[number];
        if ('error' in r) out[f.at] = { id: f.id, error: r.error };
        else {
          out[f.at] = { id: f.id, status: 'accepted' };
          if ('added' in r) {
            accepted++;
            if (source === 'api') this.m.gossip(f.bytes);
          }
        }
      });
      if (accepted > 0) this.m.onAccepted?.(source, accepted);
    }
    return out as IntakeOutcome[];
  }

  /** Re-admits the journal's txs after a restart; drops those committed or no longer valid. */
  async recover(txs: readonly SignedTx[], bad: readonly Uint8Array[]): Promise<{ kept: number; dropped: number }> {
    const drop: Uint8Array[] = [...bad];
    let kept = 0;
    for (const stx of txs) {
      const id = txId(stx.tx);
      if ((await this.m.ledger.txLocation(id)) !== undefined) {
        drop.push(id);
        continue;
      }
      try {
        if (!this.m.sigs.verify(stx)) throw new LeagError('TX_BAD_SIGNATURE', 'a witness signature does not verify');
        validateTx(this.m.ledger.state, stx, this.opts.ctx, {
          timestampMs: this.admissionTimeMs(),
          verifySignatures: false,
        });
        this.m.mempool.restore(stx, this.m.clock());
        kept++;
      } catch (e) {
        this.m.log.warn({ tx: toHex(id), err: (e as Error).message }, 'journaled tx no longer valid; dropped');
        drop.push(id);
      }
    }
    await this.m.mempool.remove(drop);
    return { kept, dropped: drop.length };
  }
}
