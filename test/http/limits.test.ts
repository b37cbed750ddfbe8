/**
 * Request size limits (64 KB for /api/ask, 1 MB for the webhook), and per-source rate limits on /api/ask and the webhook: a source over its rate gets 429 with
 * Retry-After and a message naming the setting; other sources, and the same source a moment later,
 * are served; the refusals are counted in /metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createMetrics, MAX_BODY_BYTES } from '../../src/http/index.ts';
import { MAX_ASK_BYTES } from '../../src/http/app.ts';
import { createRateLimit } from '../../src/http/rate-limit.ts';
import { captureLogger } from '../fakes/logger.ts';
import { listen } from './listen.ts';

describe('createRateLimit', () => {
  it('serves a burst, refuses the next request with the seconds to wait and the setting, and refills at the rate', () => {
    let clock = 0;
    const take = createRateLimit({ perSecond: 2, burst: 3, name: '/test', setting: 'TEST_LIMIT', now: () => clock });
    for (let i = 0; i < 3; i++) expect(take('198.51.100.1')).toBeNull();
    expect(take('198.51.100.1')).toEqual({
      retryAfter: 1,
      error: 'too many requests from this source to /test: over 2/s (TEST_LIMIT); retry after the Retry-After seconds',
    });
    expect(take('203.0.113.5')).toBeNull();
    clock += 500;
    expect(take('198.51.100.1')).toBeNull();
    expect(take('198.51.100.1')).not.toBeNull();
  });

  it('is off at 0 per second', () => {
    const take = createRateLimit({ perSecond: 0, name: '/test', setting: 'TEST_LIMIT' });
    for (let i = 0; i < 50; i++) expect(take('198.51.100.1')).toBeNull();
  });
});

describe('the service app with rate limits', () => {
  let url: string;
  let close: () => Promise<void>;
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
    ({ url, close } = await listen(app));
  });
  afterAll(() => close());

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
  let url: string;
  let close: () => Promise<void>;
  const asked: unknown[] = [];
  const delivered: number[] = [];
  beforeAll(async () => {
    const app = createApp({
      webhook: async ({ rawBody }) => {
        delivered.push(rawBody.length);
        return { status: 200, body: { status: 'stored' } };
      },
      readiness: async () => ({ ready: true, checks: {} }),
      metrics: createMetrics(),
      log: captureLogger(),
      ask: async (request) => {
        asked.push(request);
        return { response: 'ok' } as never;
      },
      rollout: () => ({}),
    });
    ({ url, close } = await listen(app));
  });
  afterAll(() => close());

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
