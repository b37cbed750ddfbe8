import type { Queryable } from '../db/index.ts';
import { withinUtcDays, type DayRange } from './daily-metrics.ts';

/** Per route (and `all`): the SOP confidence histogram and the latency percentiles of each side over a period. */
export type DecisionStats = {
  route: string;
  /** Ten bins of SOP confidence, [0, 0.1) … [0.9, 1]: requests the SOP module answered or shadowed. */
  confidenceBins: number[];
  sopP50Ms: number | null;
  sopP95Ms: number | null;
  assistantP50Ms: number | null;
  assistantP95Ms: number | null;
};

export const CONFIDENCE_BINS = 10;

/**
 * Reads `sop_decisions` of the range's UTC days. Unlike the daily aggregates, whose p95 is per day,
 * these percentiles are exact over the whole period.
 */
export async function readDecisionStats(db: Queryable, range: DayRange): Promise<DecisionStats[]> {
  const within = withinUtcDays('$1', '$2');
  const [bins, latency] = await Promise.all([
    db.query<{ route: string | null; bin: number; n: number }>(
      `SELECT route, least(floor(sop_confidence * ${CONFIDENCE_BINS}), ${CONFIDENCE_BINS - 1})::int AS bin, count(*)::int AS n
       FROM sop_decisions WHERE ${within} AND sop_confidence IS NOT NULL
       GROUP BY GROUPING SETS ((route, bin), (bin))`,
      [range.from, range.to],
    ),
    db.query<{ route: string | null; sop_p50: number | null; sop_p95: number | null; assistant_p50: number | null; assistant_p95: number | null }>(
      `SELECT route,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY sop_latency_ms::float8) AS sop_p50,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY sop_latency_ms::float8) AS sop_p95,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY assistant_latency_ms::float8) AS assistant_p50,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY assistant_latency_ms::float8) AS assistant_p95
       FROM sop_decisions WHERE ${within}
       GROUP BY GROUPING SETS ((route), ())`,
      [range.from, range.to],
    ),
  ]);
  const num = (v: number | null) => (v === null ? null : Number(v));
  return latency.rows
    .map((r) => {
      const route = r.route ?? 'all';
      const confidenceBins = new Array<number>(CONFIDENCE_BINS).fill(0);
      for (const b of bins.rows) if ((b.route ?? 'all') === route) confidenceBins[b.bin] = b.n;
      return {
        route,
        confidenceBins,
        sopP50Ms: num(r.sop_p50),
        sopP95Ms: num(r.sop_p95),
        assistantP50Ms: num(r.assistant_p50),
        assistantP95Ms: num(r.assistant_p95),
      };
    })
    .sort((a, b) => (a.route === 'all' ? 1 : b.route === 'all' ? -1 : a.route.localeCompare(b.route)));
}
