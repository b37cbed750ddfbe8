import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPgDb, readMigrations, runMigrations, type Db } from '../../src/db/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { DATABASES, MIGRATIONS, type TestDb } from './databases.ts';

const INITIAL = join(MIGRATIONS, '001_initial.sql');
/** Every migration file of the repository, in order. */
const ALL = readMigrations(MIGRATIONS);
const TABLES = [
  'deployment_state',
  'deployments',
  'embedding_cache',
  'extracted_knowledge',
  'gap_digests',
  'gap_marks',
  'jobs',
  'openphone_calls',
  'openphone_conversation_entries',
  'openphone_conversations',
  'proposals',
  'schema_migrations',
  'sop_decisions',
  'sop_metrics',
  'sop_shadow_comparisons',
  'webhook_events',
];
/** The indexes the code relies on for deduplication (unique) and cheap polling (partial). */
const INDEXES = {
  webhook_events_event_id: { unique: true, partial: false },
  webhook_events_object: { unique: true, partial: true },
  openphone_conversations_provider_id: { unique: true, partial: true },
  idx_openphone_conversations_unprocessed: { unique: false, partial: true },
  jobs_live_key: { unique: true, partial: true },
  idx_sop_decisions_gaps: { unique: false, partial: true },
  jobs_ready: { unique: false, partial: true },
  jobs_running: { unique: false, partial: true },
};

const tables = async (db: Db) =>
  (
    await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE "C"`,
    )
  ).rows.map((r) => r.table_name);
const recorded = async (db: Db) =>
  (await db.query<{ version: string; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')).rows;

/** Drops every table and function of the database's schema: the next runMigrations starts from nothing. */
async function dropAllTables(db: Db): Promise<void> {
  for (const name of await tables(db)) await db.exec(`DROP TABLE IF EXISTS "${name}" CASCADE`);
  const functions = await db.query<{ signature: string }>(
    `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace`,
  );
  for (const { signature } of functions.rows) await db.exec(`DROP FUNCTION IF EXISTS ${signature} CASCADE`);
}

const dirs: string[] = [];
/** A folder holding the given migration files (name -> SQL). */
function migrationDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sop-migrations-'));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}
const withInitial = (files: Record<string, string> = {}) => {
  const dir = migrationDir(files);
  copyFileSync(INITIAL, join(dir, '001_initial.sql'));
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each(DATABASES)('runMigrations on $name', ({ open }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());
  beforeEach(() => dropAllTables(t.db));

  it('creates every table and the unique and partial indexes', async () => {
    expect(await runMigrations(t.db, MIGRATIONS)).toEqual(ALL.map((m) => m.file));
    expect(await tables(t.db)).toEqual(TABLES);
    const { rows } = await t.db.query<{ indexname: string; indexdef: string }>(
      'SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()',
    );
    const found = Object.fromEntries(rows.map((r) => [r.indexname, { unique: /^CREATE UNIQUE INDEX/.test(r.indexdef), partial: / WHERE /.test(r.indexdef) }]));
    expect(found).toMatchObject(INDEXES);
    expect(rows.find((r) => r.indexname === 'jobs_live_key')?.indexdef).toMatch(/\(kind, key\) WHERE \(\(key IS NOT NULL\) AND \(state = ANY/);
  });

  it('applies nothing the second time', async () => {
    expect(await runMigrations(t.db, MIGRATIONS)).toHaveLength(ALL.length);
    expect(await runMigrations(t.db, MIGRATIONS)).toEqual([]);
    expect(await recorded(t.db)).toHaveLength(ALL.length);
  });

  it('records the version, file name and checksum of each migration', async () => {
    await runMigrations(t.db, MIGRATIONS);
    const checksum = createHash('sha256').update(readFileSync(INITIAL)).digest('hex');
    const all = await recorded(t.db);
    expect(all[0]).toEqual({ version: '001', name: '001_initial.sql', checksum });
    expect(all.map((r) => r.name)).toEqual(ALL.map((m) => m.file.replace(/^.*[\\/]/, '')));
    expect(ALL[0]).toEqual({ version: '001', file: INITIAL, sql: readFileSync(INITIAL, 'utf8'), checksum });
  });

  it('refuses a migration changed after it was applied, naming the file', async () => {
    const dir = withInitial();
    expect(await runMigrations(t.db, dir)).toEqual([join(dir, '001_initial.sql')]);
    appendFileSync(join(dir, '001_initial.sql'), '\nCREATE INDEX jobs_kind ON jobs (kind);\n');
    writeFileSync(join(dir, '002_later.sql'), 'CREATE TABLE later (id int);');
    await expect(runMigrations(t.db, dir)).rejects.toThrow(`${join(dir, '001_initial.sql')} was changed after it was applied`);
    expect(await tables(t.db)).not.toContain('later');
    expect(await recorded(t.db)).toHaveLength(1);
  });

  it.each(['1_x.sql', '002_Add_Column.sql', '0002_x.sql', '003-x.sql'])('refuses the misnamed file %s, naming it', async (name) => {
    const dir = withInitial({ [name]: 'SELECT 1;' });
    await expect(runMigrations(t.db, dir)).rejects.toThrow(`${join(dir, name)}: migration files are named NNN_name.sql`);
    expect(await tables(t.db)).toEqual([]);
  });

  it('ignores files that are not .sql', async () => {
    const dir = withInitial({ 'README.md': '# notes', '002_notes.txt': 'not sql' });
    expect(await runMigrations(t.db, dir)).toEqual([join(dir, '001_initial.sql')]);
  });

  it("moves the conversations' messages into entries of their own, in order, and keeps them readable as one array", async () => {
    const dir = migrationDir({});
    for (const m of ALL.filter((m) => m.version < '008')) copyFileSync(m.file, join(dir, m.file.replace(/^.*[\\/]/, '')));
    await runMigrations(t.db, dir);
    const entry = (id: string, text: string) => ({
      id,
      kind: 'message',
      direction: 'incoming',
      from: '+15551230000',
      to: '+15550009999',
      text,
      at: '2026-11-01T10:00:00.000Z',
    });
    const before = [entry('m1', 'the screen froze'), entry('m2', 'still frozen'), entry('m3', 'works now, thanks')];
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO openphone_conversations (phone_number, messages) VALUES ('+15551230000', $1::jsonb), ('+15551239999', '[]'::jsonb) RETURNING id`,
      [JSON.stringify(before)],
    );
    for (const m of ALL.filter((m) => m.version >= '008')) copyFileSync(m.file, join(dir, m.file.replace(/^.*[\\/]/, '')));
    await runMigrations(t.db, dir);
    const read = async (id: string) =>
      (await t.db.query<{ messages: unknown[] }>('SELECT messages FROM openphone_conversations_with_messages WHERE id = $1', [id])).rows[0]!.messages;
    expect(await read(rows[0]!.id)).toEqual(before);
    expect(await read(rows[1]!.id)).toEqual([]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM openphone_conversation_entries')).rows).toEqual([{ n: 3 }]);
  });

  it('rolls back a migration that fails midway and keeps the earlier ones', async () => {
    const broken = 'CREATE TABLE partial_one (id int);\nINSERT INTO partial_one VALUES (1);\nCREATE TABLE partial_two (id int REFERENCES nowhere (id));\n';
    const dir = withInitial({ '002_broken.sql': broken });
    await expect(runMigrations(t.db, dir)).rejects.toThrow(/nowhere/);
    expect(await tables(t.db)).toEqual(
      TABLES.filter(
        (name) =>
          ![
            'proposals',
            'sop_decisions',
            'deployments',
            'deployment_state',
            'embedding_cache',
            'openphone_conversation_entries',
            'gap_marks',
            'gap_digests',
          ].includes(name),
      ),
    );
    expect((await recorded(t.db)).map((r) => r.version)).toEqual(['001']);
    // Once fixed, only the failed one is applied.
    writeFileSync(join(dir, '002_broken.sql'), 'CREATE TABLE partial_one (id int);');
    expect(await runMigrations(t.db, dir)).toEqual([join(dir, '002_broken.sql')]);
    expect((await recorded(t.db)).map((r) => r.version)).toEqual(['001', '002']);
  });
});

const URL_ = process.env.TEST_DATABASE_URL;
describe.skipIf(!URL_)('runMigrations from replicas starting together on PostgreSQL', () => {
  const opened: { db: Db; schema: string }[] = [];
  /** `n` Db objects (separate pools) on one new schema. */
  const replicas = async (n: number) => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const dbs: Db[] = [];
    for (let i = 0; i < n; i++) dbs.push(await createPgDb({ url: URL_!, schema, log: captureLogger() }));
    opened.push(...dbs.map((db) => ({ db, schema })));
    return dbs;
  };
  afterEach(async () => {
    for (const { db, schema } of opened.splice(0)) {
      await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
      await db.close();
    }
  });

  it('applies each migration exactly once once schema_migrations exists', async () => {
    const [a, b] = (await replicas(2)) as [Db, Db];
    await runMigrations(a, migrationDir({})); // creates schema_migrations only
    const dir = withInitial({ '002_counter.sql': 'CREATE TABLE counter (n int); INSERT INTO counter VALUES (1);' });
    const results = await Promise.all([runMigrations(a, dir), runMigrations(b, dir)]);
    expect(results.flat().sort()).toEqual([join(dir, '001_initial.sql'), join(dir, '002_counter.sql')]);
    expect((await recorded(a)).map((r) => r.version)).toEqual(['001', '002']);
    expect((await a.query('SELECT n FROM counter')).rows).toEqual([{ n: 1 }]);
  });

  it('applies each migration exactly once on a fresh database', async () => {
    for (let i = 0; i < 3; i++) {
      const [a, b] = (await replicas(2)) as [Db, Db];
      const results = await Promise.all([runMigrations(a, MIGRATIONS), runMigrations(b, MIGRATIONS)]);
      expect(results.flat().sort()).toEqual(ALL.map((m) => m.file));
    }
  });
});
