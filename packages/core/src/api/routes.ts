/**
 * The leagd HTTP API, declared once for the node's server and the EV client (Lodestar's
 * api/src/beacon/routes pattern). Every route names its method, URL (fastify `:param` syntax),
 * request schemas and the schema of its 2xx answer; every 4xx/5xx answer is an `ApiError`.
 * Rate-limited answers are 429 with a Retry-After header (seconds).
 */
import type { TSchema } from '@sinclair/typebox';
import { LeagError } from '../errors.js';
import * as A from './accounts.js';
import * as C from './chain.js';
import * as M from './market.js';

export interface RouteDef {
  method: 'GET' | 'POST';
  url: string;
  summary: string;
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  /** Largest request body, bytes, when the node's default is too small for this route. */
  bodyLimit?: number;
  /** Status code of the success answer and its schema. */
  status: 200 | 202;
  response: TSchema;
}

const r = <T extends RouteDef>(d: T): T => d;

export const API_ROUTES = {
  getStatus: r({
    method: 'GET',
    url: '/v1/status',
    summary: 'Node and chain status',
    status: 200,
    response: C.StatusResponse,
  }),
  getGenesis: r({
    method: 'GET',
    url: '/v1/genesis',
    summary: 'The genesis document',
    status: 200,
    response: C.GenesisResponse,
  }),
  listBlocks: r({
    method: 'GET',
    url: '/v1/blocks',
    summary: 'Block summaries, newest first (from = highest height to list)',
    querystring: C.BlockListQuery,
    status: 200,
    response: C.BlockListResponse,
  }),
  getBlock: r({
    method: 'GET',
    url: '/v1/blocks/:height',
    summary: 'A committed block with its certificate',
    params: C.HeightParams,
    status: 200,
    response: C.BlockResponse,
  }),
  getBlockTxIds: r({
    method: 'GET',
    url: '/v1/blocks/:height/txids',
    summary:
      "A committed block's hash and its tx ids in block order, without the txs (a settling block's full JSON is megabytes)",
    params: C.HeightParams,
    status: 200,
    response: C.BlockTxIdsResponse,
  }),
  getBlockByHash: r({
    method: 'GET',
    url: '/v1/blocks/hash/:hash',
    summary: 'A committed block by its hash, with its certificate',
    params: C.BlockHashParams,
    status: 200,
    response: C.BlockResponse,
  }),
  listEvidence: r({
    method: 'GET',
    url: '/v1/evidence',
    summary: 'Equivocation evidence on chain (accused validator, vote height, block that included it), oldest first',
    querystring: C.EvidenceListQuery,
    status: 200,
    response: C.EvidenceListResponse,
  }),
  submitTx: r({
    method: 'POST',
    url: '/v1/txs',
    summary: 'Submit a signed tx (transfer, grid trade, mint, ...); 202 once durably in the mempool',
    body: C.SubmitTxBody,
    status: 202,
    response: C.SubmitTxResponse,
  }),
  getTx: r({
    method: 'GET',
    url: '/v1/txs/:id',
    summary: 'A tx by id, with its Merkle inclusion proof once committed',
    params: C.TxIdParams,
    status: 200,
    response: C.TxResponse,
  }),
  submitOrder: r({
    method: 'POST',
    url: '/v1/orders',
    summary: 'Submit a signed buy or sell order; 202 once durably in the mempool',
    body: C.SubmitTxBody,
    status: 202,
    response: M.SubmitOrderResponse,
  }),
  submitOrderBatch: r({
    method: 'POST',
    url: '/v1/orders/batch',
    summary: `Submit up to ${M.MAX_ORDER_BATCH} signed orders at once (fleet apps); each gets its own status or error, all accepted ones durable before the answer`,
    body: M.SubmitOrderBatchBody,
    bodyLimit: 2 * 1024 * 1024,
    status: 200,
    response: M.SubmitOrderBatchResponse,
  }),
  getOrder: r({
    method: 'GET',
    url: '/v1/orders/:id',
    summary: 'An order and what its window did with it',
    params: C.TxIdParams,
    status: 200,
    response: M.OrderResponse,
  }),
  getWindow: r({
    method: 'GET',
    url: '/v1/windows/:window',
    summary: 'A matching window: book summary (no identities) and its clearing result',
    params: M.WindowParams,
    status: 200,
    response: M.WindowResponse,
  }),
  listWindows: r({
    method: 'GET',
    url: '/v1/windows',
    summary: 'History of closed windows with their figures (price, volume, welfare, PMA, success rate), newest first',
    querystring: M.WindowListQuery,
    status: 200,
    response: M.WindowListResponse,
  }),
  register: r({
    method: 'POST',
    url: '/v1/register',
    summary: 'Register a certified EV and grant it wallet addresses (identity stays off chain)',
    body: A.RegisterBody,
    status: 202,
    response: A.RegisterResponse,
  }),
  getGrant: r({
    method: 'GET',
    url: '/v1/addresses/:address/grant',
    summary: 'Whether an address is granted on chain',
    params: A.AddressParams,
    status: 200,
    response: A.GrantResponse,
  }),
  getBalance: r({
    method: 'GET',
    url: '/v1/addresses/:address/balance',
    summary: 'Balance of an address (free, escrow, energy)',
    params: A.AddressParams,
    status: 200,
    response: A.BalanceResponse,
  }),
  getUtxos: r({
    method: 'GET',
    url: '/v1/addresses/:address/utxos',
    summary: 'Unspent outputs of an address',
    params: A.AddressParams,
    status: 200,
    response: A.UtxosResponse,
  }),
  getGrid: r({
    method: 'GET',
    url: '/v1/grid',
    summary: 'Grid address and prices',
    status: 200,
    response: M.GridInfoResponse,
  }),
  submitGridTrade: r({
    method: 'POST',
    url: '/v1/grid/trades',
    summary: 'Submit a signed grid trade tx; 202 once durably in the mempool',
    body: C.SubmitTxBody,
    status: 202,
    response: C.SubmitTxResponse,
  }),
  faucet: r({
    method: 'POST',
    url: '/v1/faucet',
    summary: 'Testnet faucet (404 unless genesis enables it): mints coins to an address',
    body: M.FaucetBody,
    status: 202,
    response: M.FaucetResponse,
  }),
} as const;

export type RouteName = keyof typeof API_ROUTES;

/** Non-JSON routes: the event stream (text/event-stream), Prometheus metrics, the OpenAPI document. */
export const API_EVENTS_URL = '/v1/events';
export const API_METRICS_URL = '/metrics';
export const API_OPENAPI_URL = '/openapi.json';

/** Fills a route's `:params` (URI-encoded): apiPath('getBlock', { height: '5' }) → '/v1/blocks/5'. */
export function apiPath(name: RouteName, params: Record<string, string> = {}): string {
  return API_ROUTES[name].url.replace(/:([a-zA-Z]+)/g, (_m, key: string) => {
    const v = params[key];
    if (v === undefined) throw new LeagError('API_MISSING_PARAM', `route ${name} needs the path parameter "${key}"`);
    return encodeURIComponent(v);
  });
}
