import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPgliteDb, runMigrations } from '../../src/db/index.ts';
import { MIGRATIONS } from '../db/databases.ts';
import { runSop, runSopJson, useTempDirs } from './run-sop.ts';

const tempDir = useTempDirs('sop-metrics-');

/** A PGlite data folder holding `n` decisions of today on booking, one in three answered by the SOP. */
async function seeded(n: number): Promise<string> {
  const dataDir = tempDir();
  const db = await createPgliteDb({ dataDir: join(dataDir, 'pglite') });
  await runMigrations(db, MIGRATIONS);
  for (let i = 0; i < n; i++) {
    const sop = i % 3 === 0;
    await db.query(
      `INSERT INTO sop_decisions (route, mode, answered_by, reason, percentage, threshold, latency_ms, sop_confidence, sop_latency_ms, assistant_latency_ms, assistant_tokens, assistant_cost_usd, config_version)
       VALUES ('booking', 'rollout', $1, $2, 50, 0.75, $3, 0.9, 4, $4, $5, $6, 'abc')`,
      [sop ? 'sop' : 'assistant', sop ? 'confident' : 'outside_rollout', sop ? 4 : 900, sop ? null : 900, sop ? 0 : 1000, sop ? 0 : 0.001],
    );
  }
  await db.close();
  return dataDir;
}

describe('sop metrics', () => {
  it('aggregates the decisions into daily metrics and reports the saving against the baseline', { timeout: 60_000 }, async () => {
    const dataDir = await seeded(9);
    const summary = runSopJson<{ overall: { total: number; sopUsed: number; assistantUsed: number }; baselineMonthlyUsd: number }>(
      ['metrics', '--json', '--days', '2'],
      { env: { DATA_DIR: dataDir } },
    );
    expect(summary.baselineMonthlyUsd).toBe(750);
    expect(summary.overall).toMatchObject({ total: 9, sopUsed: 3, assistantUsed: 6 });
    const text = runSop(['metrics', '--days', '2'], { env: { DATA_DIR: dataDir } });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('booking');
    expect(text.stdout).toMatch(/Estimated monthly saving against the \$750\/month baseline: /);
  });

  it('says where decisions come from when there are none', { timeout: 60_000 }, () => {
    const run = runSop(['metrics'], { env: { DATA_DIR: tempDir() } });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('no decisions in the last 7 day(s): they are recorded for every POST /api/ask the service answers\n');
    expect(runSop(['metrics', '--days', '0']).status).toBe(2);
  });
});
