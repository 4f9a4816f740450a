/**
 * The server-sent event stream (GET /v1/events): `event: block` after every committed block and
 * `event: window` after every window clearing, each `data:` one JSON object of the types below.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Hash32, Hex, U64 } from './common.js';

export const BlockEvent = Type.Object({
  height: U64,
  hash: Hash32,
  timestampMs: U64,
  proposer: Type.Integer(),
  txCount: Type.Integer(),
  stateRoot: Hash32,
  /** Windows cleared by this block. */
  closedWindows: Type.Array(U64),
});

export const WindowEvent = Type.Object({
  window: U64,
  closedAtHeight: U64,
  settlementTxId: Hash32,
  settlementHash: Hex(),
  pairs: Type.Integer(),
  /** Band price, µ/kWh. */
  bandPrice: U64,
  /** Σ energy sold by matched sellers, Wh. */
  energySoldWh: U64,
});

export type BlockEvent = Static<typeof BlockEvent>;
export type WindowEvent = Static<typeof WindowEvent>;

export const API_EVENTS = { block: BlockEvent, window: WindowEvent } as const;
export type ApiEventName = keyof typeof API_EVENTS;
