export { createRouter, type Router, type RouterOptions, type AskRequest, type AskReply, type AnsweredBy, type Decision, type DecisionReason, type DecisionRecord, type ComparisonRecord, type Escalation } from './router.ts';
export { bucketOf, murmurhash3 } from './bucket.ts';
export { costOf, unpricedModel } from './cost.ts';
export { answerSimilarity } from './similarity.ts';
export { createDecisionLog, type DecisionLog } from './decision-log.ts';
export { createSlackNotifier, type SlackNotifier, type NotifyOutcome } from './slack.ts';
export { aggregateDailyMetrics, readDailyMetrics, dailyMetricsSchedule, type DailyMetrics, type DayRange } from './daily-metrics.ts';
export { summariseMetrics, formatMetricsReport, type MetricsSummary, type RouteSummary } from './metrics-report.ts';
