/**
 * `runDeploy` builds and checks a version with no transaction and no deploy lock held, then stores and
 * activates it in one short transaction under the lock. Two deploys at once compute side by side and
 * end as if they ran one after the other: each stored once, the later one gated against the earlier,
 * which it replaces. A version gated against an active version that changed meanwhile is gated again
 * against the new one (a few times at most, then the deploy gives up and stores nothing).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Db, Queryable } from '../../src/db/index.ts';
import { activate, DEPLOY_LOCK, findDeployment, listDeployments, readActive, runDeploy, type DeployPorts } from '../../src/deploy/index.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { useTempDirs } from '../cli/run-sop.ts';
import {
  DEPLOY_DATABASES,
  deployOptions,
  embedTextsOf,
  FROZEN,
  openDeployRepo,
  refitTextsOf,
  rolloutMissingGates,
  testRollout,
  type DeployRepo,
} from './deploy-repo.ts';

const tempDir = useTempDirs('sop-concurrent-deploy-');

const versions = async (db: Queryable) => (await listDeployments(db)).map((v) => v.version);
const cachedTexts = async (db: Queryable) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM embedding_cache')).rows[0]!.n;

/** The first tech eval cases: enough for the gate (every case's source exists), few enough to run often. */
function fewCases(repo: DeployRepo): string {
  const dir = join(repo.dir, 'few-evals');
  mkdirSync(dir);
  const lines = readFileSync(join(repo.evalsDir, 'tech.jsonl'), 'utf8').split('\n').filter(Boolean);
  writeFileSync(join(dir, 'tech.jsonl'), `${lines.slice(0, 12).join('\n')}\n`);
  return dir;
}

/**
 * The runtime's ports, awaiting `pause(n)` before the n-th version a deploy loads to evaluate: 1 is the
 * candidate (built, nothing stored yet), 2 and on the active version it is gated against.
 */
function pausingAt(runtime: Runtime, pause: (n: number) => Promise<void>): DeployPorts & { loads: () => number } {
  let n = 0;
  return {
    env: runtime.env,
    createModule: (knowledge) => runtime.createModule(knowledge),
    loadKnowledge: async (options) => {
      if (options.serialized) await pause(++n);
      return runtime.loadKnowledge(options);
    },
    loads: () => n,
  };
}

/**
 * `work`, or a failure naming `what` after `ms`, also kept in `late`: a deploy that held what it must not
 * would otherwise hang the test (and a deploy may catch the failure: its check of a version fails).
 */
async function within<T>(late: string[], ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      late.push(`${what}: not within ${ms} ms`);
      reject(new Error(late.at(-1)));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Takes the deploy lock in a transaction of `db`, as a rollback does, and activates `version` under it.
 * Deploys of other tests on the same PostgreSQL database hold the lock for their activation only: tried for a while.
 */
async function activateUnderLock(db: Db, version: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    const got = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [DEPLOY_LOCK]);
      if (rows[0]?.got) await activate(tx, version, 'other', false);
      return rows[0]?.got ?? false;
    });
    if (got) return;
    if (tries === 100) throw new Error('the deploy lock stayed taken');
    await sleep(20);
  }
}

describe.each(DEPLOY_DATABASES)('deploys at once on $name', { timeout: 240_000 }, ({ name, env: databaseEnv }) => {
  /** A repository and database; `other` is a second connection on PostgreSQL, the same PGlite otherwise (one session). */
  const setup = async () => {
    const opened = await openDeployRepo(tempDir(), databaseEnv);
    let other = opened.db;
    if (name === 'postgres') {
      other = await createRuntime(opened.env).openDatabase();
      onTestFinished(() => other.close());
    }
    return { ...opened, other, cases: fewCases(opened.repo) };
  };

  it('embeds and evaluates with no transaction and no lock held; a version activated meanwhile is gated against again', async () => {
    const { repo, runtime, db, other, cases } = await setup();
    for (const v of ['v0', 'v1']) expect(await runDeploy(runtime, db, deployOptions(repo, v, { casesPath: cases }))).toMatchObject({ outcome: 'activated' });
    repo.edit(FROZEN.file, FROZEN.before, FROZEN.after);

    // Paused while evaluating v1, the version it is gated against: another connection takes the
    // deploy lock and activates v0 (on PGlite, one session: a transaction at all).
    const late: string[] = [];
    const ports = pausingAt(runtime, async (n) => {
      if (n === 2) await within(late, 10_000, 'activating v0 while the deploy evaluates', activateUnderLock(other, 'v0'));
    });
    const v2 = await runDeploy(ports, db, deployOptions(repo, 'v2', { casesPath: cases }));

    expect(late).toEqual([]);
    expect(v2).toMatchObject({ version: 'v2', outcome: 'activated', reasons: [] });
    // The candidate, v1, then v0 (active when v2 was to be stored): its verdict is against v0.
    expect(ports.loads()).toBe(3);
    expect((await findDeployment(db, 'v2'))?.healthReport).toMatchObject({ against: 'v0', pass: true, cases: 12 });
    expect(await readActive(db)).toMatchObject({ version: 'v2', activatedBy: 'test' });
    expect(await versions(db)).toEqual(['v2', 'v1', 'v0']);
  });

  it('two deploys at once compute side by side, then store one after the other; the later is gated against the earlier', async () => {
    const { repo, runtime, db, other, cases } = await setup();
    await runDeploy(runtime, db, deployOptions(repo, 'v1', { casesPath: cases }));
    const cached = await cachedTexts(db);
    const refit = refitTextsOf(repo.sopsDir, embedTextsOf(repo.sopsDir));
    repo.edit(FROZEN.file, FROZEN.before, FROZEN.after);

    // Each waits, with its candidate built, until the other has built its own: neither holds what the other needs.
    const late: string[] = [];
    let arrived = 0;
    let bothBuilt: () => void = () => {};
    const built = new Promise<void>((resolve) => (bothBuilt = resolve));
    const barrier = async (n: number) => {
      if (n !== 1) return;
      if (++arrived === 2) bothBuilt();
      await within(late, 60_000, 'both deploys building at once', built);
    };
    const [a, b] = await Promise.all([
      runDeploy(pausingAt(runtime, barrier), db, deployOptions(repo, 'v2', { casesPath: cases })),
      runDeploy(pausingAt(runtime, barrier), other, deployOptions(repo, 'v3', { casesPath: cases })),
    ]);

    expect(late).toEqual([]);
    expect([a.outcome, b.outcome]).toEqual(['activated', 'activated']);
    // Both embedded the changed text (neither had stored it yet); the stale calibration was refitted once, by the first.
    expect([a.embedded, b.embedded]).toEqual([1 + refit.length, 1]);
    expect(await cachedTexts(db)).toBe(cached + 1 + refit.length);
    const stored = "SELECT version, count(*)::int AS n FROM deployments WHERE version IN ('v2', 'v3') GROUP BY version ORDER BY version";
    const { rows } = await db.query<{ version: string; n: number }>(stored);
    expect(rows).toEqual([
      { version: 'v2', n: 1 },
      { version: 'v3', n: 1 },
    ]);

    // Whichever stored first was gated against v1, the other against it, and that one is active: newest first.
    const listed = await versions(db);
    expect([[...listed.slice(0, 2)].sort(), listed.slice(2)]).toEqual([['v2', 'v3'], ['v1']]);
    const [second, first] = listed as [string, string];
    expect((await findDeployment(db, first))?.healthReport).toMatchObject({ against: 'v1', pass: true });
    expect((await findDeployment(db, second))?.healthReport).toMatchObject({ against: first, pass: true });
    expect(await readActive(db)).toMatchObject({ version: second, pinned: false });
  });

  it('a first version gated while another is activated is gated against it, and activated unhealthy only while nothing is active', async () => {
    const { repo, runtime, db, other, cases } = await setup();
    writeFileSync(repo.rolloutFile, rolloutMissingGates('tech', 100));
    // A server's first version on an empty database; paused once it has seen that nothing is active.
    let paused = false;
    const seeing: Db = {
      ...db,
      query: async <T>(sql: string, params?: readonly unknown[]) => {
        const result = await db.query<T>(sql, params);
        if (!paused && sql.startsWith('SELECT active_version')) {
          paused = true;
          // Meanwhile a healthy version is deployed (and its rollout.yaml restored for it).
          writeFileSync(repo.rolloutFile, testRollout());
          const v1 = await within([], 120_000, 'deploying v1 meanwhile', runDeploy(runtime, other, deployOptions(repo, 'v1', { casesPath: cases })));
          expect(v1).toMatchObject({ outcome: 'activated' });
        }
        return result;
      },
    };
    const first = await runDeploy(runtime, seeing, deployOptions(repo, 'first', { casesPath: cases, activateUnhealthy: true }));

    expect(paused).toBe(true);
    expect(first.outcome).toBe('unhealthy');
    // Gated again against v1: the route's mode was raised from v1's shadow, not put in rollout from nothing.
    const raised = /^tech: confident-and-correct [\d.]+ is below 1\.00 \(mode raised shadow → rollout \(100%\)\)$/;
    expect(first.reasons).toContainEqual(expect.stringMatching(raised));
    expect(await findDeployment(db, 'first')).toMatchObject({ health: 'failed', healthReport: { against: 'v1', pass: false } });
    expect(await readActive(db)).toMatchObject({ version: 'v1', pinned: false });
  });

  it('a deploy whose base keeps changing gives up after three checks more, storing nothing', async () => {
    const { repo, runtime, db, other, cases } = await setup();
    for (const v of ['v0', 'v1']) await runDeploy(runtime, db, deployOptions(repo, v, { casesPath: cases }));
    const cached = await cachedTexts(db);
    repo.edit(FROZEN.file, FROZEN.before, FROZEN.after);
    // Each time it evaluates the active version, the other one is activated.
    const late: string[] = [];
    const ports = pausingAt(runtime, async (n) => {
      if (n >= 2) await within(late, 10_000, 'switching the active version', activateUnderLock(other, n % 2 === 0 ? 'v0' : 'v1'));
    });

    await expect(runDeploy(ports, db, deployOptions(repo, 'v2', { casesPath: cases }))).rejects.toThrow(
      'another version was activated while v2 was checked, 4 times: nothing was stored; deploy again',
    );
    expect(late).toEqual([]);
    expect(ports.loads()).toBe(5);
    expect(await versions(db)).toEqual(['v1', 'v0']);
    expect(await cachedTexts(db)).toBe(cached);
  });
});
