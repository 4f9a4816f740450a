/** Schemas of the trading routes: orders, windows (book summary and clearing results), grid. */
import { Type } from '@sinclair/typebox';
import { Hash32, Hex, ProtoJson, U64 } from './common.js';

export const SubmitOrderResponse = Type.Object({
  txId: Hash32,
  status: Type.Union([Type.Literal('accepted'), Type.Literal('committed')]),
  window: U64,
  side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
});

/** Most orders in one batch submission. */
export const MAX_ORDER_BATCH = 500;

export const SubmitOrderBatchBody = Type.Object(
  { txs: Type.Array(ProtoJson('SignedTx'), { minItems: 1, maxItems: MAX_ORDER_BATCH }) },
  { additionalProperties: false },
);

export const OrderBatchItem = Type.Object(
  {
    txId: Type.Optional(Hash32),
    status: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('committed')])),
    window: Type.Optional(U64),
    side: Type.Optional(Type.Union([Type.Literal('buy'), Type.Literal('sell')])),
    error: Type.Optional(
      Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
    ),
  },
  { description: 'one order of the batch, in request order: a status, or the error that refused it' },
);

export const SubmitOrderBatchResponse = Type.Object({
  accepted: Type.Integer({ description: 'orders durably in the mempool or already committed' }),
  refused: Type.Integer(),
  results: Type.Array(OrderBatchItem),
});

export const OrderStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('open'),
  Type.Literal('settled'),
  Type.Literal('unknown'),
]);

export const OrderResponse = Type.Object({
  txId: Hash32,
  /** pending: in the mempool; open: in a block, window not closed; settled: its window cleared. */
  status: OrderStatus,
  window: U64,
  side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
  tx: ProtoJson('SignedTx'),
  height: Type.Optional(U64),
  /** When settled: the id of the window's settlement tx and what this order got. */
  settlementTxId: Type.Optional(Hash32),
  pairs: Type.Optional(Type.Array(ProtoJson('SettlementPair'))),
  refund: Type.Optional(U64),
});

export const WindowParams = Type.Object({
  window: Type.String({ pattern: '^(current|[1-9][0-9]{0,19})$', description: 'a window number or "current"' }),
});

/** Aggregates of a window's order book: no addresses, no order ids. */
export const BookSummary = Type.Object({
  buyOrders: Type.Integer(),
  sellOrders: Type.Integer(),
  /** Σ d_max of buy orders, Wh. */
  demandWh: U64,
  /** Σ s_max of sell orders, Wh. */
  supplyWh: U64,
  /** Price levels (µ/kWh) with the energy offered at each, sorted by price. */
  bids: Type.Array(Type.Object({ price: U64, energyWh: U64 })),
  asks: Type.Array(Type.Object({ price: U64, energyWh: U64 })),
  pendingInMempool: Type.Integer({ description: 'orders for this window not yet in a block (this node)' }),
});

/** Everything needed to re-run the window's contract and check the settlement. */
export const WindowResult = Type.Object({
  closedAtHeight: U64,
  blockHash: Hash32,
  settlementTxId: Hash32,
  settlementHash: Hex(),
  settlement: ProtoJson('Settlement'),
  /** The window's orders, in the order the contract received them (state-key order). */
  orders: Type.Array(ProtoJson('SignedTx')),
  /** The market parameters in force for the window. */
  params: ProtoJson('MarketParams'),
});

export const WindowResponse = Type.Object({
  window: U64,
  startMs: U64,
  endMs: U64,
  state: Type.Union([Type.Literal('future'), Type.Literal('open'), Type.Literal('closing'), Type.Literal('closed')]),
  book: BookSummary,
  result: Type.Optional(WindowResult),
});

export const GridInfoResponse = Type.Object({
  gridAddress: Type.String(),
  /** µ/kWh the grid charges a buyer (r^G) and pays a seller (p^G), for the current window. */
  buyPrice: U64,
  sellPrice: U64,
  window: U64,
});

export const FaucetBody = Type.Object(
  {
    address: Type.String({ minLength: 40, maxLength: 90 }),
    /** µ, at most the node's faucet limit. */
    amount: Type.Optional(U64),
  },
  { additionalProperties: false },
);

export const FaucetResponse = Type.Object({ txId: Hash32, status: Type.Literal('accepted'), amount: U64 });

export const Hex20 = Hex(20);

/** Query of the window history: the `limit` windows up to `to` (default: the last closed one). */
export const WindowListQuery = Type.Object({
  to: Type.Optional(U64),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
});

/**
 * One closed window's figures (the paper's Sec. VI metrics, over its committed orders and
 * settlement): prices in µ/kWh, energy in Wh; welfare, PMA and success rate are reported doubles.
 */
export const WindowFigures = Type.Object({
  window: U64,
  /** false: the window had no orders, so no settlement (every other figure is 0). */
  cleared: Type.Boolean(),
  closedAtHeight: Type.Optional(U64),
  buyOrders: Type.Integer(),
  sellOrders: Type.Integer(),
  pairs: Type.Integer(),
  bandPrice: U64,
  /** Delivered-energy-weighted mean buy and sell prices, µ/kWh (0 when nothing traded). */
  avgBuyPrice: U64,
  avgSellPrice: U64,
  energySoldWh: U64,
  energyBoughtWh: U64,
  /** LEAG margin, µ. */
  margin: U64,
  /** Social welfare (eq. 5) over matched orders, in the paper's units. */
  welfare: Type.Number(),
  /** (p̄ − r̄) / r̄ (eq. 35). */
  pma: Type.Number(),
  /** Matched orders / all orders, in [0, 1]. */
  successRate: Type.Number(),
});

export const WindowListResponse = Type.Object({
  /** The last closed window on this node (0: none yet). */
  lastClosed: U64,
  /** Newest first. */
  windows: Type.Array(WindowFigures),
});
