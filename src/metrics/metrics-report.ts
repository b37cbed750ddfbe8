import type { Db } from '../db/index.ts';
import { aggregateDailyMetrics, readDailyMetrics, utcDay, type DailyMetrics, type DayRange } from './daily-metrics.ts';

/** A route's figures over a period, or every route's (`route: 'all'`). Ratios are null when their denominator is 0. */
export type RouteSummary = {
  route: string;
  total: number;
  sopUsed: number;
  assistantUsed: number;
  assistantCalls: number;
  fallbacks: number;
  escalations: number;
  /** Shares of `total` answered by the SOP module, by the Assistant (fallbacks included), and by neither (handed to staff). */
  sopShare: number | null;
  assistantShare: number | null;
  escalationShare: number | null;
  /** Fallbacks over the requests the SOP module was to answer (`sopUsed + fallbacks`). */
  fallbackRate: number | null;
  /** Requests that alerted staff, over `total`. */
  escalationRate: number | null;
  /** Averages: the days' averages weighted by their request counts (the table keeps no per-side counts). */
  avgConfidence: number | null;
  sopAvgLatencyMs: number | null;
  assistantAvgLatencyMs: number | null;
  /** The worst day's p95: percentiles of different days do not combine. */
  sopP95LatencyMs: number | null;
  assistantP95LatencyMs: number | null;
  sopTokens: number;
  assistantTokens: number;
  /** Spend in the period. */
  sopCostUsd: number;
  assistantCostUsd: number;
  /** Spend in the period × 30 / days. */
  projectedMonthlySopUsd: number;
  projectedMonthlyAssistantUsd: number;
  estimatedMonthlySavingUsd: number;
};

export type MetricsSummary = { days: number; baselineMonthlyUsd: number; daily: DailyMetrics[]; routes: RouteSummary[]; overall: RouteSummary };

/**
 * Totals, shares, latency and spend per route and overall, over a period of `days` days.
 *
 * The saving: `baselineMonthlyUsd` is what the Assistant cost when it was called for every request, so
 * each request it is no longer called for saves its share of that, and the SOP module's own spend comes off:
 *
 *   estimatedMonthlySavingUsd = baselineMonthlyUsd × (total − assistantCalls) / total − projectedMonthlySopUsd
 *
 * `assistantCalls` counts every call, answered or not: shadow calls, fallbacks, and calls that failed
 * before an escalation. Per route, `total` in the divisor is every route's total (the baseline is shared
 * out by traffic), so the routes' savings add up to the overall one. In shadow mode the saving is minus
 * the SOP spend: the Assistant is still called for everything.
 */
export function summariseMetrics(rows: readonly DailyMetrics[], options: { days: number; baselineMonthlyUsd: number }): MetricsSummary {
  const { days, baselineMonthlyUsd } = options;
  if (!(days > 0)) throw new Error(`days must be a positive number of days, got ${days}`);
  const allTotal = rows.reduce((n, r) => n + r.total, 0);
  const summarise = (route: string, of: readonly DailyMetrics[]): RouteSummary => {
    const sum = (pick: (r: DailyMetrics) => number) => of.reduce((n, r) => n + pick(r), 0);
    const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
    const weighted = (pick: (r: DailyMetrics) => number | null) => {
      const measured = of.filter((r) => pick(r) !== null);
      return ratio(
        measured.reduce((n, r) => n + pick(r)! * r.total, 0),
        measured.reduce((n, r) => n + r.total, 0),
      );
    };
    const worst = (pick: (r: DailyMetrics) => number | null) =>
      of.reduce<number | null>((m, r) => (pick(r) === null ? m : Math.max(m ?? -Infinity, pick(r)!)), null);
    const total = sum((r) => r.total);
    const sopUsed = sum((r) => r.sopUsed);
    const assistantUsed = sum((r) => r.assistantUsed);
    const assistantCalls = sum((r) => r.assistantCalls);
    const fallbacks = sum((r) => r.fallbacks);
    const escalations = sum((r) => r.escalations);
    const sopCostUsd = sum((r) => r.sopCostUsd);
    const assistantCostUsd = sum((r) => r.assistantCostUsd);
    const projectedMonthlySopUsd = (sopCostUsd * 30) / days;
    return {
      route,
      total,
      sopUsed,
      assistantUsed,
      assistantCalls,
      fallbacks,
      escalations,
      sopShare: ratio(sopUsed, total),
      assistantShare: ratio(assistantUsed, total),
      escalationShare: ratio(total - sopUsed - assistantUsed, total),
      fallbackRate: ratio(fallbacks, sopUsed + fallbacks),
      escalationRate: ratio(escalations, total),
      avgConfidence: weighted((r) => r.avgConfidence),
      sopAvgLatencyMs: weighted((r) => r.sopAvgLatencyMs),
      assistantAvgLatencyMs: weighted((r) => r.assistantAvgLatencyMs),
      sopP95LatencyMs: worst((r) => r.sopP95LatencyMs),
      assistantP95LatencyMs: worst((r) => r.assistantP95LatencyMs),
      sopTokens: sum((r) => r.sopTokens),
      assistantTokens: sum((r) => r.assistantTokens),
      sopCostUsd,
      assistantCostUsd,
      projectedMonthlySopUsd,
      projectedMonthlyAssistantUsd: (assistantCostUsd * 30) / days,
      estimatedMonthlySavingUsd: (allTotal === 0 ? 0 : (baselineMonthlyUsd * (total - assistantCalls)) / allTotal) - projectedMonthlySopUsd,
    };
  };
  const routes = [...new Set(rows.map((r) => r.route))].sort().map((route) =>
    summarise(
      route,
      rows.filter((r) => r.route === route),
    ),
  );
  return { days, baselineMonthlyUsd, daily: [...rows], routes, overall: summarise('all', rows) };
}

/** The `days` UTC days ending with `today`'s. */
function lastDays(days: number, today: Date): DayRange {
  return { from: utcDay(today, days - 1), to: utcDay(today) };
}

/**
 * The summary of the last `days` days, with the days' aggregates recomputed from the decisions first, so
 * it includes the requests of the last minutes (what `sop metrics` and the dashboard show).
 */
export async function loadMetricsSummary(
  db: Db,
  options: { days: number; today: Date; baselineMonthlyUsd: number },
): Promise<MetricsSummary & { range: DayRange }> {
  const range = lastDays(options.days, options.today);
  await aggregateDailyMetrics(db, range);
  return { ...summariseMetrics(await readDailyMetrics(db, range), options), range };
}

const usd = (n: number, digits = 2) =>
  `${n < 0 ? '-' : ''}$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
const orDash = <T>(v: T | null, show: (v: T) => string) => (v === null ? '-' : show(v));
const ms = (v: number | null) => orDash(v, (x) => String(Math.round(x)));
const pct = (v: number | null) => orDash(v, (x) => `${(x * 100).toFixed(1)}%`);

/** Columns of text two spaces apart: the first `left` left-aligned (labels), the rest right-aligned (figures). */
function renderTable(rows: string[][], left: number): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i < left ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** The summary as a plain-text report: a line per day and route, totals, shares and spend, and the saving. */
export function formatMetricsReport(summary: MetricsSummary): string {
  const counts = (date: string, r: DailyMetrics | RouteSummary) => [
    date,
    r.route,
    String(r.total),
    String(r.sopUsed),
    String(r.assistantUsed),
    String(r.fallbacks),
    String(r.escalations),
    orDash(r.avgConfidence, (x) => x.toFixed(2)),
    ms(r.sopAvgLatencyMs),
    ms(r.sopP95LatencyMs),
    ms(r.assistantAvgLatencyMs),
    ms(r.assistantP95LatencyMs),
    String(r.sopTokens),
    String(r.assistantTokens),
    usd(r.sopCostUsd, 4),
    usd(r.assistantCostUsd, 4),
  ];
  const totals = [...summary.routes, summary.overall];
  const daily = renderTable(
    [
      [
        'date',
        'route',
        'total',
        'sop',
        'assistant',
        'fallback',
        'escalated',
        'confidence',
        'sop ms',
        'sop p95',
        'asst ms',
        'asst p95',
        'sop tokens',
        'asst tokens',
        'sop $',
        'asst $',
      ],
      ...summary.daily.map((r) => counts(r.date, r)),
      ...totals.map((r) => counts('total', r)),
    ],
    2,
  );
  const shares = renderTable(
    [
      ['route', 'sop', 'assistant', 'escalation', 'fallback rate', 'escalation rate', 'spend', 'sop $/month', 'asst $/month', 'saving $/month'],
      ...totals.map((r) => [
        r.route,
        pct(r.sopShare),
        pct(r.assistantShare),
        pct(r.escalationShare),
        pct(r.fallbackRate),
        pct(r.escalationRate),
        usd(r.sopCostUsd + r.assistantCostUsd),
        usd(r.projectedMonthlySopUsd),
        usd(r.projectedMonthlyAssistantUsd),
        usd(r.estimatedMonthlySavingUsd),
      ]),
    ],
    1,
  );
  const baseline = usd(summary.baselineMonthlyUsd, Number.isInteger(summary.baselineMonthlyUsd) ? 0 : 2);
  return [
    `Router metrics over ${summary.days} day${summary.days === 1 ? '' : 's'}`,
    '',
    ...daily,
    '',
    ...shares,
    '',
    `Estimated monthly saving against the ${baseline}/month baseline: ${usd(summary.overall.estimatedMonthlySavingUsd)}`,
    '',
  ].join('\n');
}
