/**
 * Request size limits (64 KB for /api/ask, 1 MB for the webhook), and per-source rate limits on /api/ask and the webhook: a source over its rate gets 429 with
 * Retry-After and a message naming the setting; other sources, and the same source a moment later,
 * are served; the refusals are counted in /metrics.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createMetrics, MAX_BODY_BYTES } from '../../src/http/index.ts';
import { MAX_ASK_BYTES } from '../../src/http/app.ts';
import { createRateLimit } from '../../src/http/rate-limit.ts';
import { captureLogger } from '../fakes/logger.ts';

describe('createRateLimit', () => {
  /** A bare app behind the limit, with a clock the test moves. */
  async function limited(perSecond: number, burst?: number) {
    let clock = 0;
    const app = express();
    app.set('trust proxy', 'loopback');
    app.get('/', createRateLimit({ perSecond, burst, name: '/test', setting: 'TEST_LIMIT', now: () => clock }), (_req, res) => void res.send('ok'));
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return {
      get: (from: string) => fetch(url, { headers: { 'x-forwarded-for': from } }),
      advance: (ms: number) => void (clock += ms),
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('serves a burst, refuses the next request with 429, Retry-After and the setting, and refills at the rate', async () => {
    const t = await limited(2, 3);
    try {
      for (let i = 0; i < 3; i++) expect((await t.get('198.51.100.1')).status).toBe(200);
      const refused = await t.get('198.51.100.1');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await refused.json()).toEqual({ error: 'too many requests from this source to /test: over 2/s (TEST_LIMIT); retry after the Retry-After seconds' });
      expect((await t.get('203.0.113.5')).status).toBe(200);
      t.advance(500);
      expect((await t.get('198.51.100.1')).status).toBe(200);
      expect((await t.get('198.51.100.1')).status).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('is off at 0 per second', async () => {
    const t = await limited(0);
    try {
      for (let i = 0; i < 50; i++) expect((await t.get('198.51.100.1')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('the service app with rate limits', () => {
  let server: Server;
  let url: string;
  const metrics = createMetrics();
  beforeAll(async () => {
    const app = createApp({
      webhook: async () => ({ status: 200, body: { status: 'stored' } }),
      readiness: async () => ({ ready: true, checks: {} }),
      metrics,
      log: captureLogger(),
      ask: async () => {
        throw new Error('the limit answers first');
      },
      rollout: () => ({}),
      rateLimits: { ask: { perSecond: 1, burst: 2 }, webhook: { perSecond: 1, burst: 3 } },
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('limits the webhook per source and counts the refusals', async () => {
    const deliver = () => fetch(`${url}/api/openphone/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await deliver()).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await deliver();
    expect(await refused.json()).toMatchObject({ error: expect.stringContaining('RATE_LIMIT_WEBHOOK_PER_SECOND') });
    expect(await metrics.registry.getSingleMetricAsString('sop_rate_limited_total')).toContain('sop_rate_limited_total{endpoint="/api/openphone/webhook"} 3');
  });

  it('limits /api/ask before the body is read', async () => {
    const ask = () => fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await ask();
    await ask();
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: expect.stringContaining('RATE_LIMIT_ASK_PER_SECOND') });
  });
});

describe('request size limits', () => {
  let server: Server;
  let url: string;
  const asked: unknown[] = [];
  const delivered: number[] = [];
  beforeAll(async () => {
    const app = createApp({
      webhook: async ({ rawBody }) => (delivered.push(rawBody.length), { status: 200, body: { status: 'stored' } }),
      readiness: async () => ({ ready: true, checks: {} }),
      metrics: createMetrics(),
      log: captureLogger(),
      ask: async (request) => (asked.push(request), { response: 'ok' }) as never,
      rollout: () => ({}),
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    ['/api/ask', MAX_ASK_BYTES, () => asked.length],
    ['/api/openphone/webhook', MAX_BODY_BYTES, () => delivered.length],
  ])('%s answers 413 naming the limit to a body one byte over %d bytes, and nothing reaches the handler', async (path, limit, handled) => {
    const body = JSON.stringify({ message: 'x'.repeat(limit - 13) });
    expect(Buffer.byteLength(body)).toBe(limit + 1);
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: `request body over ${limit} bytes` });
    expect(handled()).toBe(0);
  });
});
