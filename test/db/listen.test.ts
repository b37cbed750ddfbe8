/** The PostgreSQL LISTEN connection (deploys reach every server through it) comes back after a drop. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTEN_APPLICATION } from '../../src/db/pg-db.ts';
import { DATABASES, type TestDb } from './databases.ts';

const postgres = DATABASES.filter((d) => d.name === 'postgres');

async function until(what: string, done: () => boolean, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(postgres.length === 0).each(postgres)('LISTEN on $name', ({ open }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());

  it('opens its connection again when the server drops it, says a notification may have been missed, and hears the next one', { timeout: 30_000 }, async () => {
    const channel = `sop_test_${randomBytes(4).toString('hex')}`;
    const heard: string[] = [];
    const stop = await t.db.listen(channel, (payload) => heard.push(payload));
    try {
      await t.db.query('SELECT pg_notify($1, $2)', [channel, 'before']);
      await until('the first notification', () => heard.includes('before'));

      const killed = await t.db.query<{ n: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND query = $2`,
        [LISTEN_APPLICATION, `LISTEN ${channel}`],
      );
      expect(killed.rows[0]!.n).toBe(1);
      await until('the catch-up call after the connection is open again', () => heard.includes(''));

      await t.db.query('SELECT pg_notify($1, $2)', [channel, 'after']);
      await until('a notification after the drop', () => heard.includes('after'));
    } finally {
      await stop();
    }
    const listening = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND query = $2', [
      LISTEN_APPLICATION,
      `LISTEN ${channel}`,
    ]);
    expect(listening.rows[0]!.n).toBe(0);
  });
});
