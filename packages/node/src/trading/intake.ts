/**
 * Order and tx intake: size, duplicate, signature (once per tx, SigCache), the ledger's own
 * admission rules on the committed state (validateTx, the same code as block validation), the
 * window-closing guard for orders, then the durable mempool and gossip to the other validators.
 */
import { codecs, LeagError, type SignedTx, toHex, txId } from '@leag/core';
import type { Logger } from 'pino';
import { type ChainContext, type Ledger, validateTx, windowEnd } from '../ledger/index.js';
import { type Mempool, orderWindow } from './mempool.js';
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
  gossip: (stx: SignedTx) => void;
  log: Logger;
  onAccepted?: (source: 'api' | 'peer') => void;
}

export interface IntakeResult {
  id: Uint8Array;
  status: 'accepted' | 'committed';
  height?: bigint;
}

export class TxIntake {
  constructor(
    private readonly opts: IntakeOptions,
    private readonly m: IntakeModules,
  ) {}

  /** Checks a tx without storing it; throws the first broken rule's LeagError. */
  check(stx: SignedTx): Uint8Array {
    const { ctx } = this.opts;
    const size = codecs.SignedTx.encode(stx).length;
    if (size > ctx.limits.maxTxBytes) {
      throw new LeagError('TX_TOO_LARGE', `the tx is ${size} bytes, the limit is ${ctx.limits.maxTxBytes}`);
    }
    if (!this.m.sigs.verify(stx)) throw new LeagError('TX_BAD_SIGNATURE', 'a witness signature does not verify');
    const now = this.m.clock();
    const id = validateTx(this.m.ledger.state, stx, ctx, {
      timestampMs: BigInt(Math.max(now, Number(this.m.ledger.head.timestampMs) + 1)),
      verifySignatures: false,
    });
    const w = orderWindow(stx);
    if (w !== null && Number(windowEnd(ctx, w)) - now < this.opts.closingGuardMs) {
      throw new LeagError(
        'ORDER_WINDOW_CLOSING',
        `window ${w} closes in ${Number(windowEnd(ctx, w)) - now} ms, too soon to be sure of a block; submit for window ${w + 1n}`,
        { window: w.toString() },
      );
    }
    return id;
  }

  async submit(stx: SignedTx, source: 'api' | 'peer'): Promise<IntakeResult> {
    const id = txId(stx.tx);
    if (this.m.mempool.has(id)) return { id, status: 'accepted' };
    const done = await this.m.ledger.getTx(id);
    if (done !== undefined) return { id, status: 'committed', height: done.height };
    this.check(stx);
    await this.m.mempool.add(stx, this.m.clock());
    this.m.onAccepted?.(source);
    if (source === 'api') this.m.gossip(stx);
    return { id, status: 'accepted' };
  }

  /** Re-admits the journal's txs after a restart; drops those committed or no longer valid. */
  async recover(txs: readonly SignedTx[], bad: readonly Uint8Array[]): Promise<{ kept: number; dropped: number }> {
    const drop: Uint8Array[] = [...bad];
    let kept = 0;
    for (const stx of txs) {
      const id = txId(stx.tx);
      if ((await this.m.ledger.getTx(id)) !== undefined) {
        drop.push(id);
        continue;
      }
      try {
        this.m.sigs.verify(stx);
        validateTx(this.m.ledger.state, stx, this.opts.ctx, {
          timestampMs: BigInt(Math.max(this.m.clock(), Number(this.m.ledger.head.timestampMs) + 1)),
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
