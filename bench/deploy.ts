// `npm run bench -- deploy`: a full deploy of this repository's SOPs, a deploy after changing one file,
// and how soon another replica switches to a new active version (PostgreSQL LISTEN/NOTIFY).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runDeploy, startLiveVersion } from '../src/deploy/index.ts';
import { createRuntime } from '../src/main.ts';
import type { BenchRow } from './router.ts';

export async function benchDeploy(): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_deploy_${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-deploy-'));
  for (const part of ['sops', 'calibration', 'evals', 'rollout.yaml']) cpSync(part, join(dir, part), { recursive: true });
  const env = { ...process.env, LOG_LEVEL: 'silent', OPENAI_API_KEY: '', DATABASE_URL: url, DATABASE_SCHEMA: schema, SOPS_DIR: join(dir, 'sops'), EVALS_DIR: join(dir, 'evals') };
  const runtime = createRuntime(env);
  const db = await runtime.openDatabase();
  const replicaDb = await runtime.openDatabase();
  const deploy = async (version: string) => {
    const started = performance.now();
    const result = await runDeploy(runtime, db, { sopsDir: env.SOPS_DIR, rolloutFile: join(dir, 'rollout.yaml'), casesPath: env.EVALS_DIR, version, commitMessage: null, deployedBy: 'bench', keep: 10 });
    return { ...result, seconds: (performance.now() - started) / 1000 };
  };
  try {
    const full = await deploy('v1');
    const file = join(dir, 'sops/tech/frozen-screen.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Sorry about that, TrackMan has locked up.', 'TrackMan has frozen, sorry.'));
    const incremental = await deploy('v2');

    // A replica following the database: the time from the deploy's commit to its switch.
    const replica = await startLiveVersion({ runtime, db: replicaDb, log: runtime.log, bootstrap: async () => 'v2', pollMs: 2000 });
    writeFileSync(file, readFileSync(file, 'utf8').replace('TrackMan has frozen, sorry.', 'Sorry, TrackMan has frozen.'));
    const third = await deploy('v3');
    const committed = performance.now();
    while (replica.current().version !== 'v3' && performance.now() - committed < 10_000) await sleep(5);
    const switchMs = performance.now() - committed;
    await replica.close();
    return {
      rows: [
        { figure: `full deploy of this repository's SOPs (${full.sections} units, local embedder, health check included)`, value: `${full.seconds.toFixed(2)} s, ${full.embedded} texts embedded`, target: '< 3 s', command: 'sop deploy' },
        { figure: 'deploy after changing one sentence of one SOP', value: `${incremental.seconds.toFixed(2)} s, ${incremental.embedded} text(s) embedded anew of ${incremental.sections} units`, target: "only the changed file's sections", command: 'sop deploy' },
        { figure: 'a replica switches to a new active version (PostgreSQL NOTIFY, polling every 2 s as fallback)', value: `${switchMs.toFixed(0)} ms after the deploy committed`, reference: `the deploy itself ${third.seconds.toFixed(2)} s`, target: '< 5 s', command: 'npm run bench -- deploy' },
      ],
      results: { full, incremental, switchMs },
    };
  } finally {
    await db.exec(`DROP SCHEMA ${schema} CASCADE`);
    await replicaDb.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
