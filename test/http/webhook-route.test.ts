/**
 * The webhook's own HTTP path (served on node:http, not through Express): the paths Express would
 * match, compressed bodies, limits, the client address behind a trusted proxy, the request id, the
 * access log and the metrics, a failing handler and a client gone mid-upload.
 */
import { request } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createMetrics, MAX_BODY_BYTES } from '../../src/http/index.ts';
import type { WebhookHandler } from '../../src/openphone/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { listen } from './listen.ts';

describe('the webhook route', () => {
  const received: string[] = [];
  const metrics = createMetrics();
  const log = captureLogger();
  let fail = false;
  let url: string;
  let close: () => Promise<void>;
  const webhook: WebhookHandler = async ({ rawBody }) => {
    if (fail) throw new Error('the store broke');
    received.push(rawBody.toString('utf8'));
    return { status: 200, body: { status: 'stored' } };
  };
  beforeAll(async () => {
    ({ url, close } = await listen(
      createApp({ webhook, readiness: async () => ({ ready: true, checks: {} }), metrics, log, ask: async () => ({}) as never, rollout: () => ({}) }),
    ));
  });
  afterAll(() => close());
  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('is served at the paths Express would match, with the exact bytes; other methods are not', async () => {
    for (const path of ['/api/openphone/webhook', '/api/openphone/webhook/', '/API/OpenPhone/Webhook', '/api/openphone/webhook?source=openphone']) {
      received.length = 0;
      const res = await post(path, `{"at":"${path}"}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'stored' });
      expect(received).toEqual([`{"at":"${path}"}`]);
    }
    expect((await fetch(`${url}/api/openphone/webhook`)).status).toBe(404);
    expect((await post('/api/openphone/webhooks', '{}')).status).toBe(404);
  });

  it('decompresses gzip and deflate bodies, and refuses other encodings, corrupt data and bombs', async () => {
    received.length = 0;
    expect((await post('/api/openphone/webhook', gzipSync('{"packed":"gzip"}'), { 'content-encoding': 'gzip' })).status).toBe(200);
    expect((await post('/api/openphone/webhook', deflateSync('{"packed":"deflate"}'), { 'content-encoding': 'deflate' })).status).toBe(200);
    expect(received).toEqual(['{"packed":"gzip"}', '{"packed":"deflate"}']);
    received.length = 0;
    const unknown = await post('/api/openphone/webhook', '{}', { 'content-encoding': 'compress' });
    expect(unknown.status).toBe(415);
    expect(await unknown.json()).toEqual({ error: 'unsupported content encoding "compress": send gzip, deflate, br or none' });
    expect((await post('/api/openphone/webhook', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' })).status).toBe(400);
    // 1 MB of zeros packs into about 1 KB: the limit counts what it unpacks to.
    const bomb = await post('/api/openphone/webhook', gzipSync(Buffer.alloc(MAX_BODY_BYTES + 1, 48)), { 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);
    expect(await bomb.json()).toEqual({ error: `request body over ${MAX_BODY_BYTES} bytes` });
    expect(received).toEqual([]);
  });

  it('echoes a well-formed request id, labels the access log and the metrics with the route', async () => {
    const res = await post('/api/openphone/webhook', '{}', { 'x-request-id': 'delivery-42' });
    expect(res.headers.get('x-request-id')).toBe('delivery-42');
    const forged = await post('/api/openphone/webhook', '{}', { 'x-request-id': 'x" "msg":"forged' });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const line = log.entries.find((e) => e.args[1] === 'request' && (e.args[0] as { requestId?: string }).requestId === 'delivery-42');
    expect(line).toMatchObject({ level: 'info', args: [{ method: 'POST', route: '/api/openphone/webhook', status: 200 }, 'request'] });
    expect(await metrics.registry.getSingleMetricAsString('sop_http_request_duration_seconds')).toMatch(
      /_count\{method="POST",route="\/api\/openphone\/webhook",status="200"\} \d+/,
    );
  });

  it('answers 500 when the handler throws, logs it, and goes on serving', async () => {
    fail = true;
    try {
      const res = await post('/api/openphone/webhook', '{}');
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal error' });
      expect(log.entries.some((e) => e.level === 'error' && (e.args[0] as { err?: string }).err === 'the store broke')).toBe(true);
    } finally {
      fail = false;
    }
    expect((await post('/api/openphone/webhook', '{}')).status).toBe(200);
  });

  it('survives a client that leaves mid-upload, and hands nothing over', async () => {
    received.length = 0;
    const target = new URL(`${url}/api/openphone/webhook`);
    await new Promise<void>((resolve) => {
      const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-length': '1000' } });
      req.on('error', () => resolve());
      req.write('{"half":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    expect((await post('/api/openphone/webhook', '{"after":1}')).status).toBe(200);
    expect(received).toEqual(['{"after":1}']);
  });
});

describe('the webhook rate limit behind a proxy', () => {
  const deliverFrom = (url: string, forwardedFor: string) =>
    fetch(`${url}/api/openphone/webhook`, { method: 'POST', headers: { 'x-forwarded-for': forwardedFor }, body: '{}' });
  const serve = (trustProxy: string) =>
    listen(
      createApp({
        webhook: async () => ({ status: 200, body: {} }),
        readiness: async () => ({ ready: true, checks: {} }),
        metrics: createMetrics(),
        log: captureLogger(),
        ask: async () => ({}) as never,
        rollout: () => ({}),
        trustProxy,
        rateLimits: { webhook: { perSecond: 1, burst: 1 } },
      }),
    );

  it('counts each forwarded address apart when TRUST_PROXY names the proxy, and ignores the header otherwise', async () => {
    const trusted = await serve('loopback');
    try {
      expect([
        (await deliverFrom(trusted.url, '198.51.100.1')).status,
        (await deliverFrom(trusted.url, '198.51.100.2')).status,
        (await deliverFrom(trusted.url, '198.51.100.1')).status,
      ]).toEqual([200, 200, 429]);
    } finally {
      await trusted.close();
    }
    const untrusted = await serve('none');
    try {
      expect([(await deliverFrom(untrusted.url, '198.51.100.1')).status, (await deliverFrom(untrusted.url, '198.51.100.2')).status]).toEqual([200, 429]);
    } finally {
      await untrusted.close();
    }
  });
});
