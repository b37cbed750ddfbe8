export { createDecisionLog, type DecisionLog } from './decision-log.ts';
export { aggregateDailyMetrics, readDailyMetrics, dailyMetricsSchedule, type DailyMetrics, type DayRange } from './daily-metrics.ts';
export { summariseMetrics, formatMetricsReport, loadMetricsSummary, type MetricsSummary, type RouteSummary } from './metrics-report.ts';
export { readDecisionStats, CONFIDENCE_BINS, type DecisionStats } from './decision-stats.ts';
export { listComparisons, findComparison, recordVerdict, NO_SOURCE, VERDICTS, type Comparison, type ComparisonFilter, type Verdict } from './comparisons.ts';
