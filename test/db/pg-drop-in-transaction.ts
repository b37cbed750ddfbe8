/**
 * Run by pg-db.test.ts in a child process (a crash must not take the test runner down): the server
 * drops the connection of a transaction while it waits between two statements. Prints one JSON
 * line per step; exits 0 when the process survived.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createPgDb, isUnavailable } from '../../src/db/index.ts';
import { captureLogger } from '../fakes/logger.ts';

const db = await createPgDb({ url: process.env.TEST_DATABASE_URL!, log: captureLogger() });
const error = await db
  .transaction(async (tx) => {
    const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await db.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]); // from another pooled connection
    await sleep(300); // e.g. awaiting an HTTP call inside the transaction
    await tx.query('SELECT 1');
  })
  .then(
    () => null,
    (e: unknown) => e,
  );
console.log(JSON.stringify({ step: 'transaction', failed: error !== null, unavailable: isUnavailable(error) }));
const { rows } = await db.query<{ ok: number }>('SELECT 1 AS ok');
console.log(JSON.stringify({ step: 'after', ok: rows[0]?.ok }));
await db.close();
