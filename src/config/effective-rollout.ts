import type { Costs, Gates, Mode, RolloutFile, RolloutSource } from './rollout.ts';

/** Where a setting's value comes from: the rollout file (which field, which version), an env override, or the built-in default. */
export type Provenance = { from: 'file' | 'env' | 'default'; ref: string };
export type Setting<T> = { value: T } & Provenance;

export type RouteRollout = {
  route: string;
  mode: Setting<Mode>;
  percentage: Setting<number>;
  threshold: Setting<number>;
  gates: Gates;
};

export type EffectiveRollout = {
  /** The rollout file's version, or `built-in` when there is none. */
  version: string;
  killSwitch: Setting<boolean>;
  routes: RouteRollout[];
  /** The settings of one route; a route the file does not name follows its defaults. */
  route(name: string): RouteRollout;
  costs: Costs;
};

/** The emergency overrides, already validated (see `readEnv`); unset ones are undefined. */
export type RolloutOverrides = {
  USE_INTELLIGENT_SOP?: boolean | undefined;
  SOP_SHADOW_MODE?: boolean | undefined;
  SOP_ROLLOUT_PERCENTAGE?: number | undefined;
  SOP_CONFIDENCE_THRESHOLD?: number | undefined;
};

/**
 * The confidence threshold when no rollout file sets one: the calibrated confidence at or above which
 * a route's SOP answer is sent. Everything that needs a threshold reads the effective rollout
 * (`effectiveRollout(...).route(name).threshold`); this number is only its fallback.
 */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.75;

/** What runs when there is no rollout file: every route in shadow, so the Assistant keeps answering. */
export const BUILT_IN_ROLLOUT: RolloutFile = {
  defaults: {
    mode: 'shadow',
    percentage: 0,
    confidence_threshold: DEFAULT_CONFIDENCE_THRESHOLD,
    gates: { min_confident_correct: 0.8, min_precision: 0.95, max_false_answer_rate: 0.05, max_p95_latency_ms: 1000, max_regression_points: 2 },
  },
  routes: {},
  costs: { baseline_monthly_usd: 750, per_million_tokens: {}, file_search_per_1k_calls: 0 },
};

/**
 * The settings the router uses, each with where it came from. Precedence, highest first:
 * `USE_INTELLIGENT_SOP=false` (every route off), then `SOP_SHADOW_MODE` (`true`: every route in shadow;
 * `false`: routes in shadow go to rollout, `off` routes stay off), `SOP_ROLLOUT_PERCENTAGE` and
 * `SOP_CONFIDENCE_THRESHOLD` (every route), then the route's entry in the file, then the file's defaults.
 */
export function effectiveRollout(source: RolloutSource | null, overrides: RolloutOverrides, routeNames: readonly string[]): EffectiveRollout {
  const config = source?.config ?? BUILT_IN_ROLLOUT;
  const fromFile = (field: string): Provenance =>
    source ? { from: 'file', ref: `${source.file}@${source.version} ${field}` } : { from: 'default', ref: 'built-in default (no rollout file)' };
  const env = (name: keyof RolloutOverrides): Provenance => ({ from: 'env', ref: name });

  const killed = overrides.USE_INTELLIGENT_SOP === false;
  const killSwitch: Setting<boolean> =
    overrides.USE_INTELLIGENT_SOP === undefined
      ? { value: false, from: 'default', ref: 'USE_INTELLIGENT_SOP unset' }
      : { value: killed, ...env('USE_INTELLIGENT_SOP') };

  const resolve = (route: string): RouteRollout => {
    const own = config.routes[route];
    const pick = <K extends 'mode' | 'percentage' | 'confidence_threshold'>(key: K): Setting<RolloutFile['defaults'][K]> =>
      own?.[key] !== undefined
        ? { value: own[key] as RolloutFile['defaults'][K], ...fromFile(`routes.${route}.${key}`) }
        : { value: config.defaults[key], ...fromFile(`defaults.${key}`) };
    let mode = pick('mode');
    if (killed) mode = { value: 'off', ...env('USE_INTELLIGENT_SOP') };
    else if (overrides.SOP_SHADOW_MODE === true) mode = { value: 'shadow', ...env('SOP_SHADOW_MODE') };
    else if (overrides.SOP_SHADOW_MODE === false && mode.value === 'shadow') mode = { value: 'rollout', ...env('SOP_SHADOW_MODE') };
    const percentage =
      overrides.SOP_ROLLOUT_PERCENTAGE !== undefined ? { value: overrides.SOP_ROLLOUT_PERCENTAGE, ...env('SOP_ROLLOUT_PERCENTAGE') } : pick('percentage');
    const threshold =
      overrides.SOP_CONFIDENCE_THRESHOLD !== undefined
        ? { value: overrides.SOP_CONFIDENCE_THRESHOLD, ...env('SOP_CONFIDENCE_THRESHOLD') }
        : pick('confidence_threshold');
    return { route, mode, percentage, threshold, gates: { ...config.defaults.gates, ...own?.gates } };
  };

  const names = [...new Set([...routeNames, ...Object.keys(config.routes)])].sort();
  const routes = names.map(resolve);
  const byName = new Map(routes.map((r) => [r.route, r]));
  return {
    version: source?.version ?? 'built-in',
    killSwitch,
    routes,
    route: (name) => byName.get(name) ?? resolve(name),
    costs: config.costs,
  };
}
