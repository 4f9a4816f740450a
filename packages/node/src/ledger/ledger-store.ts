/**
 * The ledger over its store: opens (or initialises from genesis) a ChainStore, loads the state and
 * checks it against the head's state root (a torn or corrupt store is an error, never silently
 * wrong state), and commits blocks: the block, its certificate, tx index, state writes and head in
 * ONE atomic synced batch, then the in-memory state.
 */
import {
  type Block,
  bytesEqual,
  type CommitCertificate,
  codecs,
  LeagError,
  type OutPoint,
  type SignedTx,
  type TxOutput,
} from '@leag/core';
import { readU32be, toHex } from '../storage/bytes.js';
import { ChainStore, type ChainStoreOptions } from '../storage/chain-store.js';
import type { DbController } from '../storage/db.js';
import { type ApplyOptions, applyBlock, type BlockResult, buildBlock, type Proposal } from './block.js';
import { decodeBlock } from './codec.js';
import type { ChainContext } from './context.js';
import { genesisBlock } from './genesis.js';
import { LedgerState } from './state.js';
import { windowKeyPrefix } from './state-accumulator.js';
import { decodeTip, keys, Tables } from './state-tables.js';
import { StateView } from './state-view.js';

/** Decoded blocks kept for tx reads (getTx); a block of 5 000 orders is about 5 MB decoded. */
const DECODED_BLOCKS = 8;

/**
 * Where a commit's time went: the merge into memory, and the rest (the store's atomic batch, its
 * encoding and the wait for the synced write beyond the merge, which runs meanwhile).
 */
export interface CommitTimings {
  storeMs: number;
  stateMs: number;
}
/** Ids of the most recently committed txs kept in memory (recentTxHeight): about 20 s at 3 000 txs/s. */
const RECENT_TXS = 65_536;

export class Ledger {
  private readonly blockCache = new Map<bigint, Block>();
  /** tx id (hex) → height, oldest first. */
  private readonly recent = new Map<string, bigint>();
  /** Deletion of closed windows' entries from the store, in the background, one after another. */
  private pruning: Promise<void> = Promise.resolve();

  private constructor(
    readonly store: ChainStore,
    readonly state: LedgerState,
    readonly ctx: ChainContext,
  ) {}

  /** Opens the ledger in `db`; an empty store is initialised with the genesis block. */
  static async open(db: DbController, ctx: ChainContext, opts: ChainStoreOptions = {}): Promise<Ledger> {
    const store = await ChainStore.open(db, opts);
    const head = store.head();
    const gen = genesisBlock(ctx);
    if (head === null) {
      await store.commitBlock({
        height: 0n,
        hash: gen.hash,
        blockBytes: codecs.Block.encode(gen.block),
        txIds: [],
        stateWrites: gen.writes,
        stateRoot: gen.stateRoot,
      });
      const state = new LedgerState();
      state.commit(gen.writes, gen.acc, gen.head);
      return new Ledger(store, state, ctx);
    }
    const g0 = await store.getBlock(0n);
    if (g0 === undefined || !bytesEqual(g0, codecs.Block.encode(gen.block))) {
      throw new LeagError('STORE_WRONG_GENESIS', 'the store was created for a different genesis');
    }
    const entries: [Uint8Array, Uint8Array][] = [];
    for await (const e of store.stateEntries()) entries.push(e);
    const state = LedgerState.fromEntries(entries); // leaves out entries of closed windows
    if (!bytesEqual(state.root(), head.stateRoot)) {
      throw new LeagError(
        'STORE_STATE_MISMATCH',
        `the stored state hashes to ${toHex(state.root())}, but the head (height ${head.height}) says ${toHex(head.stateRoot)}: the store is corrupt`,
      );
    }
    const blockBytes = await store.getBlock(head.height);
    const block = decodeBlock(blockBytes as Uint8Array, ctx.limits.maxBlockBytes + 1024);
    const tip = new Tables(new StateView(state)).tip();
    if (tip === undefined || tip.height !== head.height || !bytesEqual(block.header.stateRoot, head.stateRoot)) {
      throw new LeagError(
        'STORE_TORN',
        `the head block ${head.height} and the state tip ${tip?.height ?? 'none'} disagree`,
      );
    }
    state.head = { height: head.height, hash: head.hash, timestampMs: block.header.timestampMs };
    const ledger = new Ledger(store, state, ctx);
    if (state.deadWindows.size > 0) ledger.pruneStored([...state.deadWindows]); // a crash left them
    return ledger;
  }

  get head() {
    return { ...this.state.head, stateRoot: this.state.root() };
  }

  /** Committed orders of window w (its order entries). */
  windowOrderCount(w: bigint): number {
    return this.state.acc.windowEntries(w);
  }

  /** The last window the chain has closed to orders (the tip's), 0 before any. */
  lastClosedWindow(): bigint {
    // read per admitted order: the tip entry straight from the state, not through a view
    const b = this.state.get(keys.tip());
    return b === undefined ? 0n : decodeTip(b).lastClosedWindow;
  }

  /** The last window the chain has settled (≤ lastClosedWindow), 0 before any. */
  lastSettledWindow(): bigint {
    const b = this.state.get(keys.tip());
    return b === undefined ? 0n : decodeTip(b).lastSettledWindow;
  }

  /** Validates a block (pure) without committing it. */
  validate(block: Block, opts: ApplyOptions = {}): BlockResult {
    return applyBlock(this.state, block, this.ctx, opts);
  }

  propose(p: Proposal): ReturnType<typeof buildBlock> {
    return buildBlock(this.state, p, this.ctx);
  }

  /**
   * Commits a validated block (its result from validate/propose) with its certificate, if known.
   * Returns how long the store's batch and the in-memory merge took (the driver logs slow commits).
   */
  async commit(r: BlockResult, cert?: CommitCertificate): Promise<CommitTimings> {
    if (r.head.height !== this.state.head.height + 1n || !bytesEqual(r.block.header.parentHash, this.state.head.hash)) {
      throw new LeagError(
        'LEDGER_STALE_RESULT',
        `block ${r.head.height} was not applied on the current head ${this.state.head.height}`,
      );
    }
    const t0 = performance.now();
    let stateMs = 0;
    // the block is merged into memory while the store writes it (the write is off this thread);
    // head and root move once it is written. A failed write leaves memory one block ahead of the
    // store: the driver halts on any commit failure, and the store is what the next open reads.
    const merge = () => {
      const m0 = performance.now();
      this.state.merge(r.writes, r.acc.dropped);
      stateMs = performance.now() - m0;
    };
    await this.store.commitBlock(
      {
        height: r.head.height,
        hash: r.hash,
        blockBytes: codecs.Block.encode(r.block),
        certBytes: cert === undefined ? undefined : codecs.CommitCertificate.encode(cert),
        txIds: r.txIds,
        stateWrites: r.writes,
        stateRoot: r.stateRoot,
      },
      merge,
    );
    this.state.advance(r.acc, r.head);
    if (r.acc.dropped.length > 0) this.pruneStored(r.acc.dropped);
    for (const id of r.txIds) {
      this.recent.set(toHex(id), r.head.height);
      if (this.recent.size > RECENT_TXS) this.recent.delete(this.recent.keys().next().value as string);
    }
    return { storeMs: performance.now() - t0 - stateMs, stateMs };
  }

  /**
   * Deletes the entries of closed windows from the store after their clearing block committed. The
   * block's own batch does not carry them (tens of thousands of deletes in the commit path of the
   * heaviest block); the state root already left them out and so does the state loaded at open, so
   * a crash before this finishes only leaves garbage that the next open deletes again.
   */
  private pruneStored(windows: readonly bigint[]): void {
    const prefixes = windows.map(windowKeyPrefix);
    this.pruning = this.pruning.then(
      () => this.store.clearState(prefixes),
      () => this.store.clearState(prefixes),
    );
  }

  /** Resolves when the store has deleted the entries of every window closed so far (or throws why not). */
  async flushPruning(): Promise<void> {
    await this.pruning;
  }

  /**
   * The height of a tx committed by one of the last blocks this process committed (the hot end of
   * the tx index, in memory: the intake asks it for every tx before checking its signature, so a
   * peer's late gossip of a tx already in a block costs a map lookup, not a second ECDSA check and
   * a refusal). undefined: not recent, maybe older (txLocation reads the index).
   */
  recentTxHeight(txId: Uint8Array): bigint | undefined {
    return this.recent.get(toHex(txId));
  }

  /** Validates and commits in one step. */
  async applyAndCommit(block: Block, opts: ApplyOptions = {}, cert?: CommitCertificate): Promise<BlockResult> {
    const r = this.validate(block, opts);
    await this.commit(r, cert);
    return r;
  }

  /** Typed read access to the committed state (reads only: writes would go to a throwaway view). */
  view(): Tables {
    return new Tables(new StateView(this.state));
  }

  /** Unspent coins of an address, oldest first (read through the state's address index). */
  coinsOf(address: Uint8Array): { prev: OutPoint; output: TxOutput }[] {
    return this.state.utxosOf(address).map(([k, v]) => ({
      prev: { txId: k.slice(1, 33), index: readU32be(k, 33) },
      output: codecs.TxOutput.decode(v),
    }));
  }

  /** A committed tx by id, with its block height and position. */
  /** Where a committed tx is (height, position in its block), without reading its block. */
  async txLocation(txId: Uint8Array): Promise<{ height: bigint; position: number } | undefined> {
    return this.store.getTxLocation(txId);
  }

  /**
   * A committed tx with its place (API reads by id). The few most recently read blocks stay
   * decoded: reads by id tend to hit the same recent blocks, and each miss decodes a whole block.
   * A closed window's orders are read from its blocks by the window index, not through here.
   */
  async getTx(txId: Uint8Array): Promise<{ height: bigint; position: number; tx: SignedTx } | undefined> {
    const loc = await this.store.getTxLocation(txId);
    if (loc === undefined) return undefined;
    const tx = (await this.decodedBlock(loc.height)).txs[loc.position];
    if (tx === undefined) throw new LeagError('STORE_CORRUPT', `tx index points past the end of block ${loc.height}`);
    return { height: loc.height, position: loc.position, tx };
  }

  private async decodedBlock(height: bigint): Promise<Block> {
    const hit = this.blockCache.get(height);
    if (hit !== undefined) {
      this.blockCache.delete(height); // most recently used last
      this.blockCache.set(height, hit);
      return hit;
    }
    const bytes = await this.store.getBlock(height);
    if (bytes === undefined)
      throw new LeagError('STORE_TORN', `tx index points at block ${height}, which is not stored`);
    const block = decodeBlock(bytes, this.ctx.limits.maxBlockBytes + 1024);
    if (this.blockCache.size >= DECODED_BLOCKS) {
      const oldest = this.blockCache.keys().next().value;
      if (oldest !== undefined) this.blockCache.delete(oldest);
    }
    this.blockCache.set(height, block);
    return block;
  }

  async close(): Promise<void> {
    await this.pruning.catch(() => undefined); // left behind: the next open deletes them
    await this.store.close();
  }
}
