import type { Db, Schedule } from '../db/index.ts';

/** Whole UTC days, both ends included: `{ from: '2026-03-01', to: '2026-03-07' }`. */
export type DayRange = { from: string; to: string };

/** One `sop_metrics` row: a UTC day and route. Latencies and confidence are null when nothing was measured. */
export type DailyMetrics = {
  date: string;
  route: string;
  total: number;
  sopUsed: number;
  /** Requests the Assistant answered, fallbacks included. */
  assistantUsed: number;
  /** Requests for which the Assistant was called, whoever answered (shadow mode calls it for every request). */
  assistantCalls: number;
  fallbacks: number;
  escalations: number;
  avgConfidence: number | null;
  sopAvgLatencyMs: number | null;
  sopP95LatencyMs: number | null;
  assistantAvgLatencyMs: number | null;
  assistantP95LatencyMs: number | null;
  sopTokens: number;
  assistantTokens: number;
  sopCostUsd: number;
  assistantCostUsd: number;
};

const DAY = 86_400_000;

/**
 * `created_at` within the UTC days `$from` to `$to` (parameter numbers), both included, whatever the
 * session's TimeZone; the bounds are instants, so an index on created_at serves.
 */
export function withinUtcDays(from: string, to: string): string {
  return `created_at >= ${from}::date::timestamp AT TIME ZONE 'UTC' AND created_at < (${to}::date + 1)::timestamp AT TIME ZONE 'UTC'`;
}

/** `YYYY-MM-DD` of a UTC day; anything else (or `from` after `to`) is an error naming the value. */
function validateRange(range: DayRange): DayRange {
  for (const day of [range.from, range.to]) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
      throw new Error(`invalid day "${day}": use a calendar date written YYYY-MM-DD`);
    }
  }
  if (range.from > range.to) throw new Error(`invalid day range: from ${range.from} is after to ${range.to}`);
  return range;
}

const COLUMNS = [
  'total',
  'sop_used',
  'assistant_used',
  'assistant_calls',
  'fallbacks',
  'escalations',
  'avg_confidence',
  'sop_avg_latency_ms',
  'sop_p95_latency_ms',
  'assistant_avg_latency_ms',
  'assistant_p95_latency_ms',
  'sop_tokens',
  'assistant_tokens',
  'sop_cost_usd',
  'assistant_cost_usd',
] as const;

/**
 * Recomputes the `sop_metrics` rows of the range's UTC days from `sop_decisions`, in one transaction:
 * the range's rows are deleted first, so a day whose decisions are gone loses its row, and running
 * it again writes the same rows. Returns the number of rows written.
 */
export async function aggregateDailyMetrics(db: Db, range: DayRange): Promise<number> {
  const { from, to } = validateRange(range);
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM sop_metrics WHERE date BETWEEN $1::date AND $2::date', [from, to]);
    // ON CONFLICT: two replicas running the schedule at once both delete, and the second insert then updates.
    const { rowCount } = await tx.query(
      `INSERT INTO sop_metrics (date, route, ${COLUMNS.join(', ')})
       SELECT (created_at AT TIME ZONE 'UTC')::date AS day, route,
         count(*),
         count(*) FILTER (WHERE answered_by = 'sop'),
         count(*) FILTER (WHERE answered_by = 'assistant'),
         count(assistant_latency_ms),
         count(*) FILTER (WHERE fallback),
         count(*) FILTER (WHERE escalated),
         avg(sop_confidence),
         avg(sop_latency_ms),
         percentile_cont(0.95) WITHIN GROUP (ORDER BY sop_latency_ms::float8),
         avg(assistant_latency_ms),
         percentile_cont(0.95) WITHIN GROUP (ORDER BY assistant_latency_ms::float8),
         sum(sop_tokens), sum(assistant_tokens), sum(sop_cost_usd), sum(assistant_cost_usd)
       FROM sop_decisions
       WHERE ${withinUtcDays('$1', '$2')}
       GROUP BY day, route
       ON CONFLICT (date, route) DO UPDATE SET ${COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
      [from, to],
    );
    return rowCount;
  });
}

type MetricsRow = { date: string; route: string } & Record<(typeof COLUMNS)[number], string | number | bigint | null>;

/** The `sop_metrics` rows of the range, by day then route, with numbers as numbers (pg sends numeric as text). */
export async function readDailyMetrics(db: Db, range: DayRange): Promise<DailyMetrics[]> {
  const { from, to } = validateRange(range);
  const { rows } = await db.query<MetricsRow>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, route, ${COLUMNS.join(', ')}
     FROM sop_metrics WHERE date BETWEEN $1::date AND $2::date ORDER BY date, route`,
    [from, to],
  );
  const count = (v: MetricsRow[keyof MetricsRow]) => Number(v ?? 0);
  const maybe = (v: MetricsRow[keyof MetricsRow]) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    date: r.date,
    route: r.route,
    total: count(r.total),
    sopUsed: count(r.sop_used),
    assistantUsed: count(r.assistant_used),
    assistantCalls: count(r.assistant_calls),
    fallbacks: count(r.fallbacks),
    escalations: count(r.escalations),
    avgConfidence: maybe(r.avg_confidence),
    sopAvgLatencyMs: maybe(r.sop_avg_latency_ms),
    sopP95LatencyMs: maybe(r.sop_p95_latency_ms),
    assistantAvgLatencyMs: maybe(r.assistant_avg_latency_ms),
    assistantP95LatencyMs: maybe(r.assistant_p95_latency_ms),
    sopTokens: count(r.sop_tokens),
    assistantTokens: count(r.assistant_tokens),
    sopCostUsd: count(r.sop_cost_usd),
    assistantCostUsd: count(r.assistant_cost_usd),
  }));
}

/** `YYYY-MM-DD` of the UTC day `daysBefore` days before `at`. */
export function utcDay(at: Date, daysBefore = 0): string {
  return new Date(at.getTime() - daysBefore * DAY).toISOString().slice(0, 10);
}

/**
 * The worker's schedule: every ten minutes, recompute today and yesterday (UTC). Yesterday too, so the
 * decisions logged after yesterday's last run (up to midnight) are counted.
 */
export function dailyMetricsSchedule(db: Db, now: () => Date): Schedule {
  return {
    name: 'daily-metrics',
    everyMs: 10 * 60_000,
    run: () => {
      const at = now();
      return aggregateDailyMetrics(db, { from: utcDay(at, 1), to: utcDay(at) });
    },
  };
}
