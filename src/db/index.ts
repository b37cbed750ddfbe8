export type { Db, Queryable } from './types.ts';
export { createPgDb } from './pg-db.ts';
export { createPgliteDb } from './pglite-db.ts';
export { openDb, isUnavailable } from './open-db.ts';
export { runMigrations, readMigrations } from './migrate.ts';
export { createJobQueue, type Job, type JobQueue } from './job-queue.ts';
export { createWorker, type Worker, type JobHandler, type Schedule } from './worker.ts';
