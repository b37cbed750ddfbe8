import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../src/db/index.ts';
import { createRuntime } from '../src/main.ts';
import { MIGRATIONS } from './db/databases.ts';
import { repoDocumentCount } from './cli/run-sop.ts';
import { deliver, messageEvent, SECRET } from './http/test-service.ts';

const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sop-service-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// Each start indexes the SOPs, and refits a calibration they made stale: cold starts on a busy machine.
describe('sop serve (the composition root)', { timeout: 120_000 }, () => {
  it('refuses to start in production without a webhook secret', async () => {
    const runtime = createRuntime({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: dataDir() });
    await expect(runtime.startService({ port: 0, worker: false })).rejects.toThrow(
      'OPENPHONE_WEBHOOK_SECRET is required when NODE_ENV=production: set the signing secret(s) of the OpenPhone webhook',
    );
  });

  it.each([['whsec_'], ['a'], ['!!!!!!!!!!!!'], [`${Buffer.from('good key bytes').toString('base64')},short`]])(
    'refuses to start with an unusable secret %j',
    async (secret) => {
      const runtime = createRuntime({ LOG_LEVEL: 'silent', DATA_DIR: dataDir(), OPENPHONE_WEBHOOK_SECRET: secret });
      await expect(runtime.startService({ port: 0, worker: false })).rejects.toThrow(/^OPENPHONE_WEBHOOK_SECRET: entry \d is not a signing key/);
    },
  );

  it('runs on embedded defaults: migrated PGlite, the SOP index, health, readiness, metrics and unsigned webhooks in development', async () => {
    const service = await createRuntime({ LOG_LEVEL: 'silent', DATA_DIR: dataDir(), PROPOSALS_REPO: dataDir() }).startService({ port: 0, worker: true });
    try {
      const health = await fetch(`${service.url}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      // Idle connections are kept longer than a load balancer's 60 s (HTTP_KEEP_ALIVE_TIMEOUT_MS).
      expect(health.headers.get('keep-alive')).toBe('timeout=65');
      const ready = await fetch(`${service.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { database: 'ok', sops: `${repoDocumentCount()} documents indexed`, version: expect.stringMatching(/^local-[0-9a-f]{12}$/) },
      });
      const res = await deliver(service.url, messageEvent({ id: 'EV-unsigned' }), { scheme: 'none' });
      expect(res.status).toBe(200);
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toContain('sop_webhook_events_total{outcome="stored",type="message.received"} 1');
      expect(metrics).toMatch(/sop_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/);
      expect((await service.db.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(
        readMigrations(MIGRATIONS).map((m) => ({ version: m.version })),
      );
    } finally {
      await service.close();
    }
  });

  it('reports a busy port as such, and leaves nothing open', async () => {
    const first = await createRuntime({ LOG_LEVEL: 'silent', DATA_DIR: dataDir() }).startService({ port: 0, worker: false });
    try {
      const port = Number(new URL(first.url).port);
      await expect(createRuntime({ LOG_LEVEL: 'silent', DATA_DIR: dataDir() }).startService({ port, worker: false })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });

  it('refuses to run the worker alone on the embedded database', async () => {
    await expect(createRuntime({ LOG_LEVEL: 'silent', DATA_DIR: dataDir() }).startWorker()).rejects.toThrow(
      'sop worker needs DATABASE_URL: with the embedded database the worker runs inside `sop serve`',
    );
  });

  it('requires a signature once a secret is configured, and accepts a comma-separated rotation', async () => {
    const other = Buffer.from('the previous key').toString('base64');
    const service = await createRuntime({ LOG_LEVEL: 'silent', DATA_DIR: dataDir(), OPENPHONE_WEBHOOK_SECRET: `${other}, ${SECRET}` }).startService({
      port: 0,
      worker: false,
    });
    try {
      expect((await deliver(service.url, messageEvent(), { scheme: 'none' })).status).toBe(401);
      expect((await deliver(service.url, messageEvent(), { secret: SECRET })).status).toBe(200);
      expect((await deliver(service.url, messageEvent(), { secret: other })).status).toBe(200);
    } finally {
      await service.close();
    }
  });
});
