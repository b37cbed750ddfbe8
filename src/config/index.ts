export { readEnv, webhookSecrets, type Env } from './env.ts';
export {
  parseRollout,
  readRolloutFile,
  RolloutError,
  MODES,
  gatesSchema,
  costsSchema,
  type Mode,
  type Gates,
  type Costs,
  type RolloutFile,
  type RolloutSource,
  type RolloutProblem,
} from './rollout.ts';
export {
  effectiveRollout,
  BUILT_IN_ROLLOUT,
  DEFAULT_CONFIDENCE_THRESHOLD,
  type EffectiveRollout,
  type RouteRollout,
  type RolloutOverrides,
  type Setting,
  type Provenance,
} from './effective-rollout.ts';
export { serviceSecrets } from './production.ts';
