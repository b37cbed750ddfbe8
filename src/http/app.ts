import { randomUUID, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { InputError } from '../errors.ts';
import { withRequestId, type Logger } from '../logger.ts';
import type { AskRequest, AskReply } from '../router/index.ts';
import type { WebhookHandler } from '../openphone/index.ts';
import type { Metrics } from './metrics.ts';
import { createOpenApiResponse } from './openapi.ts';
import { createRateLimit, type RateLimit } from './rate-limit.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export type Readiness = () => Promise<{ ready: boolean; checks: Record<string, string> }>;

export const MAX_ASK_BYTES = 64 * 1024;

type Options = {
  webhook: WebhookHandler;
  readiness: Readiness;
  metrics: Metrics;
  log: Logger;
  /** The router's answer to one question (`POST /api/ask`). */
  ask: (request: AskRequest) => Promise<AskReply>;
  /** The effective rollout config with the provenance of each value (`GET /api/rollout`). */
  rollout: () => unknown;
  /** When set, `/api/*` requests other than the webhook need `Authorization: Bearer <token>`. */
  apiToken?: string | undefined;
  /** The admin dashboard (`createAdminRouter`), mounted at /admin; without it /admin says how to turn it on. */
  admin?: express.Router | undefined;
  /**
   * Which proxies' X-Forwarded-For / -Proto to believe (Express's `trust proxy`: `loopback`, a hop
   * count, or addresses and CIDR ranges); the client address and HTTPS are read through them only.
   */
  trustProxy?: string | undefined;
  /** Per-source rates of `/api/ask` and of the webhook (0 or absent: unlimited). */
  rateLimits?: { ask?: RateLimit; webhook?: RateLimit };
  /** True once the service is shutting down: each response then closes its connection. */
  closing?: () => boolean;
};

/** An id a caller may send in `X-Request-Id` (a UUID, a balancer's trace id); anything else is replaced by a new one. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Probes, logged at debug: they come every few seconds and say nothing about customers. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Continues the request as part of its id, so every log line written while serving it carries the id.
 * Used again after each body parser: a body is read in the socket's context, not the request's.
 */
const inRequest: RequestHandler = (_req, res, next) => withRequestId(res.locals.requestId as string, next);

/**
 * A JSON answer on a hot path (`/api/ask`, the webhook) in one write, without res.json's charset,
 * freshness and ETag steps a POST answer never needs.
 */
function writeJson(res: express.Response, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}

/** The Express app: health, readiness, metrics, the router's API and its OpenAPI document, the OpenPhone webhook and the admin pages. Knows no SQL. */
export function createApp(options: Options): express.Express {
  const { metrics, log } = options;
  const app = express();
  app.disable('x-powered-by');
  // Answers are small JSON documents nobody caches: hashing each for an ETag is wasted work.
  app.set('etag', false);
  // Never `true`: a client could then choose its own address (and escape per-address limits).
  app.set('trust proxy', trustProxySetting(options.trustProxy ?? 'none'));

  app.use(((req, res, next) => {
    // Shutting down, a keep-alive client is told to reconnect, and so reaches another replica.
    if (options.closing?.()) res.setHeader('connection', 'close');
    const given = req.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = (req.route as { path?: string } | undefined)?.path;
      const route = path === undefined ? 'unmatched' : `${(res.locals.mount as string | undefined) ?? ''}${path}`;
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      // The access log: probes at debug, so a line at info is a request someone made.
      const line = { requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10 };
      if (PROBES.has(route)) log.debug(line, 'request');
      else if (res.statusCode >= 500) log.error(line, 'request');
      else log.info(line, 'request');
    });
    inRequest(req, res, next);
  }) as RequestHandler);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const { ready, checks } = await options.readiness();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unready', checks });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // The API's description, built once: public, cacheable, revalidated by its ETag.
  const openapi = createOpenApiResponse({ askBytes: MAX_ASK_BYTES, webhookBytes: MAX_BODY_BYTES });
  app.get('/openapi.json', (req, res) => {
    res.set({ 'cache-control': 'public, max-age=300', etag: openapi.etag });
    if (req.fresh) return void res.status(304).end();
    res.type('application/json').send(openapi.body);
  });

  const bearer: RequestHandler = (req, res, next) => {
    if (!options.apiToken) return next();
    const given = Buffer.from(/^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '');
    const expected = Buffer.from(options.apiToken);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.status(401).set('www-authenticate', 'Bearer').json({ error: 'missing or wrong bearer token (ASK_API_TOKEN)' });
  };

  const askLimit = createRateLimit({ perSecond: 0, ...options.rateLimits?.ask, name: '/api/ask', setting: 'RATE_LIMIT_ASK_PER_SECOND', onLimited: () => metrics.rateLimited.inc({ endpoint: '/api/ask' }) });
  const webhookLimit = createRateLimit({ perSecond: 0, ...options.rateLimits?.webhook, name: 'the webhook', setting: 'RATE_LIMIT_WEBHOOK_PER_SECOND', onLimited: () => metrics.rateLimited.inc({ endpoint: '/api/openphone/webhook' }) });

  app.post('/api/ask', askLimit, bearer, express.json({ limit: MAX_ASK_BYTES }), inRequest, async (req, res) => {
    const reply = await options.ask(req.body as AskRequest);
    metrics.decisions.inc({ route: reply.decision.route, answered_by: reply.answeredBy, reason: reply.decision.reason });
    writeJson(res, 200, reply);
  });

  app.get('/api/rollout', bearer, (_req, res) => {
    res.json(options.rollout());
  });

  // The raw bytes are what the signature covers: no JSON parser runs before the check.
  app.post('/api/openphone/webhook', webhookLimit, express.raw({ type: () => true, limit: MAX_BODY_BYTES }), inRequest, async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await options.webhook({ headers: req.headers, rawBody });
    writeJson(res, result.status, result.body, result.headers);
  });

  if (options.admin) {
    // Metrics and the access log label admin pages with their full path (`/admin/login`).
    const mounted: RequestHandler = (_req, res, next) => {
      res.locals.mount = '/admin';
      next();
    };
    app.use('/admin', mounted, options.admin);
  } else {
    app.use('/admin', (_req, res) => {
      res.status(404).json({ error: 'the admin pages are off: set ADMIN_TOKEN (at least 16 characters) and restart' });
    });
  }

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  app.use(((error, _req, res, _next) => {
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 600 ? (error.status as number) : 500;
    if (status === 413) {
      res.status(413).json({ error: `request body over ${(error as { limit?: number }).limit ?? MAX_BODY_BYTES} bytes` });
      return;
    }
    if (error instanceof InputError) {
      res.status(400).json({ error: error.message });
      return;
    }
    if (status >= 500) log.error({ err: error instanceof Error ? error.message : String(error) }, 'request failed');
    res.status(status).json({ error: status >= 500 ? 'internal error' : (error as Error).message });
  }) as ErrorRequestHandler);

  return app;
}

/**
 * TRUST_PROXY as Express takes it: `none` (believe no proxy: any client can write X-Forwarded-For),
 * a number of hops, or a comma-separated list of names, addresses and ranges.
 */
function trustProxySetting(value: string): false | number | string[] {
  if (value.trim() === 'none') return false;
  return /^\d+$/.test(value.trim()) ? Number(value) : value.split(',').map((v) => v.trim()).filter(Boolean);
}
