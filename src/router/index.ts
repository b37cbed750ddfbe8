export { createRouter } from './router.ts';
export { decide, type DecisionInput, type Settled, type Step, type Verdict as RouterVerdict } from './decide.ts';
export { askRequestSchema } from './request.ts';
export type {
  Router,
  RouterOptions,
  AskRequest,
  AskReply,
  AnsweredBy,
  Decision,
  DecisionReason,
  DecisionRecord,
  ComparisonRecord,
  Escalation,
} from './types.ts';
export { bucketOf, murmurhash3 } from './bucket.ts';
export { costOf, unpricedModel } from './cost.ts';
