import type { Command } from 'commander';
// The queue alone, not the database drivers: every `sop` command loads this file.
import { createJobQueue, JOB_STATES, type JobState } from '../db/job-queue.ts';
import { InputError } from '../errors.ts';
import { createRuntime } from '../main.ts';
import { jsonOption, parseWholeNumber, writeJson } from './options.ts';

/** `sop jobs [--state S] [--kind K] [--json]` and `sop jobs retry ID`: the job queue and its dead letters. */
export function registerJobs(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('the job queue: counts by state and the newest jobs, with the last error of each (dead jobs are out of attempts)')
    .option('--state <state>', `only jobs in this state: ${JOB_STATES.join(', ')}`)
    .option('--kind <kind>', 'only jobs of this kind (e.g. extract)')
    .option('--limit <n>', 'how many jobs to list', parseWholeNumber(1), 50)
    .addOption(jsonOption('the counts by state and the jobs'))
    .action(async (opts: { state?: string; kind?: string; limit: number; json?: boolean }) => {
      if (opts.state && !(JOB_STATES as readonly string[]).includes(opts.state))
        throw new InputError(`--state: one of ${JOB_STATES.join(', ')}, got "${opts.state}"`);
      const db = await createRuntime().openDatabase();
      try {
        const queue = createJobQueue({ db });
        const [counts, rows] = await Promise.all([
          queue.counts(),
          queue.list({ state: opts.state as JobState | undefined, kind: opts.kind, limit: opts.limit }),
        ]);
        if (opts.json) {
          writeJson({ counts, jobs: rows });
          return;
        }
        process.stdout.write(`${JOB_STATES.map((s) => `${counts[s]} ${s}`).join(', ')}\n`);
        for (const j of rows) {
          const when = j.state === 'queued' ? `due ${j.runAt.toISOString()}` : `updated ${j.updatedAt.toISOString()}`;
          process.stdout.write(
            `${String(j.id).padStart(6)}  ${j.state.padEnd(7)}  ${j.kind}  ${j.key ?? '-'}  attempt ${j.attempts}/${j.maxAttempts}  ${when}${j.lastError ? `\n        last error: ${j.lastError}` : ''}\n`,
          );
        }
        if (counts.dead > 0 && opts.state !== 'dead')
          process.stdout.write(`${counts.dead} dead: see them with --state dead; queue one again with \`sop jobs retry ID\` once its cause is fixed\n`);
      } finally {
        await db.close();
      }
    });
  jobs
    .command('retry')
    .argument('<id>', 'the id of a dead job')
    .description('queue a dead job again, due now, with its attempts reset')
    .action(async (id: string) => {
      if (!/^\d+$/.test(id)) throw new InputError(`job id must be a number, got "${id}"`);
      const db = await createRuntime().openDatabase();
      try {
        if (!(await createJobQueue({ db }).requeue(Number(id))))
          throw new InputError(`job ${id} is not dead, does not exist, or another job of its kind and key is queued or running: see \`sop jobs\``);
        process.stdout.write(`job ${id} queued again\n`);
      } finally {
        await db.close();
      }
    });
}
