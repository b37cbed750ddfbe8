/**
 * `sop deploy` as a user runs it, in a child process: deploys the commit of the SOPs; `--rollback`
 * activates the previous (or named) version and pins it, so the next deploy is stored but not
 * activated (exit 3) until `--unpin`; `--list` shows which is active and pinned; a version missing its gates
 * exits 1; uncommitted SOPs and unknown versions exit 2. On PostgreSQL, a deploy killed between
 * writing its version and activating it leaves the active version as it was.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_LOCK } from '../../src/deploy/index.ts';
import { createRuntime } from '../../src/main.ts';
import { unitsOfDocuments } from '../../src/search/index.ts';
import { loadCorpus } from '../../src/sops/index.ts';
import {
  DEPLOY_DATABASES,
  dropSchema,
  embedTextsOf,
  FROZEN,
  makeDeployRepo,
  refitTextsOf,
  rolloutMissingGates,
  runtimeEnv,
  testRollout,
  type DeployRepo,
} from '../deploy/deploy-repo.ts';
import { runSop, SOP_BIN, sopEnv, useTempDirs } from './run-sop.ts';

const tempDir = useTempDirs('sop-cli-deploy-');

/** One line of `sop deploy --list` for a version: health, the active/pinned mark (or none), who. */
const listed = (version: string, health: string, mark: string, by: string) =>
  new RegExp(`^${version}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  ${health}\\s+${mark}\\s+${by}  `, 'm');

// Each test runs several real deploys (embedding, two evals each): on a shared 2-core machine one took
// 101 s, so the bound is twice the usual run, not a target.
describe.each(DEPLOY_DATABASES)('sop deploy on $name', { timeout: 180_000 }, ({ name, env: databaseEnv }) => {
  let repo: DeployRepo;
  let env: Record<string, string | undefined>;
  let sections = 0;
  let texts = 0;
  const sop = (...args: string[]) => runSop(['deploy', ...args], { cwd: repo.dir, env, timeoutMs: 60_000 });
  const commits: string[] = [];

  beforeAll(() => {
    const dir = tempDir();
    repo = makeDeployRepo(join(dir, 'repo'));
    commits.push(repo.git('rev-parse', 'HEAD'));
    env = { DATABASE_URL: undefined, DATABASE_SCHEMA: undefined, ...runtimeEnv(repo, databaseEnv(dir)) };
    const units = unitsOfDocuments(loadCorpus(repo.sopsDir, { strict: false }).docs);
    sections = units.length;
    texts = embedTextsOf(repo.sopsDir).size;
    return () => dropSchema(env as Record<string, string>);
  });

  it('deploys the commit of the SOPs and activates it; the same commit again has nothing to do', () => {
    const [v1] = commits;
    const run = sop('--by', 'ci');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      `deployed ${v1} (${sections} sections, ${texts} texts embedded anew); health check passed; active on every server within seconds\n`,
    );
    expect(run.status).toBe(0);
    const again = sop('--by', 'ci');
    expect(again.stdout).toBe(`${v1} is stored already with the same content: nothing to do\n`);
    expect(again.status).toBe(0);
  });

  it('--rollback activates the previous version and pins it; a deploy is then stored, not activated (exit 3), until --unpin', () => {
    const refit = refitTextsOf(repo.sopsDir, embedTextsOf(repo.sopsDir));
    repo.edit(FROZEN.file, FROZEN.before, FROZEN.after);
    commits.push(repo.commit('tech: a shorter apology'));
    const [v1, v2] = commits;
    // The changed sentence, and the out-of-scope questions the calibration (stale since the edit) is refitted with.
    expect(sop('--by', 'ci').stdout).toBe(
      `deployed ${v2} (${sections} sections, ${1 + refit.length} texts embedded anew); health check passed; active on every server within seconds\n`,
    );

    const back = sop('--rollback', '--by', 'on-call');
    expect(back.stdout).toBe(`rolled back to ${v1}, pinned: deploys are stored but not activated until sop deploy --unpin\n`);
    expect(back.status).toBe(0);

    repo.edit(FROZEN.file, 'Wait 30 seconds first', 'Wait half a minute first');
    commits.push(repo.commit('tech: wait half a minute'));
    const v3 = commits[2]!;
    const pinned = sop('--by', 'ci');
    expect(pinned.stdout).toBe(`stored ${v3} (${sections} sections, 1 text embedded anew); not activated: the active version is pinned by a rollback\n`);
    expect(pinned.stderr).toBe(
      `sop: ${v3} is stored but not activated (exit 3): ${v1} is active and pinned by a rollback\n` +
        `  sop deploy --unpin unpins and activates the newest healthy version (${v3})\n` +
        `  sop deploy --rollback ${v3} activates ${v3} and pins it\n`,
    );
    expect(pinned.status).toBe(3);

    const list = sop('--list');
    expect(list.status).toBe(0);
    expect(
      list.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.slice(0, 40)),
    ).toEqual([v3, v2, v1]);
    expect(list.stdout).toMatch(listed(v3!, 'passed', '', 'ci'));
    expect(list.stdout).toMatch(listed(v2!, 'passed', '', 'ci'));
    expect(list.stdout).toMatch(listed(v1!, 'passed', 'active, pinned', 'ci'));
    expect(list.stdout).toContain(`${sections} sections, 1 embedded  "tech: wait half a minute"\n`);

    // Unpinned: the next deploy is activated again (the next test).
    expect(sop('--unpin', '--by', 'on-call').stdout).toBe(`unpinned; ${v3} is active\n`);
  });

  it('refuses uncommitted changes to the SOPs without --version, naming the files; --version deploys them', () => {
    repo.edit(FROZEN.file, FROZEN.after, 'So sorry, TrackMan has hung.');
    writeFileSync(join(repo.sopsDir, 'tech', 'new-topic.md'), '---\ntitle: New topic\n---\n\n# New topic\n\n## Reply\nA new answer.\n');
    const refused = sop();
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      'sop: uncommitted changes to the SOPs, rollout.yaml or calibration:\n M sops/tech/frozen-screen.md\n?? sops/tech/new-topic.md\ncommit them first, or name the version with --version\n',
    );
    const named = sop('--version', 'hotfix-1', '--by', 'on-call');
    expect(named.stdout).toMatch(/^deployed hotfix-1 \(\d+ sections, \d+ texts embedded anew\); health check passed/);
    expect(named.status).toBe(0);
    repo.commit('tech: the hotfix, committed');
  });

  it('a version that misses its gates exits 1 with the reasons and leaves the active one; it cannot be rolled back to', () => {
    writeFileSync(repo.rolloutFile, rolloutMissingGates('tech', 100));
    const v4 = repo.commit('tech: rollout at 100%');
    const run = sop('--by', 'ci');
    const units = unitsOfDocuments(loadCorpus(repo.sopsDir, { strict: false }).docs).length;
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `^stored ${v4} \\(${units} sections, 0 texts embedded anew\\) but did not activate it: the health check failed\\n  tech: confident-and-correct [\\d.]+ is below 1\\.00 \\(mode raised shadow → rollout \\(100%\\)\\)\\n`,
      ),
    );
    const list = sop('--list').stdout;
    expect(list).toMatch(listed(v4, 'failed', '', 'ci'));
    expect(list).toMatch(listed('hotfix-1', 'passed', 'active', 'on-call'));

    const refused = sop('--rollback', v4.slice(0, 10));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`sop: version ${v4} failed its health check: roll back to a healthy one (sop deploy --list)\n`);
  });

  it('--rollback to a version that does not exist exits 2 and says so', () => {
    const run = sop('--rollback', 'no-such');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('sop: no version no-such: see sop deploy --list\n');
  });

  it('refuses a rollout.yaml that does not validate, naming file, line and field, and keeps the active version', () => {
    const before = sop('--list').stdout;
    const text = readFileSync(repo.rolloutFile, 'utf8');
    writeFileSync(repo.rolloutFile, testRollout().replace('  tech:\n    mode: shadow', '  tech:\n    mode: shadow\n    percentage: 150'));
    try {
      const run = sop('--version', 'bad-rollout');
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/rollout\.yaml:\d+:17 routes\.tech\.percentage: must be at most 100/);
      expect(sop('--list').stdout).toBe(before);
    } finally {
      writeFileSync(repo.rolloutFile, text);
    }
  });

  it.runIf(name === 'postgres')('a deploy killed between writing its version and activating it leaves the active version as it was', async () => {
    const db = await createRuntime(env).openDatabase();
    try {
      const active = async () => (await db.query<{ active_version: string }>('SELECT active_version FROM deployment_state')).rows[0]?.active_version;
      expect(await active()).toBe('hotfix-1');
      // A healthy version this time: only the kill keeps it from being activated.
      writeFileSync(repo.rolloutFile, testRollout());
      // The child names its connections, so this test sees when it holds the deploy lock and has
      // written the version (a row lock on deployments), uncommitted. The test holds the active row
      // meanwhile, so the child's activation waits right after its write: killed there, it has written
      // its version and not activated it.
      const app = `sop_killed_${randomBytes(4).toString('hex')}`;
      const holds = async (lock: string, params: unknown[]) =>
        (
          await db.query(`SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.application_name = $1 AND l.granted AND ${lock}`, [
            app,
            ...params,
          ])
        ).rows.length > 0;
      const written = () => holds("l.locktype = 'relation' AND l.relation = 'deployments'::regclass AND l.mode = 'RowExclusiveLock'", []);
      await db.transaction(
        async (tx) => {
          await tx.query('SELECT active_version FROM deployment_state FOR UPDATE');
          const child = spawn(process.execPath, [SOP_BIN, 'deploy', '--version', 'killed-1'], {
            cwd: repo.dir,
            env: sopEnv({ ...env, PGAPPNAME: app }),
            stdio: 'ignore',
          });
          const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_, signal) => resolve(signal)));
          const started = Date.now();
          while (!(await written())) {
            if (Date.now() - started > 60_000) throw new Error('the deploy never wrote its version');
            await sleep(10);
          }
          expect(await holds("l.locktype = 'advisory' AND l.objid = $2", [DEPLOY_LOCK])).toBe(true);
          child.kill('SIGKILL');
          expect(await exited).toBe('SIGKILL');
        },
        { timeoutMs: 80_000 },
      );

      // PostgreSQL rolls the transaction back when the connection goes: nothing stored, nothing activated.
      for (let i = 0; i < 200 && (await holds("l.locktype = 'advisory' AND l.objid = $2", [DEPLOY_LOCK])); i++) await sleep(20);
      expect((await db.query("SELECT version FROM deployments WHERE version = 'killed-1'")).rows).toEqual([]);
      expect(await active()).toBe('hotfix-1');
      // And the lock was released: the same deploy runs again from the start.
      expect(sop('--version', 'killed-1', '--by', 'ci').stdout).toMatch(/^deployed killed-1 \(\d+ sections, 0 texts embedded anew\); health check passed/);
      expect(await active()).toBe('killed-1');
    } finally {
      await db.close();
    }
  });
});
