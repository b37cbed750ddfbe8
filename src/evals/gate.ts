import { MODES, type EffectiveRollout, type Gates } from '../config/index.ts';
import { OUT_OF_SCOPE, type GroupMetrics } from './metrics.ts';
import type { EvalReport } from './run-eval.ts';

export type RouteVerdict = { route: string; pass: boolean; reasons: string[]; raised: string | null };
export type GateResult = { pass: boolean; routes: RouteVerdict[] };

const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/** Why a route misses its gates: one sentence per gate, empty when it meets them all. */
export function missedGates(route: string, m: GroupMetrics, gates: Gates): string[] {
  const reasons: string[] = [];
  if (m.inScope > 0 && (m.confidentCorrect ?? 0) < gates.min_confident_correct) {
    reasons.push(`${route}: confident-and-correct ${f(m.confidentCorrect)} is below ${gates.min_confident_correct.toFixed(2)}`);
  }
  if (m.precision !== null && m.precision < gates.min_precision) reasons.push(`${route}: precision among confident answers ${f(m.precision)} is below ${gates.min_precision.toFixed(2)}`);
  if (m.falseAnswerRate !== null && m.falseAnswerRate > gates.max_false_answer_rate) {
    reasons.push(`${route}: false-answer rate on out-of-scope cases ${f(m.falseAnswerRate)} is above ${gates.max_false_answer_rate.toFixed(2)}`);
  }
  if (m.latencyMs.p95 >= gates.max_p95_latency_ms) reasons.push(`${route}: p95 latency ${m.latencyMs.p95.toFixed(0)} ms is not under ${gates.max_p95_latency_ms} ms`);
  return reasons;
}

/** How the head raised a route's exposure against the base: a higher mode, or a higher rollout percentage. */
export function raisedExposure(route: string, head: EffectiveRollout, base: EffectiveRollout | null): string | null {
  const h = head.route(route);
  if (!base) return h.mode.value === 'rollout' && h.percentage.value > 0 ? `in rollout at ${h.percentage.value}%` : null;
  const b = base.route(route);
  const rank = (mode: string) => MODES.indexOf(mode as (typeof MODES)[number]);
  if (rank(h.mode.value) > rank(b.mode.value)) return `mode raised ${b.mode.value} → ${h.mode.value}${h.mode.value === 'rollout' ? ` (${h.percentage.value}%)` : ''}`;
  if (h.mode.value === 'rollout' && h.percentage.value > b.percentage.value) return `rollout percentage raised ${b.percentage.value}% → ${h.percentage.value}%`;
  return null;
}

/**
 * The gate of a pull request. A route whose exposure the head raises (or, without a base, a route in
 * rollout) must meet its gates; and against the base, no route's confident-and-correct share may drop,
 * nor its false-answer rate rise, by more than `max_regression_points`.
 */
export function checkGate(head: { report: EvalReport; rollout: EffectiveRollout }, base: { report: EvalReport; rollout: EffectiveRollout } | null): GateResult {
  const names = [...new Set([...Object.keys(head.report.groups), ...(base ? Object.keys(base.report.groups) : [])])].sort();
  const routes = names.map((route): RouteVerdict => {
    const m = head.report.groups[route];
    const reasons: string[] = [];
    const gates = head.rollout.route(route === OUT_OF_SCOPE ? '' : route).gates;
    const raised = route === OUT_OF_SCOPE ? null : raisedExposure(route, head.rollout, base?.rollout ?? null);
    if (raised && m) reasons.push(...missedGates(route, m, gates).map((r) => `${r} (${raised})`));
    const was = base?.report.groups[route];
    if (m && was) {
      const points = gates.max_regression_points;
      const drop = ((was.confidentCorrect ?? 0) - (m.confidentCorrect ?? 0)) * 100;
      if (m.inScope > 0 && drop > points) reasons.push(`${route}: confident-and-correct dropped ${drop.toFixed(1)} points (${f(was.confidentCorrect)} → ${f(m.confidentCorrect)}), more than ${points}`);
      const rise = ((m.falseAnswerRate ?? 0) - (was.falseAnswerRate ?? 0)) * 100;
      if (rise > points) reasons.push(`${route}: false-answer rate rose ${rise.toFixed(1)} points (${f(was.falseAnswerRate)} → ${f(m.falseAnswerRate)}), more than ${points}`);
    }
    return { route, pass: reasons.length === 0, reasons, raised };
  });
  return { pass: routes.every((r) => r.pass), routes };
}
