import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import {
  aggregateDailyMetrics,
  dailyMetricsSchedule,
  formatMetricsReport,
  readDailyMetrics,
  summariseMetrics,
  type DailyMetrics,
} from '../../src/metrics/index.ts';
import { DATABASES, truncateAll, type TestDb } from '../db/databases.ts';

type Decision = {
  at: string;
  route: string;
  by: 'sop' | 'assistant' | 'escalation';
  mode?: 'off' | 'shadow' | 'rollout';
  reason: string;
  fallback?: boolean;
  escalated?: boolean;
  confidence?: number;
  sopMs?: number;
  assistantMs?: number;
  sopTokens?: number;
  assistantTokens?: number;
  sopUsd?: number;
  assistantUsd?: number;
};

async function insertDecisions(db: Db, decisions: Decision[]): Promise<void> {
  for (const d of decisions) {
    await db.query(
      `INSERT INTO sop_decisions (created_at, route, mode, answered_by, reason, percentage, threshold, fallback, escalated, sop_confidence,
         sop_latency_ms, assistant_latency_ms, latency_ms, sop_tokens, assistant_tokens, sop_cost_usd, assistant_cost_usd, config_version)
       VALUES ($1, $2, $3, $4, $5, 50, 0.7, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'v1')`,
      [
        d.at,
        d.route,
        d.mode ?? 'rollout',
        d.by,
        d.reason,
        d.fallback ?? false,
        d.escalated ?? false,
        d.confidence ?? null,
        d.sopMs ?? null,
        d.assistantMs ?? null,
        d.assistantMs ?? d.sopMs ?? 1,
        d.sopTokens ?? 0,
        d.assistantTokens ?? 0,
        d.sopUsd ?? 0,
        d.assistantUsd ?? 0,
      ],
    );
  }
}

// Three UTC days, two routes; the first and last instants of a day on either side of midnight.
const DECISIONS: Decision[] = [
  { at: '2026-02-28T23:59:59.999Z', route: 'booking', by: 'sop', reason: 'confident', confidence: 0.9, sopMs: 5 },
  { at: '2026-03-01T00:00:00Z', route: 'booking', by: 'sop', reason: 'confident', confidence: 0.9, sopMs: 10 },
  { at: '2026-03-01T09:00:00Z', route: 'booking', by: 'sop', reason: 'confident', confidence: 0.8, sopMs: 20, sopTokens: 150, sopUsd: 0.0003 },
  {
    at: '2026-03-01T12:00:00Z',
    route: 'booking',
    by: 'assistant',
    reason: 'low_confidence',
    fallback: true,
    confidence: 0.3,
    sopMs: 30,
    assistantMs: 3000,
    assistantTokens: 1200,
    assistantUsd: 0.0125,
  },
  { at: '2026-03-01T15:00:00Z', route: 'booking', by: 'assistant', reason: 'outside_rollout', assistantMs: 4000, assistantTokens: 1000, assistantUsd: 0.01 },
  { at: '2026-03-01T23:59:59.999Z', route: 'booking', by: 'escalation', reason: 'human_required', escalated: true, confidence: 0.95, sopMs: 40 },
  { at: '2026-03-01T10:00:00Z', route: 'tech', by: 'assistant', reason: 'outside_rollout', assistantMs: 5000, assistantTokens: 800, assistantUsd: 0.008 },
  {
    at: '2026-03-01T11:00:00Z',
    route: 'tech',
    by: 'assistant',
    mode: 'shadow',
    reason: 'shadow',
    confidence: 0.6,
    sopMs: 15,
    assistantMs: 6000,
    assistantTokens: 900,
    assistantUsd: 0.009,
  },
  { at: '2026-03-02T00:00:00Z', route: 'booking', by: 'sop', reason: 'confident', confidence: 0.85, sopMs: 12 },
  { at: '2026-03-02T08:30:00Z', route: 'booking', by: 'sop', reason: 'confident', confidence: 0.75, sopMs: 18 },
  { at: '2026-03-02T19:45:00Z', route: 'booking', by: 'sop', reason: 'confident', confidence: 0.95, sopMs: 60 },
  { at: '2026-03-02T13:00:00Z', route: 'tech', by: 'escalation', reason: 'human_required', escalated: true, confidence: 0.4, sopMs: 25 },
  { at: '2026-03-03T07:00:00Z', route: 'booking', by: 'sop', reason: 'confident', confidence: 0.9, sopMs: 10 },
  {
    at: '2026-03-03T07:05:00Z',
    route: 'booking',
    by: 'assistant',
    reason: 'low_confidence',
    fallback: true,
    confidence: 0.2,
    sopMs: 20,
    assistantMs: 2000,
    assistantTokens: 1000,
    assistantUsd: 0.01,
  },
  { at: '2026-03-03T22:00:00Z', route: 'tech', by: 'sop', reason: 'confident', confidence: 0.7, sopMs: 30 },
  { at: '2026-03-04T00:00:00Z', route: 'booking', by: 'sop', reason: 'confident', confidence: 0.9, sopMs: 5 },
];

const zero = {
  total: 0,
  sopUsed: 0,
  assistantUsed: 0,
  assistantCalls: 0,
  fallbacks: 0,
  escalations: 0,
  sopTokens: 0,
  assistantTokens: 0,
  sopCostUsd: 0,
  assistantCostUsd: 0,
};
const noAssistant = { assistantAvgLatencyMs: null, assistantP95LatencyMs: null };

// By hand. p95 is percentile_cont: the value at 0.95 × (n − 1) in the sorted list, interpolated.
const MAR_1_BOOKING: DailyMetrics = {
  date: '2026-03-01',
  route: 'booking',
  total: 5,
  sopUsed: 2,
  assistantUsed: 2,
  assistantCalls: 2,
  fallbacks: 1,
  escalations: 1,
  avgConfidence: 0.7375, // (0.9 + 0.8 + 0.3 + 0.95) / 4
  sopAvgLatencyMs: 25,
  sopP95LatencyMs: 38.5, // [10, 20, 30, 40]: 30 + 0.85 × 10
  assistantAvgLatencyMs: 3500,
  assistantP95LatencyMs: 3950, // [3000, 4000]: 3000 + 0.95 × 1000
  sopTokens: 150,
  assistantTokens: 2200,
  sopCostUsd: 0.0003,
  assistantCostUsd: 0.0225,
};
const MAR_1_TECH: DailyMetrics = {
  ...zero,
  date: '2026-03-01',
  route: 'tech',
  total: 2,
  assistantUsed: 2,
  assistantCalls: 2,
  avgConfidence: 0.6,
  sopAvgLatencyMs: 15,
  sopP95LatencyMs: 15,
  assistantAvgLatencyMs: 5500,
  assistantP95LatencyMs: 5950,
  assistantTokens: 1700,
  assistantCostUsd: 0.017,
};
const MAR_2_BOOKING: DailyMetrics = {
  ...zero,
  ...noAssistant,
  date: '2026-03-02',
  route: 'booking',
  total: 3,
  sopUsed: 3,
  avgConfidence: 0.85,
  sopAvgLatencyMs: 30,
  sopP95LatencyMs: 55.8, // [12, 18, 60]: 18 + 0.9 × 42
};
const MAR_2_TECH: DailyMetrics = {
  ...zero,
  ...noAssistant,
  date: '2026-03-02',
  route: 'tech',
  total: 1,
  escalations: 1,
  avgConfidence: 0.4,
  sopAvgLatencyMs: 25,
  sopP95LatencyMs: 25,
};
const MAR_3_BOOKING: DailyMetrics = {
  ...zero,
  date: '2026-03-03',
  route: 'booking',
  total: 2,
  sopUsed: 1,
  assistantUsed: 1,
  assistantCalls: 1,
  fallbacks: 1,
  avgConfidence: 0.55,
  sopAvgLatencyMs: 15,
  sopP95LatencyMs: 19.5,
  assistantAvgLatencyMs: 2000,
  assistantP95LatencyMs: 2000,
  assistantTokens: 1000,
  assistantCostUsd: 0.01,
};
const MAR_3_TECH: DailyMetrics = {
  ...zero,
  ...noAssistant,
  date: '2026-03-03',
  route: 'tech',
  total: 1,
  sopUsed: 1,
  avgConfidence: 0.7,
  sopAvgLatencyMs: 30,
  sopP95LatencyMs: 30,
};

const RANGE = { from: '2026-03-01', to: '2026-03-03' };

/** Rounded to 4 decimals: confidence and latencies are `real` columns. */
const rounded = <T extends object>(rows: T[]): T[] =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v])) as T);

describe.each(DATABASES)('daily metrics on $name', ({ name, open }) => {
  let t: TestDb;
  const read = async (range = { from: '2026-02-01', to: '2026-03-31' }) => rounded(await readDailyMetrics(t.db, range));
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());
  beforeEach(async () => {
    await truncateAll(t.db);
    await insertDecisions(t.db, DECISIONS);
  });

  it('aggregates each UTC day and route of the range, every column', async () => {
    expect(await aggregateDailyMetrics(t.db, RANGE)).toBe(6);
    const rows = await readDailyMetrics(t.db, RANGE);
    expect(rounded(rows)).toEqual([MAR_1_BOOKING, MAR_1_TECH, MAR_2_BOOKING, MAR_2_TECH, MAR_3_BOOKING, MAR_3_TECH]);
    expect(typeof rows[0]!.assistantCostUsd).toBe('number');
    expect(typeof rows[0]!.sopTokens).toBe('number');
  });

  it('writes the same rows when run again, replaces stale rows in the range and keeps rows outside it', async () => {
    await t.db.query(
      `INSERT INTO sop_metrics (date, route, total) VALUES ('2026-02-28', 'booking', 7), ('2026-03-02', 'brand', 3), ('2026-03-01', 'booking', 99)`,
    );
    expect(await aggregateDailyMetrics(t.db, RANGE)).toBe(6);
    const once = await read();
    expect(await aggregateDailyMetrics(t.db, RANGE)).toBe(6);
    expect(await read()).toEqual(once);
    expect(once.map((r) => `${r.date} ${r.route} ${r.total}`)).toEqual([
      '2026-02-28 booking 7',
      '2026-03-01 booking 5',
      '2026-03-01 tech 2',
      '2026-03-02 booking 3',
      '2026-03-02 tech 1',
      '2026-03-03 booking 2',
      '2026-03-03 tech 1',
    ]);
  });

  it('drops the row of a day whose decisions were deleted', async () => {
    await aggregateDailyMetrics(t.db, RANGE);
    await t.db.query(`DELETE FROM sop_decisions WHERE created_at >= '2026-03-03T00:00:00Z' AND created_at < '2026-03-04T00:00:00Z'`);
    expect(await aggregateDailyMetrics(t.db, RANGE)).toBe(4);
    expect(await read()).toEqual([MAR_1_BOOKING, MAR_1_TECH, MAR_2_BOOKING, MAR_2_TECH]);
  });

  it('schedules today and yesterday (UTC) every ten minutes', async () => {
    const schedule = dailyMetricsSchedule(t.db, () => new Date('2026-03-03T00:10:00Z'));
    expect(schedule).toMatchObject({ name: 'daily-metrics', everyMs: 600_000 });
    await schedule.run();
    expect(await read()).toEqual([MAR_2_BOOKING, MAR_2_TECH, MAR_3_BOOKING, MAR_3_TECH]);
  });

  // PGlite is one session, so a SET sticks; a pooled pg connection cannot be pinned from here.
  it.runIf(name === 'pglite')('counts UTC days whatever the session time zone', async () => {
    await t.db.exec(`SET TIME ZONE 'Pacific/Kiritimati'`); // UTC+14: a naive ::date moves afternoons to the next day
    try {
      await aggregateDailyMetrics(t.db, RANGE);
      expect(await read()).toEqual([MAR_1_BOOKING, MAR_1_TECH, MAR_2_BOOKING, MAR_2_TECH, MAR_3_BOOKING, MAR_3_TECH]);
    } finally {
      await t.db.exec('RESET TIME ZONE');
    }
  });

  it.each([
    [{ from: '2026-3-1', to: '2026-03-03' }, 'invalid day "2026-3-1": use a calendar date written YYYY-MM-DD'],
    [{ from: '2026-02-30', to: '2026-03-03' }, 'invalid day "2026-02-30": use a calendar date written YYYY-MM-DD'],
    [{ from: '2026-03-03', to: '2026-03-01' }, 'invalid day range: from 2026-03-03 is after to 2026-03-01'],
  ])('refuses the range %o', async (range, message) => {
    await expect(aggregateDailyMetrics(t.db, range)).rejects.toThrow(message);
    await expect(readDailyMetrics(t.db, range)).rejects.toThrow(message);
  });
});

const day = (row: Partial<DailyMetrics> & Pick<DailyMetrics, 'date' | 'route'>): DailyMetrics => ({
  ...zero,
  avgConfidence: null,
  sopAvgLatencyMs: null,
  sopP95LatencyMs: null,
  assistantAvgLatencyMs: null,
  assistantP95LatencyMs: null,
  ...row,
});

// Two days: booking in rollout (SOP answers most; the Assistant was also called before some escalations),
// tech in shadow (the Assistant answers all, the SOP module runs beside it).
const PERIOD = [
  day({
    date: '2026-03-01',
    route: 'booking',
    total: 100,
    sopUsed: 60,
    assistantUsed: 30,
    assistantCalls: 35,
    fallbacks: 10,
    escalations: 10,
    avgConfidence: 0.8,
    sopAvgLatencyMs: 20,
    sopP95LatencyMs: 50,
    assistantAvgLatencyMs: 3000,
    assistantP95LatencyMs: 6000,
    sopTokens: 10_000,
    assistantTokens: 40_000,
    sopCostUsd: 0.5,
    assistantCostUsd: 1.2,
  }),
  day({
    date: '2026-03-01',
    route: 'tech',
    total: 50,
    assistantUsed: 50,
    assistantCalls: 50,
    sopAvgLatencyMs: 40,
    sopP95LatencyMs: 90,
    assistantAvgLatencyMs: 5000,
    assistantP95LatencyMs: 7000,
    sopTokens: 6000,
    assistantTokens: 50_000,
    sopCostUsd: 0.3,
    assistantCostUsd: 2,
  }),
  day({
    date: '2026-03-02',
    route: 'booking',
    total: 100,
    sopUsed: 70,
    assistantUsed: 20,
    assistantCalls: 22,
    fallbacks: 5,
    escalations: 10,
    avgConfidence: 0.9,
    sopAvgLatencyMs: 30,
    sopP95LatencyMs: 80,
    assistantAvgLatencyMs: 4000,
    assistantP95LatencyMs: 5000,
    sopTokens: 12_000,
    assistantTokens: 30_000,
    sopCostUsd: 0.7,
    assistantCostUsd: 0.8,
  }),
  day({
    date: '2026-03-02',
    route: 'tech',
    total: 50,
    assistantUsed: 50,
    assistantCalls: 50,
    sopAvgLatencyMs: 40,
    sopP95LatencyMs: 90,
    assistantAvgLatencyMs: 6000,
    assistantP95LatencyMs: 6500,
    sopTokens: 6000,
    assistantTokens: 50_000,
    sopCostUsd: 0.3,
    assistantCostUsd: 2,
  }),
];

describe('metrics summary', () => {
  it('totals, shares, latency, spend and the saving against a $750 baseline, per route and overall', () => {
    const summary = summariseMetrics(PERIOD, { days: 2, baselineMonthlyUsd: 750 });
    expect(rounded([...summary.routes, summary.overall])).toEqual(
      rounded([
        {
          route: 'booking',
          total: 200,
          sopUsed: 130,
          assistantUsed: 50,
          assistantCalls: 57,
          fallbacks: 15,
          escalations: 20,
          sopShare: 0.65,
          assistantShare: 0.25,
          escalationShare: 0.1,
          fallbackRate: 15 / 145,
          escalationRate: 0.1,
          avgConfidence: 0.85,
          sopAvgLatencyMs: 25,
          assistantAvgLatencyMs: 3500,
          sopP95LatencyMs: 80,
          assistantP95LatencyMs: 6000,
          sopTokens: 22_000,
          assistantTokens: 70_000,
          sopCostUsd: 1.2,
          assistantCostUsd: 2,
          projectedMonthlySopUsd: 18,
          projectedMonthlyAssistantUsd: 30, // × 30 / 2 days
          estimatedMonthlySavingUsd: 339.5, // 750 × (200 − 57 calls) / 300 − 18
        },
        {
          route: 'tech',
          total: 100,
          sopUsed: 0,
          assistantUsed: 100,
          assistantCalls: 100,
          fallbacks: 0,
          escalations: 0,
          sopShare: 0,
          assistantShare: 1,
          escalationShare: 0,
          fallbackRate: null,
          escalationRate: 0,
          avgConfidence: null,
          sopAvgLatencyMs: 40,
          assistantAvgLatencyMs: 5500,
          sopP95LatencyMs: 90,
          assistantP95LatencyMs: 7000,
          sopTokens: 12_000,
          assistantTokens: 100_000,
          sopCostUsd: 0.6,
          assistantCostUsd: 4,
          projectedMonthlySopUsd: 9,
          projectedMonthlyAssistantUsd: 60,
          estimatedMonthlySavingUsd: -9, // shadow: the Assistant still answers everything, and the SOP module costs extra
        },
        {
          route: 'all',
          total: 300,
          sopUsed: 130,
          assistantUsed: 150,
          assistantCalls: 157,
          fallbacks: 15,
          escalations: 20,
          sopShare: 130 / 300,
          assistantShare: 0.5,
          escalationShare: 20 / 300,
          fallbackRate: 15 / 145,
          escalationRate: 20 / 300,
          avgConfidence: 0.85,
          sopAvgLatencyMs: 30,
          assistantAvgLatencyMs: 1_250_000 / 300,
          sopP95LatencyMs: 90,
          assistantP95LatencyMs: 7000,
          sopTokens: 34_000,
          assistantTokens: 170_000,
          sopCostUsd: 1.8,
          assistantCostUsd: 6,
          projectedMonthlySopUsd: 27,
          projectedMonthlyAssistantUsd: 90,
          estimatedMonthlySavingUsd: 330.5, // 750 × (300 − 157) / 300 − 27, the routes' 339.5 − 9
        },
      ]),
    );
  });

  it('refuses a period of no days', () => {
    expect(() => summariseMetrics(PERIOD, { days: 0, baselineMonthlyUsd: 750 })).toThrow('days must be a positive number of days, got 0');
  });

  it('reports a line per day and route, totals, shares and the saving', () => {
    const report = formatMetricsReport(summariseMetrics(PERIOD, { days: 2, baselineMonthlyUsd: 750 }));
    const lines = report.split('\n');
    const cells = (first: string, second?: string) =>
      lines.map((l) => l.trim().split(/\s+/)).filter((c) => c[0] === first && (second === undefined || c[1] === second));

    expect(lines[0]).toBe('Router metrics over 2 days');
    expect(cells('2026-03-01', 'booking')).toEqual([
      ['2026-03-01', 'booking', '100', '60', '30', '10', '10', '0.80', '20', '50', '3000', '6000', '10000', '40000', '$0.5000', '$1.2000'],
    ]);
    expect(cells('2026-03-02', 'tech')).toEqual([
      ['2026-03-02', 'tech', '50', '0', '50', '0', '0', '-', '40', '90', '6000', '6500', '6000', '50000', '$0.3000', '$2.0000'],
    ]);
    expect(cells('total', 'all')).toEqual([
      ['total', 'all', '300', '130', '150', '15', '20', '0.85', '30', '90', '4167', '7000', '34000', '170000', '$1.8000', '$6.0000'],
    ]);
    expect(cells('booking')).toEqual([['booking', '65.0%', '25.0%', '10.0%', '10.3%', '10.0%', '$3.20', '$18.00', '$30.00', '$339.50']]);
    expect(cells('tech')).toEqual([['tech', '0.0%', '100.0%', '0.0%', '-', '0.0%', '$4.60', '$9.00', '$60.00', '-$9.00']]);
    expect(cells('all')).toEqual([['all', '43.3%', '50.0%', '6.7%', '10.3%', '6.7%', '$7.80', '$27.00', '$90.00', '$330.50']]);
    expect(lines.at(-2)).toBe('Estimated monthly saving against the $750/month baseline: $330.50');
    // Each table's rows line up: the figures are right-aligned to one width.
    const daily = lines.slice(2, lines.indexOf('', 2));
    expect(daily).toHaveLength(1 + 4 + 3);
    expect(new Set(daily.map((l) => l.length)).size).toBe(1);
  });
});
