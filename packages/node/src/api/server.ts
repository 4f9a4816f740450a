/**
 * The HTTP API server (fastify 5): every route of core's API_ROUTES with its TypeBox schemas,
 * the OpenAPI document, server-sent events, /metrics, per-IP rate limits (429 + Retry-After) and
 * one error format. Request bodies are capped; JSON only.
 */
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import {
  API_EVENTS_URL,
  API_METRICS_URL,
  API_OPENAPI_URL,
  API_ROUTES,
  ApiSchemas,
  LeagError,
  type RouteName,
} from '@leag/core';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { dashboardHandlers } from '../dashboard/handlers.js';
import { registerDashboard } from '../dashboard/plugin.js';
import type { NodeMetrics } from '../metrics/metrics.js';
import type { ApiContext } from './context.js';
import { toHttpError } from './errors.js';
import { accountHandlers } from './handlers-accounts.js';
import { chainHandlers, type Req } from './handlers-chain.js';
import { evidenceHandlers } from './handlers-evidence.js';
import { marketHandlers } from './handlers-market.js';

export interface ApiOptions {
  host: string;
  port: number;
  bodyLimit: number;
  rateLimitMax: number;
  rateLimitWindowMs: number;
  version: string;
}

type Handler = (c: ApiContext, r: Req) => Promise<unknown>;

/** Routes that hand txs to the intake. */
const SUBMIT_ROUTES = new Set<string>(['submitTx', 'submitOrder', 'submitOrderBatch', 'submitGridTrade']);

export async function buildApi(
  opts: ApiOptions,
  m: { api: ApiContext; log: Logger; metrics: NodeMetrics },
): Promise<FastifyInstance> {
  const app = Fastify({
    // request logs are info-level: the API's logger shows warnings and errors only
    loggerInstance: m.log.child({}, { level: 'warn' }) as unknown as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'leagd API', version: opts.version, description: 'LEAG node HTTP API (docs/api.md)' },
    },
  });
  await app.register(rateLimit, {
    max: opts.rateLimitMax,
    timeWindow: opts.rateLimitWindowMs,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      code: 'API_RATE_LIMITED',
      message: `rate limit of ${ctx.max} requests per ${Math.round(opts.rateLimitWindowMs / 1000)} s exceeded; retry in ${Math.ceil(ctx.ttl / 1000)} s`,
    }),
  });
  // JSON only: other media types are answered 415 instead of being parsed as text
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((err, _req, reply) => {
    const h = toHttpError(err);
    if (h.status >= 500) m.log.error({ err }, 'request failed');
    if (h.retryAfterS !== undefined) reply.header('retry-after', String(h.retryAfterS));
    void reply.code(h.status).send(h.body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: { code: 'API_NOT_FOUND', message: `no route ${req.method} ${req.url}` } });
  });
  app.addHook('onResponse', (req, reply, done) => {
    m.metrics.http.inc({ route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) });
    done();
  });

  const handlers = {
    getStatus: async (c: ApiContext) => c.status(),
    ...chainHandlers,
    ...evidenceHandlers,
    ...marketHandlers,
    ...accountHandlers,
    ...dashboardHandlers,
  } as unknown as Record<RouteName, Handler>;

  const refuseWhenBusy = (_req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!m.api.intake.overloaded()) return done();
    const h = toHttpError(
      new LeagError('INTAKE_BUSY', `the node is checking ${m.api.intake.queued} txs already; retry shortly`),
    );
    void reply
      .code(h.status)
      .header('retry-after', String(h.retryAfterS ?? 1))
      .send(h.body);
  };

  for (const [name, d] of Object.entries(API_ROUTES) as [RouteName, (typeof API_ROUTES)[RouteName]][]) {
    const handler = handlers[name];
    const schema: Record<string, unknown> = {
      operationId: name,
      summary: d.summary,
      response: { [d.status]: d.response, '4xx': ApiSchemas.ApiError, '5xx': ApiSchemas.ApiError },
    };
    if ('params' in d) schema.params = d.params;
    if ('querystring' in d) schema.querystring = d.querystring;
    if ('body' in d) schema.body = d.body;
    app.route({
      method: d.method,
      url: d.url,
      schema,
      ...('bodyLimit' in d ? { bodyLimit: d.bodyLimit } : {}),
      // an overloaded intake refuses submissions before their body is read and parsed
      ...(SUBMIT_ROUTES.has(name) ? { onRequest: refuseWhenBusy } : {}),
      handler: async (req, reply) => {
        const out = await handler(m.api, {
          params: (req.params ?? {}) as Record<string, string>,
          query: (req.query ?? {}) as Record<string, string>,
          body: req.body,
        });
        void reply.code(d.status);
        return out;
      },
    });
  }

  app.get(API_EVENTS_URL, { schema: { hide: true } }, (req, reply) => {
    reply.hijack();
    try {
      m.api.events.subscribe(reply.raw);
    } catch (e) {
      const h = toHttpError(e);
      reply.raw.writeHead(h.status, { 'content-type': 'application/json' });
      reply.raw.end(JSON.stringify(h.body));
    }
    void req;
  });
  app.get(API_METRICS_URL, { schema: { hide: true }, config: { rateLimit: false } }, async (_req, reply) => {
    void reply.header('content-type', m.metrics.registry.contentType);
    return m.metrics.registry.metrics();
  });
  app.get(API_OPENAPI_URL, { schema: { hide: true } }, async () => app.swagger());
  registerDashboard(app);
  return app;
}
