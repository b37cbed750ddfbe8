import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPgDb, createPgliteDb, runMigrations, type Db } from '../../src/db/index.ts';
import { captureLogger } from '../fakes/logger.ts';

export const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The databases every DB test runs on: PGlite always, PostgreSQL too when TEST_DATABASE_URL is set. */
export const DATABASES: { name: 'pglite' | 'postgres'; open: () => Promise<TestDb> }[] = [
  { name: 'pglite', open: openPglite },
  ...(process.env.TEST_DATABASE_URL ? [{ name: 'postgres' as const, open: openPostgres }] : []),
];

/** A migrated, empty database of its own, and how to throw it away. */
export type TestDb = { db: Db; schema: string | null; drop(): Promise<void> };

async function openPglite(): Promise<TestDb> {
  const db = await createPgliteDb();
  await runMigrations(db, MIGRATIONS);
  return { db, schema: null, drop: () => db.close() };
}

/** A schema of its own on the test server, so parallel runs and files never collide. */
async function openPostgres(): Promise<TestDb> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const url = process.env.TEST_DATABASE_URL!;
  const db = await createPgDb({ url, schema, log: captureLogger() });
  await runMigrations(db, MIGRATIONS);
  return {
    db,
    schema,
    drop: async () => {
      await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}

/** Empties every table (between tests that share one database). */
export async function truncateAll(db: Db): Promise<void> {
  await db.exec(
    'TRUNCATE webhook_events, openphone_calls, extracted_knowledge, proposals, sop_shadow_comparisons, sop_decisions, sop_metrics, gap_marks, gap_digests, jobs, openphone_conversation_entries, openphone_conversations RESTART IDENTITY CASCADE',
  );
}
