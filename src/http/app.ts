import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import type { WebhookHandler } from '../openphone/index.ts';
import type { Metrics } from './metrics.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export type Readiness = () => Promise<{ ready: boolean; checks: Record<string, string> }>;

type Options = {
  webhook: WebhookHandler;
  readiness: Readiness;
  metrics: Metrics;
  log: Logger;
};

/** The Express app: health, readiness, metrics and the OpenPhone webhook. Knows no SQL. */
export function createApp(options: Options): express.Express {
  const { metrics, log } = options;
  const app = express();
  app.disable('x-powered-by');
  // Answers are small JSON documents nobody caches: hashing each for an ETag is wasted work.
  app.set('etag', false);
  app.set('trust proxy', true);

  app.use(((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
    });
    next();
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

  // The raw bytes are what the signature covers: no JSON parser runs before the check.
  app.post('/api/openphone/webhook', express.raw({ type: () => true, limit: MAX_BODY_BYTES }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await options.webhook({ headers: req.headers, rawBody });
    if (result.headers) res.set(result.headers);
    res.status(result.status).json(result.body);
  });

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  app.use(((error, _req, res, _next) => {
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 600 ? (error.status as number) : 500;
    if (status === 413) {
      res.status(413).json({ error: `request body over ${MAX_BODY_BYTES} bytes` });
      return;
    }
    if (status >= 500) log.error({ err: error instanceof Error ? error.message : String(error) }, 'request failed');
    res.status(status).json({ error: status >= 500 ? 'internal error' : (error as Error).message });
  }) as ErrorRequestHandler);

  return app;
}
