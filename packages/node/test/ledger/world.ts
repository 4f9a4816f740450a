/** A small test chain: keys, genesis, and builders for every tx kind (real signatures). */
import {
  type Block,
  DEFAULT_MARKET_PARAMS,
  type Genesis,
  GridSide,
  type MarketParams,
  type OutPoint,
  publicKeyOf,
  type SignedTx,
  secretKeyFromSeed,
  signTx,
  type Tx,
  TxKind,
  type TxOutput,
  txRoot,
  utf8,
} from '@leag/core';
import {
  addressOf,
  buildBlock,
  type ChainContext,
  chainContext,
  escrowFor,
  genesisBlock,
  LedgerState,
  txIdOf,
} from '../../src/ledger/index.js';

export const CHAIN = 'leag-test';
export const T0 = 1_700_000_000_000n;
export const WINDOW_MS = 60_000n;
export const UNIT = 1_000_000n;

export interface Key {
  sk: Uint8Array;
  pub: Uint8Array;
  addr: Uint8Array;
}
export const key = (name: string): Key => {
  const sk = secretKeyFromSeed(utf8(name));
  const pub = publicKeyOf(sk);
  return { sk, pub, addr: addressOf(pub) };
};

export const DEFAULT_MARKET: MarketParams = { ...DEFAULT_MARKET_PARAMS };

export class World {
  readonly validators = [0, 1, 2, 3].map((i) => key(`validator-${i}`));
  readonly authority = key('authority');
  readonly grid = key('grid');
  readonly evs: Key[];
  readonly genesis: Genesis;
  readonly ctx: ChainContext;

  constructor(
    evCount = 6,
    fundsEach = 1000n * UNIT,
    opts: { settlementLagMs?: bigint; sellerPaymentPerOrder?: boolean } = {},
  ) {
    this.evs = Array.from({ length: evCount }, (_, i) => key(`ev-${i}`));
    this.genesis = {
      chainId: CHAIN,
      genesisTimeMs: T0,
      windowMs: WINDOW_MS,
      validators: this.validators.map((v, index) => ({ index, pubkey: v.pub, name: `v${index}`, multiaddr: '' })),
      authorityPubkey: this.authority.pub,
      gridAddress: this.grid.addr,
      marketParams: DEFAULT_MARKET,
      creditParams: {
        initial: 100n,
        min: 0n,
        max: 1000n,
        perCommit: 1n,
        perProposal: 1n,
        viewChangePenalty: 10n,
        leaderThreshold: 10n,
        epochBlocks: 100n,
      },
      faultToleranceF: 1,
      faucetEnabled: true,
      initialOutputs: this.evs.map((e) => ({ value: fundsEach, energyWh: 0n, address: e.addr, escrowWindow: 0n })),
      ...(opts.settlementLagMs === undefined ? {} : { settlementLagMs: opts.settlementLagMs }),
      ...(opts.sellerPaymentPerOrder === undefined ? {} : { sellerPaymentPerOrder: opts.sellerPaymentPerOrder }),
    };
    this.ctx = chainContext(this.genesis);
  }

  /** A fresh in-memory state at genesis. */
  genesisState(): LedgerState {
    const g = genesisBlock(this.ctx);
    const s = new LedgerState();
    s.commit(g.writes, g.acc, g.head);
    return s;
  }

  /** The genesis outpoint of EV i's initial coin. */
  genesisCoin(i: number): OutPoint {
    const g = genesisBlock(this.ctx);
    return { txId: g.block.header.parentHash, index: i };
  }
}

export function tx(kind: TxKind, fields: Partial<Tx>): Tx {
  return { version: 1, chainId: CHAIN, kind, inputs: [], outputs: [], lockTime: 0n, ...fields };
}

export const out = (address: Uint8Array, value: bigint, extra: Partial<TxOutput> = {}): TxOutput => ({
  value,
  energyWh: 0n,
  address,
  escrowWindow: 0n,
  ...extra,
});

export function transfer(
  from: Key,
  coins: { prev: OutPoint; value: bigint }[],
  to: Uint8Array,
  amount: bigint,
): SignedTx {
  const total = coins.reduce((s, c) => s + c.value, 0n);
  const outputs = [out(to, amount)];
  if (total > amount) outputs.push(out(from.addr, total - amount));
  return signTx(
    tx(TxKind.TX_KIND_TRANSFER, { inputs: coins.map((c) => ({ prev: c.prev })), outputs, transfer: { memo: '' } }),
    coins.map(() => from.sk),
  );
}

export function mint(w: World, to: Uint8Array, value: bigint, memo = 'top-up', signer = w.authority): SignedTx {
  return signTx(tx(TxKind.TX_KIND_MINT, { outputs: [out(to, value)], mint: { to, value, memo } }), [signer.sk]);
}

export function grant(w: World, addresses: Uint8Array[], granter = 0, signer = w.validators[granter] as Key): SignedTx {
  return signTx(
    tx(TxKind.TX_KIND_ADDRESS_GRANT, { addressGrant: { granter, addresses, certHash: new Uint8Array(32).fill(7) } }),
    [signer.sk],
  );
}

export interface BuyFields {
  window: bigint;
  nonce: bigint;
  dMinWh?: bigint;
  dMaxWh?: bigint;
  price?: bigint;
  priceMax?: bigint;
  omegaPpm?: number;
  gridFallback?: boolean;
}

export function buyOrder(ev: Key, coin: { prev: OutPoint; value: bigint }, f: BuyFields): SignedTx {
  const order = {
    window: f.window,
    nonce: f.nonce,
    address: ev.addr,
    dMinWh: f.dMinWh ?? 5_000n,
    dMaxWh: f.dMaxWh ?? 12_000n,
    price: f.price ?? 700_000n,
    priceMax: f.priceMax ?? 950_000n,
    omegaPpm: f.omegaPpm ?? 800_000,
    gridFallback: f.gridFallback ?? false,
  };
  const escrow = escrowFor(order);
  const outputs = [out(ev.addr, escrow, { escrowWindow: f.window })];
  if (coin.value > escrow) outputs.push(out(ev.addr, coin.value - escrow));
  return signTx(tx(TxKind.TX_KIND_BUY_ORDER, { inputs: [{ prev: coin.prev }], outputs, buyOrder: order }), [
    ev.sk,
    ev.sk,
  ]);
}

export function sellOrder(
  ev: Key,
  f: { window: bigint; nonce: bigint; sMaxWh?: bigint; price?: bigint; priceMin?: bigint; gridFallback?: boolean },
): SignedTx {
  const order = {
    window: f.window,
    nonce: f.nonce,
    address: ev.addr,
    sMaxWh: f.sMaxWh ?? 15_000n,
    price: f.price ?? 900_000n,
    priceMin: f.priceMin ?? 700_000n,
    gridFallback: f.gridFallback ?? false,
  };
  return signTx(tx(TxKind.TX_KIND_SELL_ORDER, { sellOrder: order }), [ev.sk]);
}

export function gridSell(ev: Key, energyWh: bigint, nonce: bigint): SignedTx {
  const value = (600_000n * energyWh) / 1000n;
  return signTx(
    tx(TxKind.TX_KIND_GRID_TRADE, {
      outputs: [out(ev.addr, value, { energyWh })],
      gridTrade: { side: GridSide.GRID_SIDE_SELL, energyWh, address: ev.addr, nonce },
    }),
    [ev.sk],
  );
}

export function gridBuy(
  w: World,
  ev: Key,
  coin: { prev: OutPoint; value: bigint },
  energyWh: bigint,
  nonce: bigint,
): SignedTx {
  const pay = (1_000_000n * energyWh) / 1000n;
  const outputs = [out(w.grid.addr, pay, { energyWh })];
  if (coin.value > pay) outputs.push(out(ev.addr, coin.value - pay));
  return signTx(
    tx(TxKind.TX_KIND_GRID_TRADE, {
      inputs: [{ prev: coin.prev }],
      outputs,
      gridTrade: { side: GridSide.GRID_SIDE_BUY, energyWh, address: ev.addr, nonce },
    }),
    [ev.sk, ev.sk],
  );
}

/** Outpoint n of a signed tx. */
export const op = (stx: SignedTx, index: number): OutPoint => ({ txId: txIdOf(stx.tx), index });
export const coinOf = (stx: SignedTx, index: number) => ({
  prev: op(stx, index),
  value: (stx.tx.outputs[index] as TxOutput).value,
});

/** Time inside window w (1-based), offset ms into it. */
export const timeIn = (w: bigint, offset = 1_000n): bigint => T0 + (w - 1n) * WINDOW_MS + offset;

/** A world of `evs` EVs whose addresses are all granted on chain (one block in window 1). */
export function grantedWorld(evs = 6): { w: World; s: LedgerState } {
  const w = new World(evs);
  const s = w.genesisState();
  commitBlock(
    w,
    s,
    [
      grant(
        w,
        w.evs.map((e) => e.addr),
      ),
    ],
    timeIn(1n, 100n),
  );
  return { w, s };
}

/** A valid proposal on `state` with `txs`, committed to the in-memory state; returns the result. */
export function commitBlock(w: World, state: LedgerState, txs: SignedTx[], timestampMs: bigint, proposer = 0) {
  const r = buildBlock(state, { timestampMs, proposer, txs, parentCert: parentCert(state) }, w.ctx);
  state.commit(r.writes, r.acc, r.head);
  return r;
}

/** A structurally right parent certificate (its signatures are consensus's to check). */
export function parentCert(state: LedgerState) {
  return state.head.height === 0n
    ? undefined
    : { view: 0n, height: state.head.height, blockHash: state.head.hash, commits: [] };
}

/** Rebuilds a block with different txs and a correct tx root (a byzantine proposer's block). */
export function withTxs(block: Block, txs: SignedTx[]): Block {
  return { ...block, txs, header: { ...block.header, txRoot: txRoot(txs) } };
}
