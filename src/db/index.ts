export type { Db, Queryable } from './types.ts';
export { createPgDb } from './pg-db.ts';
export { createPgliteDb } from './pglite-db.ts';
export { openDb, isUnavailable } from './open-db.ts';
export { withQueryTiming, statementKind } from './timed-db.ts';
export { storableText } from './storable.ts';
export { runMigrations, readMigrations } from './migrate.ts';
export { createJobQueue, JOB_STATES, type Job, type JobQueue, type JobRow, type JobState } from './job-queue.ts';
export { createWorker, type Worker, type JobHandler, type Schedule } from './worker.ts';
