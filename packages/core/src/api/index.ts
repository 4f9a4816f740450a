/** The leagd HTTP API definitions shared by the node (server) and leag-ev (client). */
import type { Static } from '@sinclair/typebox';
import type * as A from './accounts.js';
import type * as C from './chain.js';
import type * as Common from './common.js';
import type * as M from './market.js';

export * from './events.js';
export * from './routes.js';
export * as ApiSchemas from './schemas.js';

export type ApiErrorBody = Static<typeof Common.ApiError>;
export type StatusResponse = Static<typeof C.StatusResponse>;
export type ValidatorStatus = Static<typeof C.ValidatorStatus>;
export type GenesisResponse = Static<typeof C.GenesisResponse>;
export type BlockResponse = Static<typeof C.BlockResponse>;
export type BlockSummary = Static<typeof C.BlockSummary>;
export type BlockListQuery = Static<typeof C.BlockListQuery>;
export type BlockListResponse = Static<typeof C.BlockListResponse>;
export type SubmitTxBody = Static<typeof C.SubmitTxBody>;
export type SubmitTxResponse = Static<typeof C.SubmitTxResponse>;
export type TxResponse = Static<typeof C.TxResponse>;
export type SubmitOrderResponse = Static<typeof M.SubmitOrderResponse>;
export type OrderResponse = Static<typeof M.OrderResponse>;
export type BookSummary = Static<typeof M.BookSummary>;
export type WindowResult = Static<typeof M.WindowResult>;
export type WindowResponse = Static<typeof M.WindowResponse>;
export type GridInfoResponse = Static<typeof M.GridInfoResponse>;
export type FaucetBody = Static<typeof M.FaucetBody>;
export type FaucetResponse = Static<typeof M.FaucetResponse>;
export type RegisterBody = Static<typeof A.RegisterBody>;
export type RegisterResponse = Static<typeof A.RegisterResponse>;
export type GrantResponse = Static<typeof A.GrantResponse>;
export type BalanceResponse = Static<typeof A.BalanceResponse>;
export type Utxo = Static<typeof A.Utxo>;
export type UtxosResponse = Static<typeof A.UtxosResponse>;
