import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPgDb, isUnavailable, type Db } from '../../src/db/index.ts';
import { captureLogger } from '../fakes/logger.ts';

const URL_ = process.env.TEST_DATABASE_URL;
const CHILD = fileURLToPath(new URL('./pg-drop-in-transaction.ts', import.meta.url));

describe.skipIf(!URL_)('PostgreSQL Db', () => {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const app = `sop_${schema}`; // tags the pool's connections in pg_stat_activity
  let log: ReturnType<typeof captureLogger>;
  let db: Db;
  let admin: Db;
  const values = async () => (await db.query<{ v: string }>('SELECT v FROM items ORDER BY v')).rows.map((r) => r.v);

  beforeAll(async () => {
    const url = new URL(URL_!);
    url.searchParams.set('application_name', app);
    log = captureLogger();
    db = await createPgDb({ url: url.toString(), schema, log, max: 4 });
    admin = await createPgDb({ url: URL_!, log: captureLogger(), max: 1 });
    await db.exec('CREATE TABLE items (v text PRIMARY KEY)');
  });
  afterAll(async () => {
    await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await Promise.all([db.close(), admin.close()]);
  });
  beforeEach(() => db.exec('TRUNCATE items'));

  it('works in its own schema', async () => {
    expect((await db.query('SELECT current_schema() AS s')).rows).toEqual([{ s: schema }]);
    expect(db.kind).toBe('postgres');
  });

  it('commits a transaction that resolves, on one connection, unseen by others until then', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO items VALUES ($1)', ['a']);
      await tx.exec("INSERT INTO items VALUES ('b'); INSERT INTO items VALUES ('c')");
      expect((await tx.query('SELECT count(*)::int AS n FROM items')).rows).toEqual([{ n: 3 }]);
      expect(await values()).toEqual([]); // another pooled connection
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(await values()).toEqual(['a', 'b', 'c']);
  });

  it('rolls back a transaction that throws, and rethrows', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items VALUES ($1)', ['a']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(db.transaction((tx) => tx.exec("INSERT INTO items VALUES ('b'); INSERT INTO items VALUES ('b')"))).rejects.toMatchObject({ code: '23505' });
    expect(await values()).toEqual([]);
    // The connections went back to the pool usable (not stuck in an aborted transaction).
    await Promise.all([1, 2, 3, 4].map((i) => db.query('INSERT INTO items VALUES ($1)', [`x${i}`])));
    expect(await values()).toHaveLength(4);
  });

  it('recovers after the server terminates its idle connections, without crashing', async () => {
    await Promise.all([1, 2, 3].map(() => db.query('SELECT pg_sleep(0.02)'))); // three pooled connections
    const before = log.warnings().length;
    const { rows } = await admin.query<{ n: number }>('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1', [
      app,
    ]);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(3);
    // Each dropped idle connection is reported to the pool's error handler, not thrown.
    await vi.waitFor(() => expect(log.warnings().length - before).toBe(rows[0]!.n));
    expect(log.warnings().at(-1)?.args).toEqual([{ err: 'terminating connection due to administrator command' }, 'idle PostgreSQL connection closed']);
    expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    await db.transaction((tx) => tx.query("INSERT INTO items VALUES ('after')"));
    expect(await values()).toEqual(['after']);
  });

  it('gives a query on a just-terminated connection an error isUnavailable recognises', async () => {
    await db.query('SELECT 1');
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app]);
    // Whether this reaches a dead connection before the pool noticed is a race: either outcome is fine,
    // but a failure must be one a caller retries.
    const outcome = await db.query('SELECT 1 AS ok').then(
      () => 'ok',
      (e: unknown) => (isUnavailable(e) ? 'unavailable' : e),
    );
    expect(['ok', 'unavailable']).toContain(outcome);
    await vi.waitFor(async () => expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]));
  });

  it('survives the connection of an open transaction being terminated', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, TEST_DATABASE_URL: URL_ },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.stderr).not.toMatch(/Unhandled 'error' event/);
    expect(child.status).toBe(0);
    expect(
      child.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { step: 'transaction', failed: true, unavailable: true },
      { step: 'after', ok: 1 },
    ]);
  });
});

describe.skipIf(!URL_)('isUnavailable', () => {
  it('is true when nothing listens on the port, false for a bad statement', async () => {
    const down = await createPgDb({ url: 'postgres://postgres@127.0.0.1:1/test', log: captureLogger() });
    const refused = await down.query('SELECT 1').catch((e: unknown) => e);
    await down.close();
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isUnavailable(refused)).toBe(true);
    await expect(createPgDb({ url: 'postgres://postgres@127.0.0.1:1/test', schema: 'x', log: captureLogger() }).catch(isUnavailable)).resolves.toBe(true);

    const up = await createPgDb({ url: URL_!, log: captureLogger(), max: 1 });
    const syntax = await up.query('SELEC 1').catch((e: unknown) => e);
    const missing = await up.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    await up.close();
    expect(syntax).toMatchObject({ code: '42601' });
    expect(isUnavailable(syntax)).toBe(false);
    expect(isUnavailable(missing)).toBe(false);
    expect(isUnavailable('ECONNREFUSED')).toBe(false);
  });
});
