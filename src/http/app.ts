import { timingSafeEqual } from 'node:crypto';
import type { RequestListener } from 'node:http';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { InputError } from '../errors.ts';
import { withRequestId, type Logger } from '../logger.ts';
import type { AskRequest, AskReply } from '../router/index.ts';
import type { WebhookHandler } from '../openphone/index.ts';
import type { Metrics } from './metrics.ts';
import { createOpenApiResponse } from './openapi.ts';
import { createRateLimit, type RateLimit } from './rate-limit.ts';
import { writeJson } from './reply.ts';
import { compileTrustProxy, trackRequest } from './request-tracking.ts';
import { createWebhookRoute, WEBHOOK_PATH } from './webhook-route.ts';

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

/** The service's request handler, and the routes it serves (`POST /api/ask`, ...), the admin pages aside. */
export type App = RequestListener & { readonly routes: readonly string[] };

/**
 * Continues the request as part of its id, so every log line written while serving it carries the id.
 * Used again after each body parser: a body is read in the socket's context, not the request's.
 */
const inRequest: RequestHandler = (_req, res, next) => withRequestId(res.locals.requestId as string, next);

/**
 * The service's HTTP handler: health, readiness, metrics, the router's API and its OpenAPI document and
 * the admin pages through Express, and the OpenPhone webhook on node:http directly
 * (`createWebhookRoute`), with the same request id, access log and metrics. Knows no SQL.
 */
export function createApp(options: Options): App {
  const { metrics, log } = options;
  const app = express();
  app.disable('x-powered-by');
  // Answers are small JSON documents nobody caches: hashing each for an ETag is wasted work.
  app.set('etag', false);
  // Never `true`: a client could then choose its own address (and escape per-address limits).
  const trust = compileTrustProxy(options.trustProxy ?? 'none');
  app.set('trust proxy', trust);

  app.use(((req, res, next) => {
    res.locals.requestId = trackRequest(req, res, options, () => {
      const path = (req.route as { path?: string } | undefined)?.path;
      return path === undefined ? 'unmatched' : `${(res.locals.mount as string | undefined) ?? ''}${path}`;
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

  const askLimiter = createRateLimit({
    perSecond: 0,
    ...options.rateLimits?.ask,
    name: '/api/ask',
    setting: 'RATE_LIMIT_ASK_PER_SECOND',
    onLimited: () => metrics.rateLimited.inc({ endpoint: '/api/ask' }),
  });
  const askLimit: RequestHandler = (req, res, next) => {
    const refusal = askLimiter(req.ip ?? 'unknown');
    if (!refusal) return next();
    writeJson(res, 429, { error: refusal.error }, { 'retry-after': String(refusal.retryAfter) });
  };

  app.post('/api/ask', askLimit, bearer, express.json({ limit: MAX_ASK_BYTES }), inRequest, async (req, res) => {
    const reply = await options.ask(req.body as AskRequest);
    metrics.decisions.inc({ route: reply.decision.route, answered_by: reply.answeredBy, reason: reply.decision.reason });
    writeJson(res, 200, reply);
  });

  app.get('/api/rollout', bearer, (_req, res) => {
    res.json(options.rollout());
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

  const webhook = createWebhookRoute({
    webhook: options.webhook,
    limit: MAX_BODY_BYTES,
    rateLimit: createRateLimit({
      perSecond: 0,
      ...options.rateLimits?.webhook,
      name: 'the webhook',
      setting: 'RATE_LIMIT_WEBHOOK_PER_SECOND',
      onLimited: () => metrics.rateLimited.inc({ endpoint: WEBHOOK_PATH }),
    }),
    trust,
    metrics,
    log,
    closing: options.closing,
  });
  const listener: RequestListener = (req, res) => {
    if (req.method === 'POST' && isWebhookPath(req.url ?? '')) webhook(req, res);
    else app(req, res);
  };
  const stack = (app as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  const routes = [
    ...stack.flatMap(({ route }) => (route ? Object.keys(route.methods).map((m) => `${m.toUpperCase()} ${route.path}`) : [])),
    `POST ${WEBHOOK_PATH}`,
  ];
  return Object.assign(listener, { routes });
}

/** The webhook's path as Express would match it: any case, one trailing slash allowed, the query ignored. */
function isWebhookPath(url: string): boolean {
  const end = url.indexOf('?');
  const path = (end === -1 ? url : url.slice(0, end)).toLowerCase();
  return path === WEBHOOK_PATH || path === `${WEBHOOK_PATH}/`;
}
