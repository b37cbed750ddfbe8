// `npm run bench -- deploy`: a full deploy of this repository's SOPs, a deploy after changing one file,
// and how soon another replica switches to a new active version (PostgreSQL LISTEN/NOTIFY).
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runDeploy, startLiveVersion } from '../src/deploy/index.ts';
import { createRuntime } from '../src/main.ts';
import { runAskLoad, type AskLoad } from './generator.ts';
import type { BenchRow } from './report.ts';

/** Long enough for a deploy that refits a stale calibration (about 15 s here) to go live while the load still runs. */
const LOAD_SECONDS = 40;

export async function benchDeploy(): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_deploy_${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-deploy-'));
  for (const part of ['sops', 'calibration', 'evals', 'rollout.yaml']) cpSync(part, join(dir, part), { recursive: true });
  const env = {
    ...process.env,
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: '',
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    SOPS_DIR: join(dir, 'sops'),
    EVALS_DIR: join(dir, 'evals'),
  };
  const runtime = createRuntime(env);
  const db = await runtime.openDatabase();
  const replicaDb = await runtime.openDatabase();
  const deploy = async (version: string) => {
    const started = performance.now();
    const result = await runDeploy(runtime, db, {
      sopsDir: env.SOPS_DIR,
      rolloutFile: join(dir, 'rollout.yaml'),
      casesPath: env.EVALS_DIR,
      version,
      commitMessage: null,
      deployedBy: 'bench',
      keep: 10,
    });
    return { ...result, seconds: (performance.now() - started) / 1000 };
  };
  try {
    const full = await deploy('v1');
    const file = join(dir, 'sops/tech/frozen-screen.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Sorry about that, TrackMan has locked up.', 'TrackMan has frozen, sorry.'));
    const incremental = await deploy('v2');

    // A replica following the database: the time from the deploy's commit to its switch.
    const replica = await startLiveVersion({ ports: runtime, db: replicaDb, log: runtime.log, bootstrap: async () => 'v2', pollMs: 2000 });
    writeFileSync(file, readFileSync(file, 'utf8').replace('TrackMan has frozen, sorry.', 'Sorry, TrackMan has frozen.'));
    const third = await deploy('v3');
    const committed = performance.now();
    while (replica.current().version !== 'v3' && performance.now() - committed < 10_000) await sleep(5);
    const switchMs = performance.now() - committed;
    await replica.close();

    // A server under a steady 200 requests/s while a new version is deployed: no request may fail,
    // and every answer names one version. (The recorded Assistant has no recording of the question,
    // so the SOP answer stands in and its structure names the version.)
    const service = await createRuntime({ ...env, DEPLOY_POLL_MS: '2000', PORT: '0' }).startService({ port: 0, worker: false });
    let load: AskLoad;
    let deployAtMs = 0;
    try {
      const loadStarted = performance.now();
      const running = runAskLoad(service.url, 200, LOAD_SECONDS);
      await sleep(3000);
      writeFileSync(file, readFileSync(file, 'utf8').replace('Sorry, TrackMan has frozen.', 'TrackMan is frozen: sorry about that.'));
      // From another process, as CI deploys: the server's event loop is not the deployer's.
      await new Promise<void>((resolve, reject) => {
        execFile(process.execPath, ['bin/sop.js', 'deploy', '--version', 'v4', '--by', 'bench'], { env }, (error, _out, stderr) =>
          error ? reject(new Error(`sop deploy failed: ${stderr}`)) : resolve(),
        );
      });
      deployAtMs = performance.now() - loadStarted;
      load = await running;
    } finally {
      await service.close();
    }
    const failed =
      load.errors +
      Object.entries(load.statuses)
        .filter(([status]) => status !== '200')
        .reduce((n, [, c]) => n + c, 0);
    return {
      rows: [
        {
          figure: `full deploy of this repository's SOPs (${full.sections} units, local embedder, health check included)`,
          value: `${full.seconds.toFixed(2)} s, ${full.embedded} texts embedded`,
          target: '< 3 s',
          command: 'sop deploy',
        },
        {
          figure: 'deploy after changing one sentence of one SOP',
          value: `${incremental.seconds.toFixed(2)} s, ${incremental.embedded} text(s) embedded anew of ${incremental.sections} units`,
          target: "only the changed file's sections",
          command: 'sop deploy',
        },
        {
          figure: 'a replica switches to a new active version (PostgreSQL NOTIFY, polling every 2 s as fallback)',
          value: `${switchMs.toFixed(0)} ms after the deploy committed`,
          reference: `the deploy itself ${third.seconds.toFixed(2)} s`,
          target: '< 5 s',
          command: 'npm run bench -- deploy',
        },
        {
          figure: `POST /api/ask at 200/s for ${LOAD_SECONDS} s, \`sop deploy\` from another process at 3 s: failed requests, answers per version`,
          value: `${failed} failed of ${load.sent}; ${Object.entries(load.versions)
            .map(([v, n]) => `${v} ${n}`)
            .join(', ')}; ${
            load.firstSeenMs.v4 === undefined
              ? `no v4 answer before the load ended (the deploy exited ${(deployAtMs / 1000).toFixed(1)} s into it)`
              : `first v4 answer ${(load.firstSeenMs.v4 - deployAtMs).toFixed(0)} ms from the deploy process's exit (negative: before it had exited)`
          }`,
          reference: `p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms`,
          target: 'no failed request',
          command: 'npm run bench -- deploy',
        },
      ],
      results: { full, incremental, switchMs, underLoad: { ...load, deployAtMs } },
    };
  } finally {
    await db.exec(`DROP SCHEMA ${schema} CASCADE`);
    await replicaDb.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
