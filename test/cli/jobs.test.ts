/** `sop jobs` as an operator runs it: counts by state, the dead letters with their last error, and `retry`. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/db/index.ts';
import { createRuntime } from '../../src/main.ts';
import { runSop, runSopJson, useTempDirs } from './run-sop.ts';

const tempDir = useTempDirs('sop-cli-jobs-');

describe('sop jobs', { timeout: 60_000 }, () => {
  let env: Record<string, string>;
  let dead: number;

  beforeAll(async () => {
    env = { DATA_DIR: join(tempDir(), 'data'), LOG_LEVEL: 'silent' };
    const db = await createRuntime(env).openDatabase();
    try {
      const queue = createJobQueue({ db });
      dead = (await queue.enqueue('extract', { conversationId: 'c1' }, { key: 'c1', maxAttempts: 1 }))!;
      await queue.claim(['extract'], 'w');
      await queue.fail(dead, 'w', 'GitHub answered 403: Resource not accessible by integration');
      await queue.enqueue('extract', { conversationId: 'c2' }, { key: 'c2' });
    } finally {
      await db.close();
    }
  });

  it('prints the counts, the dead job with its last error, and how to retry it', () => {
    const run = runSop(['jobs'], { env });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^1 queued, 0 running, 0 done, 1 dead\n/);
    expect(run.stdout).toMatch(
      new RegExp(
        `^\\s+${dead}  dead     extract  c1  attempt 1/1  updated \\S+\\n        last error: GitHub answered 403: Resource not accessible by integration$`,
        'm',
      ),
    );
    expect(run.stdout).toContain('1 dead: see them with --state dead; queue one again with `sop jobs retry ID` once its cause is fixed');
  });

  it('filters by state, prints JSON, and refuses an unknown state', () => {
    const { counts, jobs } = runSopJson<{ counts: Record<string, number>; jobs: { id: number; state: string; key: string }[] }>(
      ['jobs', '--state', 'dead', '--json'],
      { env },
    );
    expect(counts).toEqual({ queued: 1, running: 0, done: 0, dead: 1 });
    expect(jobs.map((j) => [j.id, j.state, j.key])).toEqual([[dead, 'dead', 'c1']]);
    const bad = runSop(['jobs', '--state', 'stuck'], { env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('sop: --state: one of queued, running, done, dead, got "stuck"\n');
  });

  it('queues a dead job again, once', () => {
    const first = runSop(['jobs', 'retry', String(dead)], { env });
    expect(first).toMatchObject({ status: 0, stdout: `job ${dead} queued again\n` });
    const again = runSop(['jobs', 'retry', String(dead)], { env });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`job ${dead} is not dead`);
    expect(runSopJson<{ counts: Record<string, number> }>(['jobs', '--json'], { env }).counts).toEqual({ queued: 2, running: 0, done: 0, dead: 0 });
  });
});
