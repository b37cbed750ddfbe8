import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJobQueue, createWorker, type Job, type JobQueue, type Worker } from '../../src/db/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { DATABASES, truncateAll, type TestDb } from './databases.ts';

const T0 = Date.parse('2026-03-01T12:00:00Z');

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe.each(DATABASES)('worker on $name', ({ open }) => {
  let t: TestDb;
  let clock = T0;
  let q: JobQueue;
  let log: ReturnType<typeof captureLogger>;
  const started: Worker[] = [];
  const worker = (o: Omit<Parameters<typeof createWorker>[0], 'queue' | 'log'> & { queue?: JobQueue }) => {
    const w = createWorker({ queue: q, log, pollMs: 5, ...o });
    started.push(w);
    return w;
  };
  const state = async (id: number) =>
    (await t.db.query<{ state: string; attempts: number; last_error: string | null }>('SELECT state, attempts, last_error FROM jobs WHERE id = $1', [id]))
      .rows[0];

  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());
  afterEach(() => Promise.all(started.splice(0).map((w) => w.stop())));
  beforeEach(async () => {
    await truncateAll(t.db);
    clock = T0;
    log = captureLogger();
    q = createJobQueue({ db: t.db, now: () => new Date(clock), random: () => 0.5, baseBackoffMs: 10 });
  });

  it('runs the queued jobs; drain returns how many ran', async () => {
    for (let i = 0; i < 6; i++) await q.enqueue('a', { i });
    const seen: unknown[] = [];
    const w = worker({ handlers: { a: async (job) => void seen.push(job.payload.i) }, concurrency: 4 });
    expect(await w.drain()).toBe(6);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await q.counts()).toEqual({ queued: 0, running: 0, done: 6, dead: 0 });
    expect(await w.drain()).toBe(0);
  });

  it('retries a throwing handler with back-off until the job is dead', async () => {
    const id = (await q.enqueue('a', {}, { maxAttempts: 3 }))!;
    const w = worker({ handlers: { a: async (job: Job) => Promise.reject(new Error(`boom ${job.attempts}`)) }, id: 'w1' });
    expect(await w.drain()).toBe(1);
    expect(await state(id)).toEqual({ state: 'queued', attempts: 1, last_error: 'boom 1' });
    expect(await w.drain()).toBe(0); // backing off: due 10 ms later
    clock += 10;
    expect(await w.drain()).toBe(1);
    expect(await w.drain()).toBe(0);
    clock += 20;
    expect(await w.drain()).toBe(1);
    expect(await state(id)).toEqual({ state: 'dead', attempts: 3, last_error: 'boom 3' });
    clock += 60_000;
    expect(await w.drain()).toBe(0);
    const failures = log.entries.filter((e) => e.args[1] === 'job failed').map((e) => [e.level, (e.args[0] as { outcome: string }).outcome]);
    expect(failures).toEqual([
      ['warn', 'retry'],
      ['warn', 'retry'],
      ['error', 'dead'],
    ]);
  });

  it('claims only the kinds it has handlers for', async () => {
    const a = (await q.enqueue('a', {}))!;
    const b = (await q.enqueue('b', {}))!;
    expect(await worker({ handlers: { a: async () => {} } }).drain()).toBe(1);
    expect(await state(a)).toMatchObject({ state: 'done' });
    expect(await state(b)).toEqual({ state: 'queued', attempts: 0, last_error: null });
    expect(await worker({ handlers: {} }).drain()).toBe(0);
  });

  it('warns when a job finishes after another worker took over its claim', async () => {
    const id = (await q.enqueue('a', {}))!;
    const w = worker({
      handlers: {
        a: async () => {
          clock += 2000; // the handler outlives its visibility timeout...
          await q.claim(['a'], 'other'); // ...and another worker takes the job
        },
      },
      visibilityMs: 1000,
    });
    expect(await w.drain()).toBe(1);
    expect(await state(id)).toMatchObject({ state: 'running', attempts: 2 });
    expect(log.warnings().map((e) => e.args[1])).toEqual(['job finished after its claim expired; another worker owns it']);
  });

  it('runs schedules on start, each no more often than everyMs, and survives a failing one', async () => {
    let hourly = 0;
    let always = 0;
    const w = worker({
      handlers: { a: async () => {} },
      schedules: [
        { name: 'hourly', everyMs: 3_600_000, run: async () => void hourly++ },
        { name: 'broken', everyMs: 0, run: () => Promise.reject(new Error('nope')) },
        { name: 'always', everyMs: 0, run: async () => void always++ },
      ],
    });
    w.start();
    const id = (await q.enqueue('a', {}))!;
    await vi.waitFor(async () => expect(await state(id)).toMatchObject({ state: 'done' }));
    await vi.waitFor(() => expect(always).toBeGreaterThanOrEqual(3));
    await w.stop();
    expect(hourly).toBe(1);
    expect(log.warnings()[0]?.args).toEqual([{ schedule: 'broken', err: 'nope' }, 'scheduled task failed']);
  });

  it('keeps polling after a poll fails (the database was down)', async () => {
    let polls = 0;
    const flaky: JobQueue = { ...q, claim: (...args) => (polls++ === 0 ? Promise.reject(new Error('ECONNREFUSED')) : q.claim(...args)) };
    const id = (await q.enqueue('a', {}))!;
    worker({ queue: flaky, handlers: { a: async () => {} } }).start();
    await vi.waitFor(async () => expect(await state(id)).toMatchObject({ state: 'done' }));
    expect(log.warnings()[0]?.args).toEqual([{ err: 'ECONNREFUSED' }, 'worker poll failed']);
  });

  it('stop() waits for the job in flight, then polls no more', async () => {
    const entered = deferred();
    const release = deferred();
    const w = worker({
      handlers: {
        a: async () => {
          entered.resolve();
          return release.promise;
        },
      },
    });
    const id = (await q.enqueue('a', {}))!;
    w.start();
    await entered.promise;
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await sleep(50);
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(await state(id)).toMatchObject({ state: 'done' });
    const later = (await q.enqueue('a', {}))!;
    await sleep(50);
    expect(await state(later)).toMatchObject({ state: 'queued' });
  });

  it('stop() claims no more jobs once asked to stop', async () => {
    const entered = deferred();
    const release = deferred();
    const w = worker({
      handlers: {
        a: async () => {
          entered.resolve();
          return release.promise;
        },
      },
      concurrency: 1,
    });
    for (let i = 0; i < 3; i++) await q.enqueue('a', { i });
    w.start();
    await entered.promise;
    const stopping = w.stop();
    release.resolve();
    await stopping;
    expect(await q.counts()).toEqual({ queued: 2, running: 0, done: 1, dead: 0 });
  });
});
