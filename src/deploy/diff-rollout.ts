import { BUILT_IN_ROLLOUT, effectiveRollout, type RolloutFile, type RouteRollout } from '../config/index.ts';

/**
 * One rollout value that differs. `scope` is a route (its settings as the router resolves them from
 * the file: the route's own value, else the default), `defaults` or `costs`; `null` on the side
 * without it (no version deployed yet, or a route only one version has).
 */
export type RolloutChange = { scope: string; key: string; before: unknown; after: unknown };

/** A version's rollout: its parsed `rollout.yaml` (null: it had none, the built-in one applies) and its routes. */
export type RolloutSide = { config: RolloutFile | null; routes: readonly string[] };

/** Nested objects as `a.b.c` → leaf value. */
function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) for (const [key, leaf] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(key, leaf);
  } else if (prefix) out.set(prefix, value);
  return out;
}

/** A route's settings as the router resolves them from the file alone (emergency env overrides are no part of a version). */
const routeSettings = (r: RouteRollout) =>
  flatten({ mode: r.mode.value, percentage: r.percentage.value, confidence_threshold: r.threshold.value, gates: r.gates });

function sideValues(side: RolloutSide | null): Map<string, Map<string, unknown>> {
  const scopes = new Map<string, Map<string, unknown>>();
  if (!side) return scopes;
  const source = side.config ? { file: 'rollout.yaml', version: '', config: side.config } : null;
  const rollout = effectiveRollout(source, {}, side.routes);
  for (const r of rollout.routes) scopes.set(r.route, routeSettings(r));
  const config = side.config ?? BUILT_IN_ROLLOUT;
  scopes.set('defaults', flatten(config.defaults));
  scopes.set('costs', flatten(config.costs));
  return scopes;
}

/**
 * The rollout values two versions differ in, key by key: per route (mode, percentage,
 * confidence_threshold, gates.*), then the file's defaults and costs. Without a `before` every value
 * is added.
 */
export function diffRollout(before: RolloutSide | null, after: RolloutSide): RolloutChange[] {
  const was = sideValues(before);
  const now = sideValues(after);
  const fixed = ['defaults', 'costs'];
  const routes = [...new Set([...was.keys(), ...now.keys()])].filter((s) => !fixed.includes(s)).sort();
  const changes: RolloutChange[] = [];
  for (const scope of [...routes, ...fixed]) {
    const a = was.get(scope) ?? new Map<string, unknown>();
    const b = now.get(scope) ?? new Map<string, unknown>();
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(key) ?? null;
      const y = b.get(key) ?? null;
      if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ scope, key, before: x, after: y });
    }
  }
  return changes;
}
