import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './types.ts';

const FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;
const LOCK = 7_302_513; // one advisory lock key for every replica's migrations

export type Migration = { version: string; file: string; sql: string; checksum: string };

/** The migrations of a folder, in order; a misnamed file is an error naming it. */
export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = FILE.exec(file);
      if (!match) throw new Error(`${join(dir, file)}: migration files are named NNN_name.sql (three digits, lower-case name)`);
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: match[1]!, file: join(dir, file), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction under
 * an advisory lock (replicas starting together apply each once). A migration whose file changed
 * after it was applied is an error naming the file.
 */
/** A migration may rewrite a large table, or wait for another replica's. */
const MIGRATION_TIMEOUT_MS = 600_000;

export async function runMigrations(db: Db, dir: string): Promise<string[]> {
  const migrations = readMigrations(dir);
  // Under the lock too: two CREATE TABLE IF NOT EXISTS at once race on PostgreSQL's catalog.
  await db.transaction(
    async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
      await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    },
    { timeoutMs: MIGRATION_TIMEOUT_MS },
  );
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(
      async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
        const { rows } = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [m.version]);
        if (rows[0]) {
          if (rows[0].checksum !== m.checksum) {
            throw new Error(
              `${m.file} was changed after it was applied (recorded checksum ${rows[0].checksum.slice(0, 12)}, file ${m.checksum.slice(0, 12)}): restore it and add a new migration instead`,
            );
          }
          return false;
        }
        await tx.exec(m.sql);
        await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.file.replace(/^.*[\\/]/, ''), m.checksum]);
        return true;
      },
      { timeoutMs: MIGRATION_TIMEOUT_MS },
    );
    if (done) applied.push(m.file);
  }
  return applied;
}
