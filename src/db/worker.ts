import { hostname } from 'node:os';
import type { Logger } from '../logger.ts';
import type { Job, JobQueue } from './job-queue.ts';

export type JobHandler = (job: Job) => Promise<void>;

/** Periodic work run by the worker loop (e.g. finding quiet conversations). */
export type Schedule = { name: string; everyMs: number; run: () => Promise<unknown> };

export type Worker = {
  readonly id: string;
  /** Claims and runs due jobs until none is left; returns how many ran. */
  drain(): Promise<number>;
  start(): void;
  /** Stops polling and waits for the jobs in hand. */
  stop(): Promise<void>;
};

export type WorkerOptions = {
  queue: JobQueue;
  handlers: Record<string, JobHandler>;
  schedules?: Schedule[];
  log: Logger;
  pollMs?: number;
  visibilityMs?: number;
  concurrency?: number;
  id?: string;
};

/** Runs queued jobs of the kinds it has handlers for; a failure is retried with back-off by the queue. */
export function createWorker(options: WorkerOptions): Worker {
  const { queue, handlers, log } = options;
  const id = options.id ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const kinds = Object.keys(handlers);
  const pollMs = options.pollMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;
  let stopping = false;
  const lastRun = new Map<string, number>();

  const runJob = async (job: Job) => {
    try {
      await handlers[job.kind]!(job);
      if (!(await queue.complete(job.id, id))) log.warn({ job: job.id, kind: job.kind }, 'job finished after its claim expired; another worker owns it');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await queue.fail(job.id, id, message);
      log[outcome === 'dead' ? 'error' : 'warn']({ job: job.id, kind: job.kind, attempt: job.attempts, err: message, outcome }, 'job failed');
    }
  };

  const drain = async () => {
    let ran = 0;
    if (kinds.length === 0) return 0;
    for (;;) {
      if (stopping) return ran;
      const jobs = await queue.claim(kinds, id, { limit: options.concurrency ?? 4, visibilityMs: options.visibilityMs });
      if (jobs.length === 0) return ran;
      await Promise.all(jobs.map(runJob));
      ran += jobs.length;
    }
  };

  const runSchedules = async () => {
    for (const s of options.schedules ?? []) {
      const last = lastRun.get(s.name) ?? 0;
      if (Date.now() - last < s.everyMs) continue;
      lastRun.set(s.name, Date.now());
      await s
        .run()
        .catch((error: unknown) => log.warn({ schedule: s.name, err: error instanceof Error ? error.message : String(error) }, 'scheduled task failed'));
    }
  };

  const tick = async () => {
    try {
      await runSchedules();
      await drain();
    } catch (error) {
      // The database may be down: keep polling, it comes back.
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'worker poll failed');
    }
  };

  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, pollMs);
    });
  };

  return {
    id,
    drain,
    start: () => {
      if (!stopped) return;
      stopped = false;
      stopping = false;
      loop();
    },
    stop: async () => {
      stopped = true;
      stopping = true;
      if (timer) clearTimeout(timer);
      await running;
      stopping = false;
    },
  };
}
