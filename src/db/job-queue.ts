import type { Db, Queryable } from './types.ts';

export type Job = {
  id: number;
  kind: string;
  key: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
};

export type JobQueue = {
  /**
   * Queues a job; with a `key`, a job of the same kind and key already queued or running makes this a
   * no-op (returns null). Pass a transaction to enqueue atomically with other writes.
   */
  enqueue(
    kind: string,
    payload: Record<string, unknown>,
    options?: { key?: string; runAt?: Date; maxAttempts?: number; tx?: Queryable },
  ): Promise<number | null>;
  /** Claims up to `limit` due jobs of the given kinds for `visibilityMs`; expired claims are taken over. */
  claim(kinds: readonly string[], worker: string, options?: { limit?: number; visibilityMs?: number }): Promise<Job[]>;
  /** Marks a claimed job done; false when the claim was lost (it timed out and another worker took it). */
  complete(id: number, worker: string): Promise<boolean>;
  /** Records a failed attempt: queued again after an exponential back-off, or dead when out of attempts. */
  fail(id: number, worker: string, error: string): Promise<'retry' | 'dead' | 'lost'>;
  counts(): Promise<Record<'queued' | 'running' | 'done' | 'dead', number>>;
  /** Jobs, newest first: of one state and kind when given. */
  list(filter?: { state?: JobState; kind?: string; limit?: number }): Promise<JobRow[]>;
  /**
   * Queues a dead job again, due now with its attempts reset (an operator's retry once the cause is
   * fixed); false when the job is not dead, or another live job of its kind and key exists.
   */
  requeue(id: number): Promise<boolean>;
};

export const JOB_STATES = ['queued', 'running', 'done', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** A job as an operator sees it. */
export type JobRow = {
  id: number;
  kind: string;
  key: string | null;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
};

type Row = { id: number; kind: string; key: string | null; payload: Record<string, unknown>; attempts: number; max_attempts: number };

export type JobQueueOptions = {
  db: Db;
  now?: () => Date;
  /** 0..1, for back-off jitter. */
  random?: () => number;
  /** First retry delay; doubles with each attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
};

/** A Postgres table worked with `FOR UPDATE SKIP LOCKED`: safe for several replicas, and on PGlite. */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const base = options.baseBackoffMs ?? 5_000;
  const cap = options.maxBackoffMs ?? 3_600_000;

  return {
    enqueue: async (kind, payload, o = {}) => {
      const { rows } = await (o.tx ?? db).query<{ id: number }>(
        `INSERT INTO jobs (kind, key, payload, run_at, max_attempts, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (kind, key) WHERE key IS NOT NULL AND state IN ('queued', 'running') DO NOTHING
         RETURNING id`,
        [kind, o.key ?? null, JSON.stringify(payload), o.runAt ?? now(), o.maxAttempts ?? 5, now()],
      );
      return rows[0]?.id ?? null;
    },

    claim: async (kinds, worker, o = {}) => {
      const at = now();
      const until = new Date(at.getTime() + (o.visibilityMs ?? 300_000));
      const { rows } = await db.query<Row>(
        `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = $3, locked_by = $4, updated_at = $2
         WHERE id IN (
           SELECT id FROM jobs
           WHERE kind = ANY($1::text[])
             AND ((state = 'queued' AND run_at <= $2) OR (state = 'running' AND locked_until < $2))
           ORDER BY run_at, id
           LIMIT $5
           FOR UPDATE SKIP LOCKED)
         RETURNING id, kind, key, payload, attempts, max_attempts`,
        [kinds, at, until, worker, o.limit ?? 1],
      );
      const jobs: Job[] = [];
      for (const r of rows) {
        // A job that died with its worker on its last attempt is not run again.
        if (r.attempts > r.max_attempts) {
          await db.query(
            `UPDATE jobs SET state = 'dead', finished_at = $2, updated_at = $2, last_error = coalesce(last_error, 'visibility timeout on the last attempt') WHERE id = $1`,
            [r.id, at],
          );
          continue;
        }
        jobs.push({ id: r.id, kind: r.kind, key: r.key, payload: r.payload, attempts: r.attempts, maxAttempts: r.max_attempts });
      }
      return jobs.sort((a, b) => a.id - b.id);
    },

    complete: async (id, worker) => {
      const { rowCount } = await db.query(
        `UPDATE jobs SET state = 'done', finished_at = $3, updated_at = $3, locked_until = NULL WHERE id = $1 AND locked_by = $2 AND state = 'running'`,
        [id, worker, now()],
      );
      return rowCount === 1;
    },

    fail: async (id, worker, error) => {
      const at = now();
      // One guarded statement: a worker whose claim expired and was taken over changes nothing.
      const { rows } = await db.query<{ state: 'queued' | 'dead' }>(
        `UPDATE jobs SET
           state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
           run_at = CASE WHEN attempts >= max_attempts THEN run_at
                    ELSE $4::timestamptz + make_interval(secs => least($5::float8, $6::float8 * power(2, attempts - 1)) * $7::float8 / 1000) END,
           finished_at = CASE WHEN attempts >= max_attempts THEN $4::timestamptz END,
           last_error = $3, updated_at = $4, locked_until = NULL, locked_by = NULL
         WHERE id = $1 AND locked_by = $2 AND state = 'running'
         RETURNING state`,
        [id, worker, error, at, cap, base, 0.8 + 0.4 * random()],
      );
      const state = rows[0]?.state;
      return state === undefined ? 'lost' : state === 'dead' ? 'dead' : 'retry';
    },

    list: async (filter = {}) => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.state) where.push(`state = $${params.push(filter.state)}`);
      if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
      const { rows } = await db.query<{
        id: number;
        kind: string;
        key: string | null;
        state: JobState;
        attempts: number;
        max_attempts: number;
        run_at: Date;
        last_error: string | null;
        created_at: Date;
        updated_at: Date;
        finished_at: Date | null;
      }>(
        `SELECT id, kind, key, state, attempts, max_attempts, run_at, last_error, created_at, updated_at, finished_at FROM jobs
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC, id DESC LIMIT ${Math.min(Math.max(filter.limit ?? 100, 1), 1000)}`,
        params,
      );
      return rows.map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        key: r.key,
        state: r.state,
        attempts: r.attempts,
        maxAttempts: r.max_attempts,
        runAt: new Date(r.run_at),
        lastError: r.last_error,
        createdAt: new Date(r.created_at),
        updatedAt: new Date(r.updated_at),
        finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
      }));
    },

    requeue: async (id) => {
      const at = now();
      const { rowCount } = await db.query(
        `UPDATE jobs SET state = 'queued', attempts = 0, run_at = $2, finished_at = NULL, updated_at = $2
         WHERE id = $1 AND state = 'dead'
           AND NOT EXISTS (SELECT 1 FROM jobs live WHERE live.kind = jobs.kind AND live.key = jobs.key AND live.state IN ('queued', 'running'))`,
        [id, at],
      );
      return rowCount === 1;
    },

    counts: async () => {
      const { rows } = await db.query<{ state: 'queued' | 'running' | 'done' | 'dead'; n: number }>(
        'SELECT state, count(*)::int AS n FROM jobs GROUP BY state',
      );
      const out = { queued: 0, running: 0, done: 0, dead: 0 };
      for (const r of rows) out[r.state] = r.n;
      return out;
    },
  };
}
