/**
 * `sop serve` shares its PGlite over a Unix socket: socket clients (the `pg` Db other `sop` commands
 * use) and the process's own statements take turns on the one PGlite session, whole transactions at a
 * time. Real PGlite, real socket, real `pg` clients.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPgDb, createPgliteDb, openDb, runMigrations, type Db } from '../../src/db/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { MIGRATIONS } from './databases.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sop-share-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const socketOf = (dataDir: string) => join(dataDir, 'socket', '.s.PGSQL.5432');

// A fresh data folder takes PGlite's initdb (half a minute on a busy machine); each test copies this one.
let template: string;
beforeAll(async () => {
  template = join(mkdtempSync(join(tmpdir(), 'sop-share-template-')), 'pglite');
  const db = await createPgliteDb({ dataDir: template });
  await db.exec('CREATE TABLE t (x int); CREATE TABLE counter (n int); INSERT INTO counter VALUES (0)');
  await db.close();
  return () => rmSync(join(template, '..'), { recursive: true, force: true });
}, 180_000);

/** A data folder of its own, with tables `t (x)` and `counter (n = 0)`. */
function dataFolder(): string {
  const dataDir = join(tempDir(), 'pglite');
  cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

/** The owner (what `sop serve` opens) and a socket client of it (what another `sop` command gets). */
async function openShared(): Promise<{ dataDir: string; owner: Db; client: () => Promise<Db> }> {
  const dataDir = dataFolder();
  const owner = await createPgliteDb({ dataDir, share: true, log: captureLogger() });
  cleanups.push(() => owner.close());
  const client = async () => {
    const db = await createPgDb({
      url: `postgresql://postgres@localhost:5432/postgres?host=${encodeURIComponent(join(dataDir, 'socket'))}`,
      max: 1,
      log: captureLogger(),
    });
    cleanups.push(() => db.close());
    return db;
  };
  return { dataDir, owner, client };
}

const values = async (db: Db) => (await db.query<{ x: number }>('SELECT x FROM t ORDER BY x')).rows.map((r) => r.x);

describe('PGlite shared over a socket', { timeout: 60_000 }, () => {
  it('serves on a private socket beside the lock, and removes both on close', async () => {
    const dataDir = dataFolder();
    const owner = await createPgliteDb({ dataDir, share: true });
    const socket = socketOf(dataDir);
    expect(statSync(socket).isSocket()).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'socket')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(join(dataDir, 'sop.socket'), 'utf8'))).toEqual({ pid: process.pid, path: socket });
    await owner.close();
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(join(dataDir, 'sop.socket'))).toBe(false);
    expect(existsSync(join(dataDir, 'sop.lock'))).toBe(false);
  });

  it("never runs the service's statement inside a socket client's transaction: it waits, and survives the client's rollback", async () => {
    const { owner, client } = await openShared();
    const cli = await client();
    const order: string[] = [];
    let inside!: () => void;
    const begun = new Promise<void>((r) => (inside = r));
    const transaction = cli
      .transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (1)');
        inside();
        await sleep(300);
        await tx.query('INSERT INTO t VALUES (2)');
        order.push('client rolls back');
        throw new Error('the client changes its mind');
      })
      .catch((e: Error) => e.message);
    await begun;
    await owner.query('INSERT INTO t VALUES (100)');
    order.push('service inserted');
    expect(await transaction).toBe('the client changes its mind');
    expect(order).toEqual(['client rolls back', 'service inserted']);
    expect(await values(owner)).toEqual([100]);
    expect(await values(cli)).toEqual([100]);
  });

  it("never runs a socket client's statement inside the service's transaction", async () => {
    const { owner, client } = await openShared();
    const cli = await client();
    await cli.query('SELECT 1'); // connected before the service's transaction starts
    let inside!: () => void;
    const begun = new Promise<void>((r) => (inside = r));
    const transaction = owner
      .transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (1)');
        inside();
        await sleep(300);
        throw new Error('the service rolls back');
      })
      .catch((e: Error) => e.message);
    await begun;
    await cli.query('INSERT INTO t VALUES ($1)', [200]);
    expect(await transaction).toBe('the service rolls back');
    expect(await values(owner)).toEqual([200]);
  });

  it('serialises two socket clients and the service whole transactions at a time: no lost update, every parameterised answer its own', {
    timeout: 30_000,
  }, async () => {
    const { owner, client } = await openShared();
    const [a, b] = [await client(), await client()];
    const increment = (db: Db) =>
      db.transaction(async (tx) => {
        const n = (await tx.query<{ n: number }>('SELECT n FROM counter')).rows[0]!.n;
        await sleep(1); // the others' turn, if the session let them in
        await tx.query('UPDATE counter SET n = $1', [n + 1]);
      });
    const echo = async (db: Db, i: number) =>
      (await db.query<{ v: string }>('SELECT $1::text || $2::text AS v', [String(i), db === owner ? 's' : db === a ? 'a' : 'b'])).rows[0]!.v;
    const work = [owner, a, b].flatMap((db) => Array.from({ length: 15 }, (_, i) => Promise.all([increment(db), echo(db, i)]).then(([, v]) => v)));
    const answers = await Promise.all(work);
    expect(answers).toEqual(['s', 'a', 'b'].flatMap((who) => Array.from({ length: 15 }, (_, i) => `${i}${who}`)));
    expect((await owner.query<{ n: number }>('SELECT n FROM counter')).rows[0]!.n).toBe(45);
  });

  it('rolls back the transaction of a client that goes away, and the service carries on', async () => {
    const { dataDir, owner } = await openShared();
    const raw = new pg.Client({ host: join(dataDir, 'socket'), port: 5432, user: 'postgres', database: 'postgres' });
    await raw.connect();
    await raw.query('BEGIN');
    await raw.query('INSERT INTO t VALUES (7)');
    raw.on('error', () => {});
    (raw as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await owner.query('INSERT INTO t VALUES (8)');
    expect(await values(owner)).toEqual([8]);
    expect(owner.kind).toBe('pglite');
  });

  it("hands a socket client's NOTIFY to the service's listeners", async () => {
    const { owner, client } = await openShared();
    const heard: string[] = [];
    const stop = await owner.listen('sop_deployments', (payload) => heard.push(payload));
    const cli = await client();
    await cli.transaction(async (tx) => {
      await tx.query('SELECT pg_notify($1, $2)', ['sop_deployments', 'v2']);
    });
    for (let i = 0; i < 50 && heard.length === 0; i++) await sleep(20);
    expect(heard).toEqual(['v2']);
    await stop();
  });

  it('opens the database of another live process through its socket, migrations and all', async () => {
    const { dataDir, owner } = await openShared();
    // Another live process holds the folder and shares it: this test's parent stands in for it.
    writeFileSync(join(dataDir, 'sop.lock'), String(process.ppid));
    writeFileSync(join(dataDir, 'sop.socket'), JSON.stringify({ pid: process.ppid, path: socketOf(dataDir) }));
    cleanups.push(() => writeFileSync(join(dataDir, 'sop.lock'), String(process.pid)));
    const db = await openDb({ dataDir, log: captureLogger() });
    cleanups.push(() => db.close());
    expect(db.kind).toBe('postgres');
    expect(await runMigrations(db, MIGRATIONS)).not.toEqual([]);
    await db.query('INSERT INTO t VALUES (5)');
    expect(await values(owner)).toEqual([5]);
    expect((await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations')).rows[0]!.n).toBeGreaterThan(0);
  });

  it('names the fix when the live holder shares nothing, and takes over a stale socket left by a dead one', async () => {
    const dataDir = dataFolder();
    writeFileSync(join(dataDir, 'sop.lock'), String(process.ppid));
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dataDir, 'sop.lock'), old, old); // not starting up: no wait for a socket
    await expect(openDb({ dataDir, log: captureLogger() })).rejects.toThrow(
      `the embedded database in ${dataDir} is in use by process ${process.ppid}, which does not share it: PGlite serves one process, and only \`sop serve\` shares it with other commands`,
    );

    // The holder died, leaving its lock, record and socket file: the next start takes them over.
    writeFileSync(join(dataDir, 'sop.lock'), '999999');
    writeFileSync(join(dataDir, 'sop.socket'), JSON.stringify({ pid: 999999, path: socketOf(dataDir) }));
    mkdirSync(join(dataDir, 'socket'));
    writeFileSync(socketOf(dataDir), 'stale');
    const owner = await createPgliteDb({ dataDir, share: true });
    cleanups.push(() => owner.close());
    expect(statSync(socketOf(dataDir)).isSocket()).toBe(true);
    expect(JSON.parse(readFileSync(join(dataDir, 'sop.socket'), 'utf8')).pid).toBe(process.pid);
  });
});
