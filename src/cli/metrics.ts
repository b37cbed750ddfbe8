import type { Command } from 'commander';
import { BUILT_IN_ROLLOUT, readRolloutFile } from '../config/index.ts';
import { createRuntime } from '../main.ts';
import { formatMetricsReport, loadMetricsSummary } from '../metrics/index.ts';
import { jsonOption, parseWholeNumber, writeJson } from './options.ts';

/** `sop metrics [--days N]`: recomputes the daily aggregates of the router's decisions and reports them. */
export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description('traffic split, fallbacks, escalations, confidence, latency and cost per day and route, and the estimated saving')
    .option('--days <n>', 'days to report, today included', parseWholeNumber(1), 7)
    .addOption(jsonOption('the summary (daily rows, per route, overall)'))
    .action(async (options: { days: number; json?: boolean }) => {
      const runtime = createRuntime();
      const costs = (readRolloutFile(runtime.rolloutPath(runtime.env.SOPS_DIR)) ?? { config: BUILT_IN_ROLLOUT }).config.costs;
      const db = await runtime.openDatabase();
      try {
        const summary = await loadMetricsSummary(db, { days: options.days, today: new Date(), baselineMonthlyUsd: costs.baseline_monthly_usd });
        if (options.json) writeJson(summary);
        else if (summary.daily.length === 0)
          process.stdout.write(`no decisions in the last ${options.days} day(s): they are recorded for every POST /api/ask the service answers\n`);
        else process.stdout.write(`${formatMetricsReport(summary)}\n`);
      } finally {
        await db.close();
      }
    });
}
