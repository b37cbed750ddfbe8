export { createRouter, type Router, type RouterOptions, type AskRequest, type AskReply, type AnsweredBy, type Decision, type DecisionReason, type DecisionRecord, type ComparisonRecord, type Escalation } from './router.ts';
export { bucketOf, murmurhash3 } from './bucket.ts';
export { costOf, unpricedModel } from './cost.ts';
export { answerSimilarity } from './similarity.ts';
export { createDecisionLog, type DecisionLog } from './decision-log.ts';
export { createSlackNotifier, type SlackNotifier, type NotifyOutcome } from './slack.ts';
export { aggregateDailyMetrics, readDailyMetrics, summariseMetrics, formatMetricsReport, dailyMetricsSchedule, type DailyMetrics, type MetricsSummary, type RouteSummary, type DayRange } from './daily-metrics.ts';
