/**
 * Hot swap: running servers answer from the active deployed version and follow it without a
 * restart. Under a steady load, a deploy (and then a rollback) reaches every server within 5 s,
 * no request fails, and each answer comes wholly from one version. On PostgreSQL two servers share
 * the schema and learn of the change by NOTIFY (their polling is set far beyond the 5 s).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { activate, readActive, runDeploy, startLiveVersion } from '../../src/deploy/index.ts';
import { createRuntime, type Service } from '../../src/main.ts';
import { useTempDirs } from '../cli/run-sop.ts';
import {
  DEPLOY_DATABASES,
  deployOptions,
  dropSchema,
  embedTextsOf,
  FROZEN,
  makeDeployRepo,
  openDeployRepo,
  refitTextsOf,
  rolloutWithoutGates,
  runSopAsync,
  runtimeEnv,
} from './deploy-repo.ts';

const tempDir = useTempDirs('sop-hot-swap-');

/** Tech answered by the SOP module for every request, with gates any version passes. */
const ROLLOUT = rolloutWithoutGates('tech');

type Answer = {
  server: string;
  started: number;
  ended: number;
  status: number;
  version: string | null;
  response: string;
  answeredBy: string | null;
  error: string | null;
};

/** Asks every server the frozen-screen question over and over, a few requests at a time, keeping every answer. */
function startLoad(servers: string[], concurrency = 4) {
  const answers: Answer[] = [];
  let running = true;
  let n = 0;
  const loop = async () => {
    while (running) {
      const server = servers[n % servers.length]!;
      const stickyKey = `+1555${String(n++).padStart(7, '0')}`;
      const started = performance.now();
      try {
        const res = await fetch(`${server}/api/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: FROZEN.question, route: 'tech', stickyKey }),
        });
        const body = (await res.json()) as { response?: string; answeredBy?: string; structured?: { version?: string } | null; error?: string };
        answers.push({
          server,
          started,
          ended: performance.now(),
          status: res.status,
          version: body.structured?.version ?? null,
          response: body.response ?? '',
          answeredBy: body.answeredBy ?? null,
          error: body.error ?? null,
        });
      } catch (error) {
        answers.push({ server, started, ended: performance.now(), status: 0, version: null, response: '', answeredBy: null, error: (error as Error).message });
      }
    }
  };
  const workers = Array.from({ length: concurrency }, loop);
  return {
    answers,
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** How long after `since` each server first answered from `version`; fails after `withinMs`. */
async function switchTimes(load: ReturnType<typeof startLoad>, servers: string[], version: string, since: number, withinMs = 5000): Promise<number[]> {
  const first = (server: string) => load.answers.find((a) => a.server === server && a.version === version && a.ended >= since);
  while (performance.now() - since < withinMs && !servers.every(first)) await sleep(10);
  return servers.map((server) => {
    const answer = first(server);
    if (!answer) throw new Error(`${server} did not answer from ${version} within ${withinMs} ms`);
    return answer.ended - since;
  });
}

/** Every answer succeeded, came from the SOP module, and holds the text of exactly the version it names. */
function expectWholeVersions(answers: Answer[], texts: Record<string, string>) {
  expect(answers.filter((a) => a.status !== 200 || a.answeredBy !== 'sop')).toEqual([]);
  const all = Object.values(texts);
  const mixed = answers.filter((a) => {
    const own = a.version === null ? undefined : texts[a.version];
    return own === undefined || !a.response.includes(own) || all.some((t) => t !== own && a.response.includes(t));
  });
  expect(mixed).toEqual([]);
}

/** Once a server answered from `version` (after `since`), every request it got afterwards is answered from it too. */
function expectNoWayBack(answers: Answer[], servers: string[], version: string, since: number) {
  for (const server of servers) {
    const switched = answers.find((a) => a.server === server && a.version === version && a.ended >= since)!.ended;
    expect(answers.filter((a) => a.server === server && a.started > switched && a.version !== version)).toEqual([]);
  }
}

const readyVersion = async (server: string) => ((await (await fetch(`${server}/readyz`)).json()) as { checks: { version: string } }).checks.version;

describe.each(DEPLOY_DATABASES)('hot swap on $name', ({ name, env: databaseEnv }) => {
  it('servers switch to a deployed version under load within 5 s, whole answers only, and follow a rollback', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const repo = makeDeployRepo(join(dir, 'repo'));
    writeFileSync(repo.rolloutFile, ROLLOUT);
    repo.commit('tech answered by the SOP module');
    // PostgreSQL: NOTIFY alone must bring the switch within 5 s. PGlite has only the poll.
    const env = { ...runtimeEnv(repo, databaseEnv(dir)), DEPLOY_POLL_MS: name === 'postgres' ? '60000' : '200' };

    // Two servers on PostgreSQL, started together on an empty schema: one builds the first version.
    const services: Service[] = await Promise.all(
      Array.from({ length: name === 'postgres' ? 2 : 1 }, () => createRuntime(env).startService({ port: 0, worker: false })),
    );
    onTestFinished(async () => {
      await Promise.all(services.map((s) => s.close()));
      await dropSchema(env);
    });
    const servers = services.map((s) => s.url);
    const [v1] = await Promise.all(servers.map(readyVersion));
    expect(v1).toMatch(/^local-[0-9a-f]{12}$/);
    expect(await Promise.all(servers.map(readyVersion))).toEqual(servers.map(() => v1));
    expect(await readActive(services[0]!.db)).toMatchObject({ version: v1, pinned: false });

    // Deploys go through another connection on PostgreSQL; PGlite is held by the one server.
    const deployer = createRuntime(env);
    const deployDb = name === 'postgres' ? await deployer.openDatabase() : services[0]!.db;
    if (deployDb !== services[0]!.db) onTestFinished(() => deployDb.close());

    const load = startLoad(servers);
    onTestFinished(() => load.stop());
    await sleep(300);
    const refit = refitTextsOf(repo.sopsDir, embedTextsOf(repo.sopsDir));
    repo.edit(FROZEN.file, FROZEN.before, FROZEN.after);
    const deployed = await runDeploy(deployer, deployDb, deployOptions(repo, 'v2'));
    const committed = performance.now();
    // The changed sentence, and what the calibration (stale since the edit) is refitted with.
    expect(deployed).toMatchObject({ version: 'v2', outcome: 'activated', embedded: 1 + refit.length });
    const toV2 = await switchTimes(load, servers, 'v2', committed);
    await sleep(300);
    expect(await Promise.all(servers.map(readyVersion))).toEqual(servers.map(() => 'v2'));

    // Roll back: the CLI on PostgreSQL; on PGlite (held by the server) the same activation in process.
    const rolledBack = performance.now();
    if (name === 'postgres') {
      const run = await runSopAsync(['deploy', '--rollback', '--by', 'test'], { cwd: repo.dir, env });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(`rolled back to ${v1}, pinned: deploys are stored but not activated until sop deploy --unpin\n`);
    } else {
      await deployDb.transaction((tx) => activate(tx, v1!, 'test', true));
    }
    const toV1 = await switchTimes(load, servers, v1!, rolledBack);
    await sleep(300);
    await load.stop();

    expect(await Promise.all(servers.map(readyVersion))).toEqual(servers.map(() => v1));
    expect(await readActive(services[0]!.db)).toMatchObject({ version: v1, pinned: true });
    const count = (version: string, from: number, to: number) => load.answers.filter((a) => a.version === version && a.started >= from && a.ended <= to).length;
    expect(count(v1!, 0, committed)).toBeGreaterThan(0);
    expect(count('v2', committed, rolledBack)).toBeGreaterThan(0);
    expect(count(v1!, rolledBack, Infinity)).toBeGreaterThan(0);
    expectWholeVersions(load.answers, { [v1!]: FROZEN.before, v2: FROZEN.after });
    expectNoWayBack(
      load.answers.filter((a) => a.ended < rolledBack),
      servers,
      'v2',
      committed,
    );
    expectNoWayBack(load.answers, servers, v1!, rolledBack);
    expect(Math.max(...toV2, ...toV1)).toBeLessThan(5000);
  });
});

describe.each(DEPLOY_DATABASES)('following the active version on $name', ({ env: databaseEnv }) => {
  /** v1 active and v2, v3 stored; reading v2's knowledge goes through `v2` (delayed or failing). */
  const setup = async (v2: () => Promise<void>) => {
    const { repo, runtime, db } = await openDeployRepo(tempDir(), databaseEnv);
    for (const v of ['v1', 'v2', 'v3']) await runDeploy(runtime, db, deployOptions(repo, v, { casesPath: null }));
    await db.transaction((tx) => activate(tx, 'v1', 'test', false));
    const replica: Db = {
      ...db,
      query: async <T>(sql: string, params?: readonly unknown[]) => {
        if (sql.includes('knowledge, rollout FROM deployments') && params?.[0] === 'v2') await v2();
        return db.query<T>(sql, params);
      },
    };
    // Polling far beyond the test: only the notices move it.
    const live = await startLiveVersion({
      ports: runtime,
      db: replica,
      log: runtime.log,
      bootstrap: () => Promise.reject(new Error('v1 is active')),
      pollMs: 60_000,
    });
    onTestFinished(() => live.close());
    expect(live.current().version).toBe('v1');
    const activateNow = (version: string) => db.transaction((tx) => activate(tx, version, 'test', false));
    const until = async (done: () => boolean) => {
      for (const started = performance.now(); !done() && performance.now() - started < 3000; ) await sleep(10);
    };
    return { live, activateNow, until };
  };

  it('a version activated while another is still loading is followed at once, not at the next poll', { timeout: 60_000 }, async () => {
    const { live, activateNow, until } = await setup(() => sleep(500));
    await activateNow('v2');
    await until(() => live.status().loading === 'v2');
    expect(live.status()).toEqual({ version: 'v1', loading: 'v2', error: null });
    await activateNow('v3');
    await until(() => live.current().version === 'v3');
    expect(live.status()).toEqual({ version: 'v3', loading: null, error: null });
  });

  it('a version that cannot load leaves the previous one answering, and says so until the active one answers again', { timeout: 60_000 }, async () => {
    const { live, activateNow, until } = await setup(() => Promise.reject(new Error('connection lost')));
    await activateNow('v2');
    await until(() => live.status().error !== null);
    expect(live.status()).toEqual({ version: 'v1', loading: null, error: 'connection lost' });
    // Rolled back to what answers: nothing failed any more.
    await activateNow('v1');
    await until(() => live.status().error === null);
    expect(live.status()).toEqual({ version: 'v1', loading: null, error: null });
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('a separate worker on postgres', () => {
  it('classifies against the active deployed version, not its own SOPs folder, and follows a deploy', { timeout: 60_000 }, async () => {
    const postgres = DEPLOY_DATABASES.find((d) => d.name === 'postgres')!;
    const { repo, runtime, db, env } = await openDeployRepo(tempDir(), postgres.env);
    await runDeploy(runtime, db, deployOptions(repo, 'v1', { casesPath: null }));
    // Its own SOPs folder is empty: only the deployment can give it knowledge. Polling is far beyond the test.
    const ownSops = join(tempDir(), 'sops');
    mkdirSync(ownSops);
    const separate = await createRuntime({ ...env, SOPS_DIR: ownSops, DEPLOY_POLL_MS: '60000' }).startWorker();
    onTestFinished(() => separate.close());
    expect(separate.version()).toBe('v1');

    repo.edit(FROZEN.file, FROZEN.before, FROZEN.after);
    repo.commit('reword the frozen screen reply');
    await runDeploy(runtime, db, deployOptions(repo, 'v2', { casesPath: null }));
    for (const started = performance.now(); separate.version() !== 'v2' && performance.now() - started < 5000; ) await sleep(10);
    expect(separate.version()).toBe('v2');
  });
});
