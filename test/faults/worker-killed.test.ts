/**
 * A worker process killed mid-job. The real worker, in a child process on the test's PostgreSQL
 * schema, claims a job for 1 s, starts its side effect and is SIGKILLed. Another worker must leave
 * the job alone until the visibility timeout passes, then take it over and finish it: the job is
 * done after two attempts, its side effect happened once, and the dead worker's claim is void.
 * PostgreSQL only: a PGlite data folder cannot be shared by two processes.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createJobQueue, createPgDb, createWorker, runMigrations } from '../../src/db/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { MIGRATIONS } from '../db/databases.ts';

const URL_ = process.env.TEST_DATABASE_URL;
const CHILD = fileURLToPath(new URL('./doomed-worker.ts', import.meta.url));
const VISIBILITY_MS = 1000;

type Started = { step: 'started'; job: number; attempt: number; worker: string };

/** Spawns the doomed worker and resolves with its first line once its handler is under way. */
function startDoomedWorker(schema: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, TEST_DATABASE_URL: URL_, FAULT_SCHEMA: schema, FAULT_VISIBILITY_MS: String(VISIBILITY_MS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const started = new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the child worker did not start the job within 20 s; stderr: ${stderr}`)), 20_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as Started);
    });
    void exited.then(({ code, signal }) => reject(new Error(`the child worker exited (${code ?? signal}) before starting the job; stderr: ${stderr}`)));
  });
  return { child, started, exited, stderr: () => stderr };
}

describe.skipIf(!URL_)('a worker killed mid-job (PostgreSQL)', () => {
  it('is replaced after its visibility timeout: the job completes once, on attempt 2, and the dead claim is lost', { timeout: 60_000 }, async () => {
    const schema = `fault_${randomBytes(6).toString('hex')}`;
    const db = await createPgDb({ url: URL_!, schema, log: captureLogger(), max: 4 });
    onTestFinished(async () => {
      await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    });
    await runMigrations(db, MIGRATIONS);
    // What the handler leaves behind: a row per start, and the job's effect, written once per job.
    await db.exec(`CREATE TABLE job_starts (job_id bigint NOT NULL, worker text NOT NULL, attempt int NOT NULL, at timestamptz NOT NULL);
      CREATE TABLE job_effects (job_id bigint PRIMARY KEY, worker text NOT NULL, attempt int NOT NULL)`);
    const queue = createJobQueue({ db });
    const id = (await queue.enqueue('slow', { conversationId: 'c1' }, { maxAttempts: 3 }))!;
    const job = async () =>
      (
        await db.query<{ state: string; attempts: number; locked_by: string | null; locked_until: Date | null; last_error: string | null }>(
          'SELECT state, attempts, locked_by, locked_until, last_error FROM jobs WHERE id = $1',
          [id],
        )
      ).rows[0]!;

    const doomed = startDoomedWorker(schema);
    onTestFinished(() => {
      if (doomed.child.exitCode === null && doomed.child.signalCode === null) doomed.child.kill('SIGKILL');
    });
    const first = await doomed.started;
    expect(first).toEqual({ step: 'started', job: id, attempt: 1, worker: expect.any(String) });
    doomed.child.kill('SIGKILL');
    const killedAt = new Date();
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const held = await job();
    // Killed while its claim was still valid, with its side effect begun but not committed.
    expect(held).toMatchObject({ state: 'running', attempts: 1, locked_by: first.worker, last_error: null });
    expect(killedAt.getTime()).toBeLessThan(held.locked_until!.getTime());
    expect((await db.query('SELECT count(*)::int AS n FROM job_effects')).rows).toEqual([{ n: 0 }]);

    // The replacement starts at once and polls often: it must still wait for the timeout.
    const log = captureLogger();
    const runs: number[] = [];
    let staleClaim: { complete: boolean; fail: string } | null = null;
    const replacement = createWorker({
      queue,
      log,
      id: 'replacement',
      pollMs: 20,
      visibilityMs: 30_000,
      handlers: {
        slow: async (j) => {
          runs.push(j.attempts);
          // The dead worker's claim is void while the replacement holds the job: were it to come back
          // now, it could neither complete nor fail it.
          staleClaim = { complete: await queue.complete(j.id, first.worker), fail: await queue.fail(j.id, first.worker, 'came back late') };
          await db.query('INSERT INTO job_starts (job_id, worker, attempt, at) VALUES ($1, $2, $3, $4)', [j.id, 'replacement', j.attempts, new Date()]);
          await db.query('INSERT INTO job_effects (job_id, worker, attempt) VALUES ($1, $2, $3) ON CONFLICT (job_id) DO NOTHING', [
            j.id,
            'replacement',
            j.attempts,
          ]);
        },
      },
    });
    onTestFinished(() => replacement.stop());
    replacement.start();
    const deadline = performance.now() + 10_000;
    while ((await job()).state !== 'done' && performance.now() < deadline) await sleep(20);
    await replacement.stop();

    const starts = (
      await db.query<{ worker: string; attempt: number; at: Date }>('SELECT worker, attempt, at FROM job_starts WHERE job_id = $1 ORDER BY at', [id])
    ).rows;
    const takenOverAfterMs = starts[1] ? starts[1].at.getTime() - held.locked_until!.getTime() : null;
    console.log(
      `worker-killed: ${JSON.stringify({ job: id, visibilityMs: VISIBILITY_MS, killedBeforeExpiryMs: held.locked_until!.getTime() - killedAt.getTime(), takenOverAfterExpiryMs: takenOverAfterMs, starts: starts.length, replacementRuns: runs })}`,
    );

    expect(await job()).toEqual({ state: 'done', attempts: 2, locked_by: 'replacement', locked_until: null, last_error: null });
    expect(starts.map((s) => [s.worker, s.attempt])).toEqual([
      [first.worker, 1],
      ['replacement', 2],
    ]);
    // Not taken over before the dead worker's claim expired, and promptly after (polling every 20 ms).
    expect(takenOverAfterMs).toBeGreaterThanOrEqual(0);
    expect(takenOverAfterMs).toBeLessThan(1000);
    expect(runs).toEqual([2]);
    expect(staleClaim).toEqual({ complete: false, fail: 'lost' });
    // The effect exists once, written by the attempt that completed; the killed one's was rolled back.
    expect((await db.query('SELECT job_id, worker, attempt FROM job_effects')).rows).toEqual([{ job_id: id, worker: 'replacement', attempt: 2 }]);
    expect(log.entries.filter((e) => e.level !== 'debug' && e.level !== 'info')).toEqual([]);

    // Done is final: nothing is left to claim, however short the visibility.
    expect(await queue.claim(['slow'], 'another', { visibilityMs: 1 })).toEqual([]);
    expect(await job()).toEqual({ state: 'done', attempts: 2, locked_by: 'replacement', locked_until: null, last_error: null });
    expect(await queue.counts()).toEqual({ queued: 0, running: 0, done: 1, dead: 0 });
    expect(doomed.stderr()).toBe('');
  });
});
