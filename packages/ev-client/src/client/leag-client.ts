/**
 * The typed client of the leagd HTTP API. Routes, request and response types come from
 * @leag/core's shared definitions (API_ROUTES, apiPath and the TypeBox schemas the node's server
 * validates with); every answer is checked against its route's response schema before it is used,
 * so a broken or hostile node gives EV_BAD_RESPONSE, never a crash deep inside the client. Error
 * answers (4xx) become a LeagError with the node's own code (TX_BAD_SIGNATURE, ORDER_CLOSED_WINDOW...).
 */
import {
  API_ROUTES,
  type ApiErrorBody,
  apiPath,
  type BalanceResponse,
  type BlockListResponse,
  type BlockResponse,
  type FaucetResponse,
  type GenesisResponse,
  type GrantResponse,
  type GridInfoResponse,
  LeagError,
  type OrderResponse,
  type RegisterResponse,
  type RouteName,
  type SignedTx,
  type StatusResponse,
  type SubmitOrderBatchResponse,
  type SubmitOrderResponse,
  type SubmitTxResponse,
  type TxResponse,
  toJson,
  type UtxosResponse,
  type WindowResponse,
} from '@leag/core';
import { Value } from '@sinclair/typebox/value';
import { Transport, type TransportOptions } from './transport.js';

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

export class LeagClient {
  readonly transport: Transport;

  constructor(opts: TransportOptions | Transport) {
    this.transport = opts instanceof Transport ? opts : new Transport(opts);
  }

  /** The node that answered last (fail-over moves it). */
  get node(): string {
    return this.transport.current;
  }

  /** Calls one route of API_ROUTES and returns its checked 2xx body. */
  async call<T>(name: RouteName, o: CallOptions = {}): Promise<T> {
    const route = API_ROUTES[name];
    let path = apiPath(name, o.params ?? {});
    const q = Object.entries(o.query ?? {}).filter(([, v]) => v !== undefined);
    if (q.length > 0) path += `?${new URLSearchParams(q.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
    const res = await this.transport.request(route.method, path, o.body, o.signal);
    if (res.status >= 200 && res.status < 300) {
      if (!Value.Check(route.response, res.body)) {
        const first = [...Value.Errors(route.response, res.body)][0];
        throw new LeagError(
          'EV_BAD_RESPONSE',
          `${res.node} answered ${route.method} ${route.url} with a body that does not match the API: ${first?.path ?? ''} ${first?.message ?? ''}`,
          { node: res.node },
        );
      }
      return res.body as T;
    }
    const err = (res.body as ApiErrorBody | undefined)?.error;
    if (err !== undefined && typeof err.code === 'string')
      throw new LeagError(err.code, err.message, { status: res.status, node: res.node, remote: err.details });
    throw new LeagError('EV_BAD_RESPONSE', `${res.node} answered HTTP ${res.status} without an error body`, {
      status: res.status,
    });
  }

  status = (): Promise<StatusResponse> => this.call('getStatus');
  genesis = (): Promise<GenesisResponse> => this.call('getGenesis');
  blocks = (from?: bigint, limit?: number): Promise<BlockListResponse> =>
    this.call('listBlocks', { query: { from: from?.toString(), limit } });
  block = (height: bigint | 'latest'): Promise<BlockResponse> =>
    this.call('getBlock', { params: { height: height.toString() } });
  tx = (id: string): Promise<TxResponse> => this.call('getTx', { params: { id } });
  order = (id: string): Promise<OrderResponse> => this.call('getOrder', { params: { id } });
  window = (w: bigint | 'current'): Promise<WindowResponse> =>
    this.call('getWindow', { params: { window: w.toString() } });
  grant = (address: string): Promise<GrantResponse> => this.call('getGrant', { params: { address } });
  balance = (address: string): Promise<BalanceResponse> => this.call('getBalance', { params: { address } });
  utxos = (address: string): Promise<UtxosResponse> => this.call('getUtxos', { params: { address } });
  grid = (): Promise<GridInfoResponse> => this.call('getGrid');

  submitTx = (stx: SignedTx): Promise<SubmitTxResponse> =>
    this.call('submitTx', { body: { tx: toJson('SignedTx', stx) } });
  submitOrder = (stx: SignedTx): Promise<SubmitOrderResponse> =>
    this.call('submitOrder', { body: { tx: toJson('SignedTx', stx) } });
  /** Up to MAX_ORDER_BATCH orders in one request; each result says accepted/committed or why it was refused. */
  submitOrders = (stxs: readonly SignedTx[]): Promise<SubmitOrderBatchResponse> =>
    this.call('submitOrderBatch', { body: { txs: stxs.map((s) => toJson('SignedTx', s)) } });
  submitGridTrade = (stx: SignedTx): Promise<SubmitTxResponse> =>
    this.call('submitGridTrade', { body: { tx: toJson('SignedTx', stx) } });
  register = (certificate: Record<string, unknown>, addresses: string[]): Promise<RegisterResponse> =>
    this.call('register', { body: { certificate, addresses } });
  faucet = (address: string, amount?: bigint): Promise<FaucetResponse> =>
    this.call('faucet', { body: amount === undefined ? { address } : { address, amount: amount.toString() } });
}
