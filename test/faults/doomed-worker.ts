/**
 * Run by worker-killed.test.ts in a child process, to be SIGKILLed mid-job: the real worker on the
 * test's schema, with a short visibility timeout. Its handler records that it started, begins the
 * job's side effect in a transaction it never commits, prints one JSON line and waits forever.
 * Env: TEST_DATABASE_URL, FAULT_SCHEMA, FAULT_VISIBILITY_MS.
 */
import { createJobQueue, createPgDb, createWorker } from '../../src/db/index.ts';
import { captureLogger } from '../fakes/logger.ts';

const db = await createPgDb({ url: process.env.TEST_DATABASE_URL!, schema: process.env.FAULT_SCHEMA!, log: captureLogger(), max: 2 });
const worker = createWorker({
  queue: createJobQueue({ db }),
  log: captureLogger(),
  pollMs: 20,
  visibilityMs: Number(process.env.FAULT_VISIBILITY_MS),
  handlers: {
    slow: async (job) => {
      await db.query('INSERT INTO job_starts (job_id, worker, attempt, at) VALUES ($1, $2, $3, $4)', [job.id, worker.id, job.attempts, new Date()]);
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO job_effects (job_id, worker, attempt) VALUES ($1, $2, $3) ON CONFLICT (job_id) DO NOTHING', [
          job.id,
          worker.id,
          job.attempts,
        ]);
        console.log(JSON.stringify({ step: 'started', job: job.id, attempt: job.attempts, worker: worker.id }));
        // The rest of a long job: the process is killed here (the timer keeps it alive until then).
        await new Promise(() => setInterval(() => {}, 60_000));
      });
    },
  },
});
worker.start();
