import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJobQueue, createPgDb, type Db, type Job, type JobQueue } from '../../src/db/index.ts';
import type { JobQueueOptions } from '../../src/db/job-queue.ts';
import { captureLogger } from '../fakes/logger.ts';
import { DATABASES, truncateAll, type TestDb } from './databases.ts';

const T0 = Date.parse('2026-03-01T12:00:00Z');

type JobRow = {
  state: string;
  attempts: number;
  run_at: Date;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  finished_at: Date | null;
};

describe.each(DATABASES)('job queue on $name', ({ name, open }) => {
  let t: TestDb;
  let clock = T0;
  const now = () => new Date(clock);
  const queueOn = (db: Db, o: Partial<JobQueueOptions> = {}) => createJobQueue({ db, now, random: () => 0.5, baseBackoffMs: 1000, ...o });
  let q: JobQueue;
  const row = async (id: number) =>
    (await t.db.query<JobRow>('SELECT state, attempts, run_at, locked_by, locked_until, last_error, finished_at FROM jobs WHERE id = $1', [id])).rows[0]!;

  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());
  beforeEach(async () => {
    await truncateAll(t.db);
    clock = T0;
    q = queueOn(t.db);
  });

  it('enqueues, claims and completes a job', async () => {
    const id = await q.enqueue('extract', { conversation: 'c1' });
    expect(id).toBe(1);
    expect(await q.claim(['extract'], 'w1', { visibilityMs: 60_000 })).toEqual([
      { id: 1, kind: 'extract', key: null, payload: { conversation: 'c1' }, attempts: 1, maxAttempts: 5 },
    ]);
    expect(await row(1)).toMatchObject({ state: 'running', locked_by: 'w1', locked_until: new Date(T0 + 60_000) });
    expect(await q.claim(['extract'], 'w2')).toEqual([]);
    clock += 5_000;
    expect(await q.complete(1, 'w1')).toBe(true);
    expect(await row(1)).toMatchObject({ state: 'done', finished_at: new Date(T0 + 5_000), locked_until: null });
    expect(await q.complete(1, 'w1')).toBe(false);
    expect(await q.claim(['extract'], 'w2')).toEqual([]);
  });

  it('dedupes a queued or running (kind, key) and accepts it again once done', async () => {
    const first = await q.enqueue('extract', { n: 1 }, { key: 'c1' });
    expect(first).toBeTypeOf('number');
    expect(await q.enqueue('extract', { n: 2 }, { key: 'c1' })).toBeNull();
    expect(await q.enqueue('summarise', { n: 3 }, { key: 'c1' })).toBeTypeOf('number');
    expect(await q.enqueue('extract', { n: 4 })).toBeTypeOf('number'); // no key, no dedupe
    expect(await q.enqueue('extract', { n: 5 })).toBeTypeOf('number');
    await q.claim(['extract'], 'w1');
    expect((await row(first!)).state).toBe('running');
    expect(await q.enqueue('extract', { n: 6 }, { key: 'c1' })).toBeNull();
    await q.complete(first!, 'w1');
    const again = await q.enqueue('extract', { n: 7 }, { key: 'c1' });
    expect(again).toBeTypeOf('number');
    expect(again).not.toBe(first);
  });

  it('enqueues inside a transaction, atomically with it', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await q.enqueue('extract', {}, { key: 'c1', tx });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await q.counts()).toEqual({ queued: 0, running: 0, done: 0, dead: 0 });
    await t.db.transaction((tx) => q.enqueue('extract', {}, { key: 'c1', tx }));
    expect((await q.counts()).queued).toBe(1);
  });

  it('claims only due jobs of the given kinds, oldest first, up to the limit', async () => {
    const later = await q.enqueue('a', {}, { runAt: new Date(T0 + 10_000) });
    const b1 = await q.enqueue('b', {});
    const b2 = await q.enqueue('b', {});
    expect(await q.claim(['a'], 'w')).toEqual([]);
    expect(await q.claim(['c'], 'w')).toEqual([]);
    expect((await q.claim(['a', 'b'], 'w', { limit: 10 })).map((j) => j.id)).toEqual([b1, b2]);
    clock += 9_999;
    expect(await q.claim(['a'], 'w')).toEqual([]);
    clock += 1;
    expect((await q.claim(['a'], 'w')).map((j) => j.id)).toEqual([later]);
  });

  it('re-queues a failure with exponential back-off, then buries it after max_attempts', async () => {
    const id = (await q.enqueue('a', {}, { maxAttempts: 3 }))!;
    for (const [attempt, delay] of [
      [1, 1000],
      [2, 2000],
    ] as const) {
      const [job] = await q.claim(['a'], 'w1');
      expect(job?.attempts).toBe(attempt);
      expect(await q.fail(id, 'w1', `boom ${attempt}`)).toBe('retry');
      expect(await row(id)).toMatchObject({
        state: 'queued',
        run_at: new Date(clock + delay),
        last_error: `boom ${attempt}`,
        locked_by: null,
        locked_until: null,
      });
      clock += delay - 1;
      expect(await q.claim(['a'], 'w1')).toEqual([]);
      clock += 1;
    }
    await q.claim(['a'], 'w1');
    expect(await q.fail(id, 'w1', 'boom 3')).toBe('dead');
    expect(await row(id)).toMatchObject({ state: 'dead', attempts: 3, last_error: 'boom 3', finished_at: new Date(clock) });
    clock += 86_400_000;
    expect(await q.claim(['a'], 'w1')).toEqual([]);
  });

  it('lists dead letters with their last error, and an operator queues one again with its attempts reset', async () => {
    const dead = (await q.enqueue('extract', {}, { key: 'c1', maxAttempts: 1 }))!;
    await q.claim(['extract'], 'w1');
    expect(await q.fail(dead, 'w1', 'GitHub answered 401: bad credentials')).toBe('dead');
    const done = (await q.enqueue('extract', {}, { key: 'c2' }))!;
    await q.claim(['extract'], 'w1');
    await q.complete(done, 'w1');
    clock += 1000;
    expect((await q.list({ state: 'dead' })).map((j) => [j.id, j.key, j.state, j.attempts, j.maxAttempts, j.lastError])).toEqual([
      [dead, 'c1', 'dead', 1, 1, 'GitHub answered 401: bad credentials'],
    ]);
    expect((await q.list()).map((j) => j.id)).toEqual([done, dead].sort((a, b) => b - a));
    expect(await q.requeue(done)).toBe(false);
    expect(await q.requeue(dead)).toBe(true);
    expect(await row(dead)).toMatchObject({ state: 'queued', attempts: 0, run_at: new Date(clock), finished_at: null });
    expect(await q.claim(['extract'], 'w2')).toMatchObject([{ id: dead, attempts: 1 }]);
  });

  it('does not queue a dead job again while another job of its kind and key is live', async () => {
    const dead = (await q.enqueue('extract', {}, { key: 'c1', maxAttempts: 1 }))!;
    await q.claim(['extract'], 'w1');
    await q.fail(dead, 'w1', 'boom');
    expect(await q.enqueue('extract', {}, { key: 'c1' })).not.toBeNull();
    expect(await q.requeue(dead)).toBe(false);
    expect((await row(dead)).state).toBe('dead');
  });

  it.each([
    [0, 800],
    [1, 1200],
  ])('jitters the back-off by ±20%% (random %d → %d ms) and caps it', async (random, delay) => {
    const jittery = queueOn(t.db, { random: () => random, maxBackoffMs: 1500 });
    const id = (await jittery.enqueue('a', {}))!;
    await jittery.claim(['a'], 'w');
    await jittery.fail(id, 'w', 'x');
    expect((await row(id)).run_at).toEqual(new Date(T0 + delay));
    clock += 10_000;
    await jittery.claim(['a'], 'w');
    await jittery.fail(id, 'w', 'x');
    expect((await row(id)).run_at).toEqual(new Date(clock + 1500 * (0.8 + 0.4 * random)));
  });

  it('hands a job whose visibility timeout passed to another worker; the first one lost it', async () => {
    const id = (await q.enqueue('a', {}))!;
    await q.claim(['a'], 'w1', { visibilityMs: 1000 });
    clock += 1000;
    expect(await q.claim(['a'], 'w2')).toEqual([]); // not yet: locked_until is not past
    clock += 1;
    expect(await q.claim(['a'], 'w2', { visibilityMs: 1000 })).toMatchObject([{ id, attempts: 2 }]);
    expect(await q.complete(id, 'w1')).toBe(false);
    expect(await q.fail(id, 'w1', 'late')).toBe('lost');
    expect(await row(id)).toMatchObject({ state: 'running', locked_by: 'w2', last_error: null });
    expect(await q.complete(id, 'w2')).toBe(true);
  });

  it('buries a job that timed out on its last attempt instead of running it again', async () => {
    const id = (await q.enqueue('a', {}, { maxAttempts: 1 }))!;
    await q.claim(['a'], 'w1', { visibilityMs: 1000 });
    clock += 1001;
    expect(await q.claim(['a'], 'w2')).toEqual([]);
    expect(await row(id)).toMatchObject({ state: 'dead', last_error: 'visibility timeout on the last attempt', finished_at: new Date(clock) });
    expect(await q.complete(id, 'w1')).toBe(false);
  });

  it('fail() racing a takeover of its expired claim never leaves two owners', async () => {
    const id = (await q.enqueue('a', {}))!;
    await q.claim(['a'], 'w1', { visibilityMs: 1000 });
    clock += 2000;
    let stolen: Job[] | undefined;
    const interleaved: Db = {
      ...t.db,
      query: async (sql, params) => {
        const result = await t.db.query(sql, params);
        stolen ??= await q.claim(['a'], 'w2'); // w2 takes the expired claim right after fail()'s first statement
        return result as never;
      },
    };
    const outcome = await queueOn(interleaved).fail(id, 'w1', 'late');
    const tookOver = (stolen as Job[] | undefined)?.length === 1;
    expect({ outcome, row: await row(id) }).toMatchObject(
      tookOver ? { outcome: 'lost', row: { state: 'running', locked_by: 'w2' } } : { outcome: 'retry', row: { state: 'queued', locked_by: null } },
    );
  });

  it('never hands one job to two of 5 concurrent workers', async () => {
    const extra: Db[] = [];
    if (name === 'postgres') {
      for (let i = 0; i < 5; i++) extra.push(await createPgDb({ url: process.env.TEST_DATABASE_URL!, schema: t.schema!, log: captureLogger(), max: 1 }));
    }
    try {
      for (let i = 0; i < 50; i++) await q.enqueue('a', { i });
      const claimed = new Map<string, number[]>();
      await Promise.all(
        Array.from({ length: 5 }, async (_, w) => {
          const worker = queueOn(extra[w] ?? t.db);
          const mine: number[] = [];
          claimed.set(`w${w}`, mine);
          for (;;) {
            const jobs = await worker.claim(['a'], `w${w}`, { limit: 3 });
            if (jobs.length === 0) return;
            expect(jobs.length).toBeLessThanOrEqual(3);
            mine.push(...jobs.map((j) => j.id));
            for (const j of jobs) expect(await worker.complete(j.id, `w${w}`)).toBe(true);
          }
        }),
      );
      const all = [...claimed.values()].flat();
      expect(all).toHaveLength(50);
      expect(new Set(all).size).toBe(50);
      expect(await q.counts()).toEqual({ queued: 0, running: 0, done: 50, dead: 0 });
      if (name === 'postgres') expect([...claimed.values()].filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
    } finally {
      await Promise.all(extra.map((db) => db.close()));
    }
  });

  it('counts jobs by state', async () => {
    expect(await q.counts()).toEqual({ queued: 0, running: 0, done: 0, dead: 0 });
    for (let i = 0; i < 6; i++) await q.enqueue('a', { i }, { maxAttempts: 1 });
    const [done, dead, running] = await q.claim(['a'], 'w', { limit: 3 });
    await q.complete(done!.id, 'w');
    await q.fail(dead!.id, 'w', 'x');
    expect(running).toBeDefined();
    expect(await q.counts()).toEqual({ queued: 3, running: 1, done: 1, dead: 1 });
  });
});
