import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPgDb, createPgliteDb, runMigrations } from '../../src/db/index.ts';
import { startTcpProxy } from '../fakes/tcp-proxy.ts';
import { captureLogger } from '../fakes/logger.ts';
import { DATABASES, MIGRATIONS } from '../db/databases.ts';
import { deliver, messageEvent, SECRET, startTestService } from './test-service.ts';

/** A schema of the test PostgreSQL reached through a TCP proxy the test can cut or black-hole. */
async function behindProxy() {
  const setup = await DATABASES.find((d) => d.name === 'postgres')!.open();
  const target = new URL(process.env.TEST_DATABASE_URL!);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const viaProxy = new URL(target);
  viaProxy.port = String(proxy.port);
  const db = await createPgDb({ url: viaProxy.toString(), schema: setup.schema!, log: captureLogger() });
  const close = async () => {
    await db.close();
    await proxy.stop();
    await setup.drop();
  };
  return { setup, proxy, db, close };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL going away', () => {
  it('answers 503 while it is unreachable, reports unready, and stores the redelivery exactly once', async () => {
    const { setup, proxy, db, close } = await behindProxy();
    const service = await startTestService({
      db,
      secrets: [SECRET],
      readiness: async () => {
        try {
          await db.query('SELECT 1');
          return { ready: true, checks: { database: 'ok' } };
        } catch (error) {
          return { ready: false, checks: { database: (error as Error).message } };
        }
      },
    });
    try {
      expect((await deliver(service.url, messageEvent({ id: 'EV-before' }))).status).toBe(200);

      await proxy.stop();
      const event = messageEvent({ id: 'EV-during' });
      const refused = await deliver(service.url, event);
      expect(refused).toEqual({ status: 503, body: { error: 'database unavailable, retry later' } });
      expect((await fetch(`${service.url}/readyz`)).status).toBe(503);

      await proxy.start();
      const redelivered = await deliver(service.url, event);
      expect(redelivered.status).toBe(200);
      expect(redelivered.body.status).toBe('stored');
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
      const { rows } = await setup.db.query<{ event_id: string }>('SELECT event_id FROM webhook_events ORDER BY id');
      expect(rows.map((r) => r.event_id)).toEqual(['EV-before', 'EV-during']);
    } finally {
      await service.close();
      await close();
    }
  });

  it('behind a network that drops packets, answers 503 within a few seconds instead of hanging, and stores the redelivery once it is back', async () => {
    const { setup, proxy, db, close } = await behindProxy();
    const service = await startTestService({ db, secrets: [SECRET] });
    try {
      expect((await deliver(service.url, messageEvent({ id: 'EV-before' }))).status).toBe(200);
      proxy.blackhole(true);
      const event = messageEvent({ id: 'EV-dropped' });
      const started = performance.now();
      expect(await deliver(service.url, event)).toEqual({ status: 503, body: { error: 'database unavailable, retry later' } });
      // The server's 5 s statement limit cannot help when nothing reaches it: the client's own (6 s) must.
      expect(performance.now() - started).toBeLessThan(10_000);
      proxy.blackhole(false);
      const redelivered = await deliver(service.url, event);
      expect(redelivered.status).toBe(200);
      const { rows } = await setup.db.query<{ event_id: string }>('SELECT event_id FROM webhook_events ORDER BY id');
      expect(rows.map((r) => r.event_id)).toEqual(['EV-before', 'EV-dropped']);
    } finally {
      await service.close();
      await close();
    }
  }, 30_000);
});

describe('PGlite closed under the service', () => {
  it('answers 503, and the event is stored once when redelivered after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-pglite-'));
    try {
      const first = await createPgliteDb({ dataDir: dir });
      await runMigrations(first, MIGRATIONS);
      const before = await startTestService({ db: first, secrets: [SECRET] });
      await first.close();
      const event = messageEvent({ id: 'EV-closed' });
      expect(await deliver(before.url, event)).toEqual({ status: 503, body: { error: 'database unavailable, retry later' } });
      await before.close();

      const second = await createPgliteDb({ dataDir: dir });
      const after = await startTestService({ db: second, secrets: [SECRET] });
      expect((await deliver(after.url, event)).body.status).toBe('stored');
      expect((await deliver(after.url, event)).body.status).toBe('duplicate');
      expect((await second.query('SELECT count(*)::int AS n FROM webhook_events')).rows).toEqual([{ n: 1 }]);
      await after.close();
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
