// Webhook ingest, for `npm run bench -- webhook`, on PostgreSQL and on PGlite: signed events evenly
// paced (three runs) and as fast as possible, against bare single-row INSERTs on the same database in
// the same run; the WAL flushes and bytes per event; the store alone, without HTTP.
// The service is `sop serve` in a process of its own, as `npm start` runs it; its CPU time per event is
// its own, from its /metrics. The generator (bench/webhook-load.ts) is a third process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJobQueue, type Db } from '../src/db/index.ts';
import { createRuntime } from '../src/main.ts';
import { createConversationStore, parseEvent } from '../src/openphone/index.ts';
import { messageEventBody, runGenerator } from './generator.ts';
import type { BenchRow } from './report.ts';
import { type ServeProcess, startServeProcess } from './serve-process.ts';

const COMMAND = 'npm run bench';
const ms = (x: number) => `${x.toFixed(3)} ms`;

type Load = {
  sent: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: number;
  generatorCpuMs: number;
  /** The generator's own warm-up before its clock started (stored like the rest), when it had one. */
  warmup: { sent: number; statuses: Record<string, number>; errors: number } | null;
};

/** Events a load sent, its warm-up's included (they are stored like the rest). */
const sentWithWarmup = (l: Load): number => l.sent + (l.warmup?.sent ?? 0);

/** The webhook load generator (bench/webhook-load.ts) against a webhook URL. */
function runLoad(url: string, rate: number, seconds: number, concurrency: number, secret: string, prefix: string, warmupSeconds = 0): Promise<Load> {
  return runGenerator<Load>('webhook-load.ts', [url, rate, seconds, concurrency, secret, prefix, warmupSeconds]);
}

/** What `bench/disk-probe.ts` reports: the disk's own fdatasync latency over a run. */
type DiskProbe = { flushes: number; p50: number; p99: number; max: number; over50ms: number };

/** Flushes a small append in the temporary directory every 10 ms for `seconds`, in its own process. */
function probeDisk(seconds: number): Promise<DiskProbe> {
  return runGenerator<DiskProbe>('disk-probe.ts', [tmpdir(), seconds, 10]);
}

/** Single-row INSERTs, `concurrency` at a time, for `seconds`: the physical limit of one write per event. Returns how many. */
async function bareInserts(db: Db, seconds: number, concurrency: number): Promise<number> {
  await db.exec('CREATE TABLE IF NOT EXISTS bench_inserts (id bigserial PRIMARY KEY, payload jsonb NOT NULL)');
  const payload = JSON.stringify({ text: 'hi, the ball is not registering in bay 2, can you help?' });
  const end = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await db.query('INSERT INTO bench_inserts (payload) VALUES ($1::jsonb)', [payload]);
        n++;
      }
    }),
  );
  return n;
}

type Wal = { syncs: number; bytes: number };

/** PostgreSQL's WAL flushes (fsyncs) and bytes so far, cluster-wide (`pg_stat_wal`, PostgreSQL 14+); null without a PostgreSQL connection. */
async function walCounters(db: Db | null): Promise<Wal | null> {
  if (db?.kind !== 'postgres') return null;
  const { rows } = await db.query<Wal>('SELECT wal_sync::float8 AS syncs, wal_bytes::float8 AS bytes FROM pg_stat_wal');
  return rows[0] ?? null;
}

/** Runs `work`; returns its result with the WAL flushes and bytes it caused per `count(result)` items, and the same for `cpuMs` when given. */
async function perItem<T>(
  db: Db | null,
  work: () => Promise<T>,
  count: (result: T) => number,
  cpuMs?: () => Promise<number>,
): Promise<{ result: T; cpuMs: number | null; wal: Wal | null }> {
  const wal0 = await walCounters(db);
  const cpu0 = await cpuMs?.();
  const result = await work();
  const cpu1 = await cpuMs?.();
  const wal1 = await walCounters(db);
  const n = Math.max(1, count(result));
  return {
    result,
    cpuMs: cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / n : null,
    wal: wal0 && wal1 ? { syncs: (wal1.syncs - wal0.syncs) / n, bytes: (wal1.bytes - wal0.bytes) / n } : null,
  };
}

type Target = { name: string; url?: string };

/** Measures one database; null (and a row saying so) when its service does not start, such as PostgreSQL not running. */
async function measure(target: Target, rows: BenchRow[]): Promise<Record<string, unknown> | null> {
  const secret = Buffer.from('a benchmark signing key').toString('base64');
  const schema = `bench_${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'sop-bench-db-'));
  const env = {
    ...process.env,
    LOG_LEVEL: 'warn',
    OPENAI_API_KEY: '',
    DATABASE_URL: target.url ?? '',
    DATABASE_SCHEMA: target.url ? schema : '',
    DATA_DIR: dataDir,
    OPENPHONE_WEBHOOK_SECRET: secret,
    // The generator is one source sending as fast as it can: capacity, not the per-source limit, is measured.
    RATE_LIMIT_WEBHOOK_PER_SECOND: '0',
  };
  /** The service's database as this process reaches it. */
  const openOwn = () => createRuntime({ ...env, LOG_LEVEL: 'silent' }).openDatabase();
  let service: ServeProcess | null = null;
  // PostgreSQL: the bench's own connection beside the service, for the WAL counters. PGlite: its
  // folder is the service's until it stops; the bench opens it afterwards.
  let db: Db | null = null;
  try {
    try {
      service = await startServeProcess(env);
    } catch (error) {
      rows.push({ figure: `webhook ingestion on ${target.name}`, value: `skipped: ${(error as Error).message.split('\n')[0]}`, command: COMMAND });
      return null;
    }
    if (target.url) db = await openOwn();
    const url = `${service.url}/api/openphone/webhook`;
    const rate = target.url ? 1000 : 300;
    await runLoad(url, 0, 2, 16, secret, `warm-${schema}`);
    // Three 10-second runs at the fixed rate, each after a second of the same rate that is not timed
    // (the generator's start-up); the median run (by p99) is reported, all three are kept.
    // Beside each run, the disk's own flush latency: a commit waits for one, and a slow one holds
    // every event of its group commit.
    const runs: (Load & { serviceCpuMs: number | null; disk: DiskProbe })[] = [];
    for (let r = 0; r < 3; r++) {
      const [run, disk] = await Promise.all([
        // The service's CPU time covers the warm-up too, so it is shared over the warm-up's events as well.
        perItem(db, () => runLoad(url, rate, 10, 64, secret, `rate${r}-${schema}`, 1), sentWithWarmup, service.cpuMs),
        probeDisk(12),
      ]);
      runs.push({ ...run.result, serviceCpuMs: run.cpuMs, disk });
    }
    const sustained = [...runs].sort((a, b) => a.p99 - b.p99)[1]!;
    const max = await perItem(
      db,
      () => runLoad(url, 0, 5, 32, secret, `max-${schema}`),
      (l) => l.sent,
      service.cpuMs,
    );
    await service.close();
    service = null;
    db ??= await openOwn();
    const own = db;
    const insertSeconds = 5;
    const inserts = await perItem(
      own,
      () => bareInserts(own, insertSeconds, 32),
      (n) => n,
    );
    // The database's own share: the store alone (no HTTP, no signature), 4,000 texts handed over at
    // once, so they go in group commits of up to 200. Its inverse is what one writer can reach.
    const store = createConversationStore({ db: own, queue: createJobQueue({ db: own }), windowMs: 86_400_000, quietMs: 1_800_000 });
    const direct = Array.from({ length: 4000 }, (_, i) =>
      messageEventBody(`direct-${schema}`, i, 'hi, the ball is not registering in bay 2, can you help?'),
    ).map((body) => parseEvent(JSON.parse(body), null, body));
    const storeStarted = performance.now();
    await Promise.all(direct.map((event) => store.ingest(event)));
    const storeMsPerEvent = (performance.now() - storeStarted) / direct.length;
    const insertsPerSecond = inserts.result / insertSeconds;
    const stored = async (prefix: string) =>
      (await own.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events WHERE event_id LIKE $1', [`${prefix}-%`])).rows[0]!.n;
    const sustainedRows = (await Promise.all(runs.map((_, r) => stored(`rate${r}-${schema}`)))).reduce((a, b) => a + b, 0);
    const maxRows = await stored(`max-${schema}`);
    const acked = (l: Load) => (l.statuses['200'] ?? 0) + (l.warmup?.statuses['200'] ?? 0);
    const failed = (l: Load) => l.errors + (l.warmup?.errors ?? 0);
    const cpu = (x: number | null) => (x === null ? 'not measured' : ms(x));
    rows.push({
      figure: `webhook on ${target.name}, ${rate} events/s for 10 s (median of 3 runs): achieved / p50 / p99`,
      value: `${sustained.perSecond.toFixed(0)}/s / ${ms(sustained.p50)} / ${ms(sustained.p99)} (p99 of the runs: ${runs.map((r) => r.p99.toFixed(0)).join(', ')} ms)`,
      target: target.url ? '>= 1,000/s with p99 < 50 ms' : undefined,
      command: COMMAND,
    });
    rows.push({
      figure: `webhook on ${target.name}, ${rate} events/s: the disk's own flush during each run (a 128-byte append and fdatasync every 10 ms): p99 / max`,
      value: runs.map((r) => `${ms(r.disk.p99)} / ${ms(r.disk.max)}`).join('; '),
      reference: `the runs' p99: ${runs.map((r) => ms(r.p99)).join('; ')}`,
      command: COMMAND,
    });
    rows.push({
      figure: `webhook on ${target.name}, ${rate} events/s: the service's CPU time per event (median run) / the generator's`,
      value: `${cpu(sustained.serviceCpuMs)} / ${ms(sustained.generatorCpuMs)}`,
      command: COMMAND,
    });
    rows.push({
      figure: `webhook on ${target.name}: sent / acknowledged / rows stored / errors`,
      value: `${[...runs, max.result].reduce((n, r) => n + sentWithWarmup(r), 0)} / ${[...runs, max.result].reduce((n, r) => n + acked(r), 0)} / ${sustainedRows + maxRows} / ${[...runs, max.result].reduce((n, r) => n + failed(r), 0)}`,
      target: 'no event lost or duplicated',
      command: COMMAND,
    });
    rows.push({
      figure: `webhook on ${target.name}, as fast as possible (32 in flight)`,
      value: `${max.result.perSecond.toFixed(0)} events/s, p99 ${ms(max.result.p99)}, the service's CPU time per event ${cpu(max.cpuMs)}`,
      reference: `bare single-row INSERTs, 32 at a time: ${insertsPerSecond.toFixed(0)}/s (ratio ${(max.result.perSecond / insertsPerSecond).toFixed(2)})`,
      target: target.url ? 'ratio >= 0.50' : undefined,
      command: COMMAND,
    });
    rows.push({
      figure: `webhook on ${target.name}: the store alone, 4,000 texts in group commits of up to 200 (no HTTP): time per event`,
      value: `${ms(storeMsPerEvent)} (${(1000 / storeMsPerEvent).toFixed(0)} events/s)`,
      command: COMMAND,
    });
    if (max.wal && inserts.wal) {
      rows.push({
        figure: `webhook on ${target.name}, as fast as possible: WAL flushes / WAL bytes per event`,
        value: `${max.wal.syncs.toFixed(3)} / ${max.wal.bytes.toFixed(0)} B`,
        reference: `bare single-row INSERTs ${inserts.wal.syncs.toFixed(3)} / ${inserts.wal.bytes.toFixed(0)} B`,
        command: COMMAND,
      });
    }
    return {
      sustained: runs,
      max: { ...max.result, serviceCpuMs: max.cpuMs, wal: max.wal },
      bareInsertsPerSecond: insertsPerSecond,
      bareInsertWal: inserts.wal,
      storeMsPerEvent,
      storedRows: { sustained: sustainedRows, max: maxRows },
    };
  } finally {
    await service?.close();
    if (db && target.url) await db.exec(`DROP SCHEMA ${schema} CASCADE`);
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchWebhook(): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const rows: BenchRow[] = [];
  const results: Record<string, unknown> = {};
  for (const target of [{ name: 'PostgreSQL', url: pgUrl }, { name: 'PGlite' }] satisfies Target[]) {
    const measured = await measure(target, rows);
    if (measured) results[target.name] = measured;
  }
  return { rows, results };
}
