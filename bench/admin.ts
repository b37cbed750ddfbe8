// The dashboard's figures for `npm run bench -- admin`: how long its pages take over a month of busy
// traffic, beside the same figures read straight from the database by the functions the pages call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../src/evals/index.ts';
import { createRuntime } from '../src/main.ts';
import { listComparisons, loadMetricsSummary, readDecisionStats } from '../src/metrics/index.ts';
import { signInAdmin } from '../test/http/admin-client.ts';
import type { BenchRow } from './report.ts';

const COMMAND = 'npm run bench -- admin';
const DECISIONS = 100_000;
const COMPARISONS = 20_000;
const ROUNDS = 15;
const TOKEN = 'a-benchmark-admin-token-0123456789';

const ms = (x: number) => `${x.toFixed(1)} ms`;

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function benchAdmin(): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const rows: BenchRow[] = [];
  const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_admin_${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'sop-bench-admin-'));
  const service = await createRuntime({
    ...process.env,
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: '',
    DATABASE_URL: pgUrl,
    DATABASE_SCHEMA: schema,
    DATA_DIR: dataDir,
    ADMIN_TOKEN: TOKEN,
  }).startService({ port: 0, worker: false });
  const results: Record<string, unknown> = {};
  try {
    const db = service.db;
    // A month of traffic spread over 30 days and four routes, and the shadow comparisons of a tenth of it.
    await db.query(
      `INSERT INTO sop_decisions (created_at, route, mode, answered_by, reason, percentage, threshold, fallback, escalated, sop_confidence, sop_latency_ms, assistant_latency_ms, latency_ms, assistant_cost_usd, config_version)
       SELECT now() - (i % 30) * interval '1 day' - (i % 997) * interval '1 second', (ARRAY['booking','emergency','tech','brand'])[1 + i % 4], 'rollout',
         (ARRAY['sop','assistant','escalation'])[1 + (i % 10) / 5], 'confident', 50, 0.75, i % 17 = 0, i % 10 = 9, (i % 100) / 100.0, 1 + i % 7, CASE WHEN i % 2 = 0 THEN 800 + i % 900 END, 5, 0.002, 'bench'
       FROM generate_series(1, $1) AS i`,
      [DECISIONS],
    );
    await db.query(
      `INSERT INTO sop_shadow_comparisons (created_at, route, query, assistant_response, sop_response, assistant_latency_ms, sop_latency_ms, sop_confidence, similarity)
       SELECT now() - (i % 30) * interval '1 day', (ARRAY['booking','emergency','tech','brand'])[1 + i % 4], 'the screen froze in bay ' || i,
         'Please restart the simulator from the Windows menu and try again.', 'Close TrackMan with Alt+F4 and open it again from the desktop.', 900, 3, (i % 100) / 100.0, (i % 97) / 97.0
       FROM generate_series(1, $1) AS i`,
      [COMPARISONS],
    );
    await db.exec('ANALYZE');
    const { cookie } = await signInAdmin(service.url, TOKEN, 'bench');
    if (!cookie) throw new Error('the benchmark could not sign in to the dashboard');
    const page = (path: string) => async () => {
      const res = await fetch(`${service.url}${path}`, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      await res.text();
    };
    const today = new Date();
    const direct = {
      overview: () => loadMetricsSummary(db, { days: 30, today, baselineMonthlyUsd: 750 }).then((s) => readDecisionStats(db, s.range)),
      comparisons: () => listComparisons(db, { route: 'tech', similarityBelow: 0.5, limit: 50 }),
    };
    const measured = {
      overview: { page: await time(page('/admin?days=30')), direct: await time(direct.overview) },
      comparisons: { page: await time(page('/admin/comparisons?route=tech&similarity_below=0.5')), direct: await time(direct.comparisons) },
      deployments: { page: await time(page('/admin/deployments')) },
    };
    rows.push({
      figure: `dashboard overview, 30 days of ${DECISIONS.toLocaleString('en-US')} decisions (PostgreSQL): median page`,
      value: ms(median(measured.overview.page)),
      reference: `the same figures from its functions alone ${ms(median(measured.overview.direct))} (ratio ${(median(measured.overview.page) / median(measured.overview.direct)).toFixed(2)})`,
      target: '< 500 ms',
      command: COMMAND,
    });
    rows.push({
      figure: `dashboard shadow comparisons filtered, of ${COMPARISONS.toLocaleString('en-US')}: median page`,
      value: ms(median(measured.comparisons.page)),
      reference: `the query alone ${ms(median(measured.comparisons.direct))}`,
      target: '< 200 ms',
      command: COMMAND,
    });
    rows.push({ figure: 'dashboard deployments page: median', value: ms(median(measured.deployments.page)), command: COMMAND });
    results.pagesMs = measured;
  } finally {
    await service.db.exec(`DROP SCHEMA ${schema} CASCADE`);
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { rows, results };
}
