/**
 * A seeded random chain for property tests and the subprocess crash test: EVs transfer, split
 * and merge coins, post buy and sell orders, trade with the grid, get minted top-ups, and now and
 * then try a double spend (which a proposal must leave out). Windows close as time passes.
 */
import { type Block, codecs, type OutPoint, type SignedTx, TxKind, txId } from '@leag/core';
import { type LedgerState, Table } from '../../src/ledger/index.js';
import {
  buyOrder,
  commitBlock,
  grant,
  gridBuy,
  gridSell,
  type Key,
  mint,
  sellOrder,
  T0,
  transfer,
  WINDOW_MS,
  type World,
} from './world.js';

/** mulberry32: a tiny seeded PRNG (tests only). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Coin = { prev: OutPoint; value: bigint };

/** Free coins per EV address, read from the state. */
function walletCoins(state: LedgerState, evs: Key[]): Map<string, Coin[]> {
  const byAddr = new Map<string, Coin[]>(evs.map((e) => [Buffer.from(e.addr).toString('hex'), []]));
  for (const [k, v] of state.tableEntries(Table.utxo)) {
    const o = codecs.TxOutput.decode(v);
    const list = byAddr.get(Buffer.from(o.address).toString('hex'));
    if (list === undefined || o.escrowWindow !== 0n) continue;
    list.push({
      prev: { txId: k.slice(1, 33), index: new DataView(k.buffer, k.byteOffset + 33, 4).getUint32(0) },
      value: o.value,
    });
  }
  for (const l of byAddr.values()) l.sort((a, b) => (a.value < b.value ? 1 : a.value > b.value ? -1 : 0));
  return byAddr;
}

export class RandomChain {
  readonly blocks: Block[] = [];
  private nonce = 1n;
  private time: bigint;
  readonly random: () => number;

  constructor(
    readonly w: World,
    readonly state: LedgerState,
    seed: number,
  ) {
    this.random = rng(seed);
    this.time = T0 + 1000n;
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)] as T;
  }

  /** The first block: grant every EV address. */
  start(): Block {
    return this.commit([
      grant(
        this.w,
        this.w.evs.map((e) => e.addr),
      ),
    ]);
  }

  commit(txs: SignedTx[]): Block {
    const r = commitBlock(this.w, this.state, txs, this.time, Math.floor(this.random() * 4));
    this.blocks.push(r.block);
    return r.block;
  }

  /** Random candidate txs for the next block, at a time that sometimes crosses a window's end. */
  nextTxs(maxTxs: number): SignedTx[] {
    this.time += BigInt(Math.floor(this.random() * Number(WINDOW_MS) * 0.6)) + 1n;
    const window = (this.time - T0) / WINDOW_MS + 1n;
    const coins = walletCoins(this.state, this.w.evs);
    const used = new Set<string>();
    const take = (ev: Key): Coin | undefined => {
      const list = coins.get(Buffer.from(ev.addr).toString('hex')) ?? [];
      const c = list.find((x) => !used.has(`${Buffer.from(x.prev.txId).toString('hex')}:${x.prev.index}`));
      if (c !== undefined) used.add(`${Buffer.from(c.prev.txId).toString('hex')}:${c.prev.index}`);
      return c;
    };
    const txs: SignedTx[] = [];
    const n = 1 + Math.floor(this.random() * maxTxs);
    for (let i = 0; i < n; i++) {
      const ev = this.pick(this.w.evs);
      const r = this.random();
      const nonce = this.nonce++;
      if (r < 0.3) {
        const c = take(ev);
        if (c === undefined) continue;
        const amount = 1n + BigInt(Math.floor(this.random() * Number(c.value)));
        txs.push(transfer(ev, [c], this.pick(this.w.evs).addr, amount > c.value ? c.value : amount));
      } else if (r < 0.5) {
        const c = take(ev);
        if (c === undefined || c.value < 20_000_000n) continue;
        const dMaxWh = 1_000n + BigInt(Math.floor(this.random() * 15_000));
        const dMinWh = 1n + BigInt(Math.floor(this.random() * Number(dMaxWh)));
        const priceMax = 600_000n + BigInt(Math.floor(this.random() * 400_001));
        const price = 600_000n + BigInt(Math.floor(this.random() * Number(priceMax - 600_000n + 1n)));
        if ((priceMax * dMaxWh) / 1000n > c.value) continue;
        txs.push(
          buyOrder(ev, c, {
            window,
            nonce,
            dMinWh,
            dMaxWh,
            priceMax,
            price,
            omegaPpm: 1 + Math.floor(this.random() * 1_000_000),
            gridFallback: this.random() < 0.5,
          }),
        );
      } else if (r < 0.7) {
        const price = 600_000n + BigInt(Math.floor(this.random() * 400_001));
        const priceMin = 600_000n + BigInt(Math.floor(this.random() * Number(price - 600_000n + 1n)));
        txs.push(
          sellOrder(ev, {
            window,
            nonce,
            sMaxWh: 1_000n + BigInt(Math.floor(this.random() * 20_000)),
            price,
            priceMin,
            gridFallback: this.random() < 0.5,
          }),
        );
      } else if (r < 0.78) {
        txs.push(gridSell(ev, 1n + BigInt(Math.floor(this.random() * 5_000)), nonce));
      } else if (r < 0.86) {
        const c = take(ev);
        if (c === undefined || c.value < 6_000_000n) continue;
        txs.push(gridBuy(this.w, ev, c, 1n + BigInt(Math.floor(this.random() * 5_000)), nonce));
      } else if (r < 0.93) {
        txs.push(mint(this.w, ev.addr, 1n + BigInt(Math.floor(this.random() * 100_000_000)), `m${nonce}`));
      } else {
        // A double spend of a coin already used in this block: a proposal must drop it.
        const list = coins.get(Buffer.from(ev.addr).toString('hex')) ?? [];
        const c = list.find((x) => used.has(`${Buffer.from(x.prev.txId).toString('hex')}:${x.prev.index}`));
        if (c !== undefined) txs.push(transfer(ev, [c], this.pick(this.w.evs).addr, c.value));
      }
    }
    return txs;
  }

  /** Builds and commits the next random block. */
  step(maxTxs = 12): Block {
    return this.commit(this.nextTxs(maxTxs));
  }
}

/** Every settlement tx's inputs (escrows) and every buy order's escrow outpoint, as strings. */
export function escrowFlows(blocks: readonly Block[]): {
  created: string[];
  spentBySettlement: string[];
  spentOtherwise: string[];
} {
  const id = (o: OutPoint) => `${Buffer.from(o.txId).toString('hex')}:${o.index}`;
  const created: string[] = [];
  const spentBySettlement: string[] = [];
  const spentOtherwise: string[] = [];
  const escrows = new Set<string>();
  for (const b of blocks) {
    for (const stx of b.txs) {
      for (const inp of stx.tx.inputs) {
        if (stx.tx.kind === TxKind.TX_KIND_SETTLEMENT) spentBySettlement.push(id(inp.prev));
        else if (escrows.has(id(inp.prev))) spentOtherwise.push(id(inp.prev));
      }
      if (stx.tx.kind === TxKind.TX_KIND_BUY_ORDER) {
        const e = { txId: txId(stx.tx), index: 0 };
        created.push(id(e));
        escrows.add(id(e));
      }
    }
  }
  return { created, spentBySettlement, spentOtherwise };
}
