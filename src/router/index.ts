export { createRouter } from './router.ts';
export type { Router, RouterOptions, AskRequest, AskReply, AnsweredBy, Decision, DecisionReason, DecisionRecord, ComparisonRecord, Escalation } from './types.ts';
export { bucketOf, murmurhash3 } from './bucket.ts';
export { costOf, unpricedModel } from './cost.ts';
export { createDecisionLog, type DecisionLog } from './decision-log.ts';
export { createSlackNotifier, type SlackNotifier, type NotifyOutcome } from './slack.ts';
export { aggregateDailyMetrics, readDailyMetrics, dailyMetricsSchedule, type DailyMetrics, type DayRange } from './daily-metrics.ts';
export { summariseMetrics, formatMetricsReport, type MetricsSummary, type RouteSummary } from './metrics-report.ts';
