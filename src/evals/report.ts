import type { GateResult } from './gate.ts';
import { isConfident, isCorrect, type CaseOutcome, type GroupMetrics } from './metrics.ts';
import type { EvalReport } from './run-eval.ts';

const n = (x: number | null, digits = 3) => (x === null ? '-' : x.toFixed(digits));
const COLUMNS = [
  'cases',
  'hit@1',
  'hit@3',
  'confident',
  'conf+correct',
  'precision',
  'false ans',
  'escalated',
  'similarity',
  'F1',
  'must incl',
  'ECE',
  'ECE if calibrated',
  'p50 ms',
  'p95 ms',
  'p99 ms',
];

function cells(m: GroupMetrics): string[] {
  return [
    String(m.cases),
    n(m.hit1),
    n(m.hit3),
    n(m.confidentShare),
    n(m.confidentCorrect),
    n(m.precision),
    n(m.falseAnswerRate),
    n(m.escalationRate),
    n(m.similarity),
    n(m.f1),
    n(m.mustIncludeRecall),
    n(m.ece),
    n(m.eceIfCalibrated),
    n(m.latencyMs.p50, 1),
    n(m.latencyMs.p95, 1),
    n(m.latencyMs.p99, 1),
  ];
}

function rowsOf(report: EvalReport): [string, GroupMetrics][] {
  return [...Object.entries(report.groups), ['overall', report.overall]];
}

/** The answers that most need a look: confidently wrong first, then out-of-scope questions answered, then misses. */
export function worstCases(outcomes: readonly CaseOutcome[], limit: number): CaseOutcome[] {
  const badness = (o: CaseOutcome) =>
    o.expected === null ? (isConfident(o) ? 2 + o.confidence : -1) : isCorrect(o) ? -1 : isConfident(o) ? 3 + o.confidence : o.confidence;
  return outcomes
    .filter((o) => badness(o) >= 0)
    .sort((a, b) => badness(b) - badness(a))
    .slice(0, limit);
}

/** The terminal table: one line per route, the overall line, and the gate's reasons. */
export function formatTable(report: EvalReport, gate: GateResult | null): string {
  const table = [['route', ...COLUMNS], ...rowsOf(report).map(([name, m]) => [name, ...cells(m)])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  const out = [
    `${report.cases} cases in ${report.seconds.toFixed(1)} s (thresholds from rollout ${report.rolloutVersion})`,
    '',
    ...lines,
    '',
    clarificationNote(report),
    agreementNote(report),
  ];
  if (gate) {
    out.push('', gate.pass ? 'gate: pass' : 'gate: FAIL');
    for (const r of gate.routes) for (const reason of r.reasons) out.push(`  ${reason}`);
  }
  return out.join('\n');
}

/** How often the module asked which of two SOPs the customer means, and what the scripted replies came to. */
export function clarificationNote(report: EvalReport): string {
  const o = report.overall;
  const withReply = report.outcomes.filter((x) => x.hasReply && x.expected !== null).length;
  const perRoute = rowsOf(report)
    .filter(([name]) => name !== 'overall')
    .map(([name, m]) => `${name} ${n(m.resolvedInTwo)}`)
    .join(', ');
  const asked = report.outcomes.filter((x) => x.clarified).length;
  const head = `asked which of two SOPs on ${asked} of ${report.cases} cases (${n(o.clarified)})`;
  if (withReply === 0) return `${head}; no case carries a scripted reply, so nothing is resolved at the second turn`;
  return `${head}; resolved within two turns (confident and right at the first, or at the reply): ${n(o.resolvedInTwo)} of ${withReply} in-scope cases with a scripted reply (${perRoute}); ${o.secondTurnWrong} confident wrong answer(s) at the second turn`;
}

/** What the agreement columns compare with: recorded Assistant answers, or answers written by hand in its voice. */
export function agreementNote(report: EvalReport): string {
  const { recorded, written } = report.assistantAnswers;
  const note = `agreement with the Assistant (similarity, F1, must incl) is measured against ${recorded} recorded answer(s) and ${written} written by hand in its voice`;
  return written > 0 && recorded === 0 ? `${note}: how close the SOP answer is to a person's idea of the Assistant, not to the Assistant` : note;
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 140);

/** A markdown report for a pull request comment: a verdict per route, base against head, and the worst cases. */
export function formatMarkdown(head: EvalReport, gate: GateResult | null, base: { report: EvalReport; ref: string } | null, worst = 10): string {
  const verdict = (route: string) => {
    const v = gate?.routes.find((r) => r.route === route);
    return !gate ? '' : !v ? '' : v.pass ? '✅ pass' : '❌ fail';
  };
  const delta = (route: string, pick: (m: GroupMetrics) => number | null) => {
    const was = base ? (route === 'overall' ? base.report.overall : base.report.groups[route]) : undefined;
    const now = route === 'overall' ? head.overall : head.groups[route];
    const a = was ? pick(was) : null;
    const b = now ? pick(now) : null;
    if (a === null || b === null) return n(b);
    const d = (b - a) * 100;
    return `${n(b)} (${d >= 0 ? '+' : ''}${d.toFixed(1)})`;
  };
  const lines = [
    '## SOP eval',
    '',
    gate ? (gate.pass ? '**Gate: pass.**' : '**Gate: fail.**') : '',
    base
      ? `Head against base \`${base.ref}\` on the same ${head.cases} cases, both answered by the head's code; changes in points in brackets.`
      : `${head.cases} cases.`,
    '',
    '| route | verdict | cases | hit@1 | confident + correct | precision | false answers | escalated | similarity to Assistant | must include | p95 ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rowsOf(head).map(
      ([route, m]) =>
        `| ${route} | ${verdict(route)} | ${m.cases} | ${delta(route, (x) => x.hit1)} | ${delta(route, (x) => x.confidentCorrect)} | ${delta(route, (x) => x.precision)} | ${delta(route, (x) => x.falseAnswerRate)} | ${n(m.escalationRate)} | ${n(m.similarity)} | ${n(m.mustIncludeRecall)} | ${n(m.latencyMs.p95, 1)} |`,
    ),
    '',
  ];
  const reasons = gate?.routes.flatMap((r) => r.reasons) ?? [];
  if (reasons.length) lines.push('### Why the gate failed', '', ...reasons.map((r) => `- ${r}`), '');
  const worstOnes = worstCases(head.outcomes, worst);
  if (worstOnes.length) {
    lines.push(`### Worst ${worstOnes.length} cases`, '', '| case | route | question | expected | answered from | confidence |', '|---|---|---|---|---|---|');
    for (const o of worstOnes)
      lines.push(`| ${o.id} | ${o.group} | ${escapeCell(o.query)} | ${o.expected ?? '(decline)'} | ${o.sources[0] ?? '-'} | ${o.confidence.toFixed(2)} |`);
    lines.push('');
  }
  lines.push(clarificationNote(head), '', agreementNote(head), '');
  lines.push(
    '<sub>`npx sop eval` · confident = confidence at or above the route threshold in rollout.yaml · false answers = out-of-scope questions answered confidently</sub>',
  );
  return lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n');
}
