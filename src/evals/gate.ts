import type { EffectiveRollout, Gates } from '../config/index.ts';
import { OUT_OF_SCOPE, type GroupMetrics } from './metrics.ts';
import type { EvalReport } from './run-eval.ts';

export type RouteVerdict = { route: string; pass: boolean; reasons: string[]; raised: string | null };
export type GateResult = { pass: boolean; routes: RouteVerdict[] };

const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
/** Ratios are rounded to 3 decimals: a difference of exactly the limit must not fail on float noise. */
const EPSILON = 1e-9;

/** Why a route misses its gates: one sentence per gate, empty when it meets them all. */
export function missedGates(route: string, m: GroupMetrics, gates: Gates): string[] {
  const reasons: string[] = [];
  if (m.inScope > 0 && (m.confidentCorrect ?? 0) < gates.min_confident_correct - EPSILON) {
    reasons.push(`${route}: confident-and-correct ${f(m.confidentCorrect)} is below ${gates.min_confident_correct.toFixed(2)}`);
  }
  if (m.precision !== null && m.precision < gates.min_precision - EPSILON)
    reasons.push(`${route}: precision among confident answers ${f(m.precision)} is below ${gates.min_precision.toFixed(2)}`);
  if (m.falseAnswerRate !== null && m.falseAnswerRate > gates.max_false_answer_rate + EPSILON) {
    reasons.push(`${route}: false-answer rate on out-of-scope cases ${f(m.falseAnswerRate)} is above ${gates.max_false_answer_rate.toFixed(2)}`);
  }
  if (m.latencyMs.p95 >= gates.max_p95_latency_ms)
    reasons.push(`${route}: p95 latency ${m.latencyMs.p95.toFixed(0)} ms is not under ${gates.max_p95_latency_ms} ms`);
  return reasons;
}

/** The share of a route's customers the SOP module answers: its percentage in rollout, none otherwise. */
const exposure = (rollout: EffectiveRollout, route: string) => {
  const r = rollout.route(route);
  return r.mode.value === 'rollout' ? r.percentage.value : 0;
};

/**
 * How the head raised the share of a route's customers the SOP module answers (shadow and off answer
 * none), against the base, or without a base, a route that answers any.
 */
export function raisedExposure(route: string, head: EffectiveRollout, base: EffectiveRollout | null): string | null {
  const now = exposure(head, route);
  const was = base ? exposure(base, route) : 0;
  if (now <= was) return null;
  if (!base) return `in rollout at ${now}%`;
  const from = base.route(route).mode.value;
  return from === 'rollout' ? `rollout percentage raised ${was}% → ${now}%` : `mode raised ${from} → rollout (${now}%)`;
}

/** Each gate at the stricter of two values: a pull request cannot lower the bar it is judged by. */
function stricter(a: Gates, b: Gates): Gates {
  return {
    min_confident_correct: Math.max(a.min_confident_correct, b.min_confident_correct),
    min_precision: Math.max(a.min_precision, b.min_precision),
    max_false_answer_rate: Math.min(a.max_false_answer_rate, b.max_false_answer_rate),
    max_p95_latency_ms: Math.min(a.max_p95_latency_ms, b.max_p95_latency_ms),
    max_regression_points: Math.min(a.max_regression_points, b.max_regression_points),
  };
}

/**
 * The gate of a pull request. A route whose exposure the head raises (or, without a base, a route in
 * rollout) must meet its gates, and then so must the false-answer rate over all out-of-scope cases;
 * against the base, no route's confident-and-correct share may drop, nor its false-answer rate rise,
 * by more than `max_regression_points` and more than one case. Gates are the stricter of the base's and the head's.
 */
export function checkGate(head: { report: EvalReport; rollout: EffectiveRollout }, base: { report: EvalReport; rollout: EffectiveRollout } | null): GateResult {
  const routesOf = (side: { report: EvalReport; rollout: EffectiveRollout }) => [
    ...Object.keys(side.report.groups),
    ...side.rollout.routes.map((r) => r.route),
  ];
  const names = [...new Set([...routesOf(head), ...(base ? routesOf(base) : [])])].filter((r) => r !== OUT_OF_SCOPE).sort();
  const gatesOf = (route: string) => (base ? stricter(base.rollout.route(route).gates, head.rollout.route(route).gates) : head.rollout.route(route).gates);
  const regressions = (route: string, gates: Gates): string[] => {
    const m = head.report.groups[route];
    const was = base?.report.groups[route];
    if (!m || !was) return [];
    const reasons: string[] = [];
    // One case changing its outcome is never a regression by itself: in a group of 45 it moves the
    // rate by 2.2 points, which a refitted calibration does by chance.
    const allowed = (cases: number) => Math.max(gates.max_regression_points, cases ? 100 / cases : 0);
    const drop = ((was.confidentCorrect ?? 0) - (m.confidentCorrect ?? 0)) * 100;
    if (m.inScope > 0 && drop > allowed(m.inScope) + EPSILON) {
      reasons.push(
        `${route}: confident-and-correct dropped ${drop.toFixed(1)} points (${f(was.confidentCorrect)} → ${f(m.confidentCorrect)}), more than ${gates.max_regression_points} and more than one case`,
      );
    }
    const rise = ((m.falseAnswerRate ?? 0) - (was.falseAnswerRate ?? 0)) * 100;
    const outOfScope = m.outOfScope || head.report.overall.outOfScope;
    if (rise > allowed(outOfScope) + EPSILON) {
      reasons.push(
        `${route}: false-answer rate rose ${rise.toFixed(1)} points (${f(was.falseAnswerRate)} → ${f(m.falseAnswerRate)}), more than ${gates.max_regression_points} and more than one case`,
      );
    }
    return reasons;
  };

  const routes = names.map((route): RouteVerdict => {
    const gates = gatesOf(route);
    const raised = raisedExposure(route, head.rollout, base?.rollout ?? null);
    const m = head.report.groups[route];
    const reasons: string[] = [];
    if (raised) {
      if (!m || m.inScope === 0) reasons.push(`${route}: no eval cases answer for it (${raised}); add cases to evals/ first`);
      else reasons.push(...missedGates(route, m, gates).map((r) => `${r} (${raised})`));
    }
    reasons.push(...regressions(route, gates));
    return { route, pass: reasons.length === 0, reasons, raised };
  });

  // Out-of-scope questions belong to no route: their overall false-answer rate is gated when any route's exposure goes up.
  const outOfScope = head.report.groups[OUT_OF_SCOPE];
  if (outOfScope) {
    const gates = gatesOf('');
    const reasons = regressions(OUT_OF_SCOPE, gates);
    if (routes.some((r) => r.raised) && outOfScope.falseAnswerRate !== null && outOfScope.falseAnswerRate > gates.max_false_answer_rate + EPSILON) {
      reasons.unshift(
        `${OUT_OF_SCOPE}: false-answer rate ${f(outOfScope.falseAnswerRate)} is above ${gates.max_false_answer_rate.toFixed(2)} (a route's exposure was raised)`,
      );
    }
    routes.push({ route: OUT_OF_SCOPE, pass: reasons.length === 0, reasons, raised: null });
    routes.sort((a, b) => a.route.localeCompare(b.route));
  }
  return { pass: routes.every((r) => r.pass), routes };
}
