import { calibratedEce, reliability, type ReliabilityBin } from '../answer/index.ts';
import { roundTo } from '../numbers.ts';
import { splitWords } from '../text/index.ts';

/** What one case came to: the answer's source, confidence and route, and its agreement with the Assistant. */
export type CaseOutcome = {
  id: string;
  /** The case's route, or `out-of-scope`. */
  group: string;
  query: string;
  /** The expected document, or section when one section alone answers the case. */
  expected: string | null;
  /** The route the answer came from. */
  answeredRoute: string;
  /** The answer's sources, best first: the section the reply is taken from, then the runners-up. */
  sources: string[];
  confidence: number;
  threshold: number;
  escalated: boolean;
  latencyMs: number;
  response: string;
  /** Agreement with the recorded Assistant answer; null without one. */
  similarity: number | null;
  f1: number | null;
  /** Share of `must_include` phrases in the answer; null without any. */
  mustInclude: number | null;
  /** The module asked which of two SOPs the customer means instead of answering. */
  clarified: boolean;
  /** The answer to the case's scripted reply, when the module asked and the case has one. */
  secondTurn: { sources: string[]; confidence: number; threshold: number } | null;
  /** The case carries a scripted reply (`reply`). */
  hasReply: boolean;
};

export type GroupMetrics = {
  cases: number;
  inScope: number;
  outOfScope: number;
  hit1: number | null;
  hit3: number | null;
  /** In-scope cases answered with confidence at or above the route's threshold. */
  confidentShare: number | null;
  /** In-scope cases answered confidently from the right document. */
  confidentCorrect: number | null;
  /** Of the confident answers (out-of-scope ones included), the share from the right document. */
  precision: number | null;
  /** Out-of-scope cases answered confidently: over this group's out-of-scope cases, or for a route, over all of them. */
  falseAnswerRate: number | null;
  escalationRate: number | null;
  similarity: number | null;
  f1: number | null;
  mustIncludeRecall: number | null;
  ece: number | null;
  /** The ECE a perfectly calibrated confidence would show on this many cases at these confidences (median of seeded draws). */
  eceIfCalibrated: number | null;
  bins: ReliabilityBin[];
  /** Share of the cases where the module asked which of two SOPs the customer means. */
  clarified: number | null;
  /**
   * Of the in-scope cases with a scripted reply, the share answered confidently from the right
   * document at the first turn, or at the second after the module asked.
   */
  resolvedInTwo: number | null;
  /** Answers to a scripted reply given confidently from the wrong document (out-of-scope cases included). */
  secondTurnWrong: number;
  latencyMs: { p50: number; p95: number; p99: number };
};

export const OUT_OF_SCOPE = 'out-of-scope';

/** Token F1 of two texts: harmonic mean of precision and recall over their words (a multiset); 0 when either is empty. */
export function tokenF1(answer: string, reference: string): number {
  const a = splitWords(answer);
  const b = splitWords(reference);
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const w of b) counts.set(w, (counts.get(w) ?? 0) + 1);
  let overlap = 0;
  for (const w of a) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      overlap++;
      counts.set(w, n - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / a.length;
  const recall = overlap / b.length;
  return (2 * precision * recall) / (precision + recall);
}

const fold = (text: string) => text.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

/** Share of the phrases found in the answer, case and spacing ignored; null without phrases. */
export function mustIncludeRecall(answer: string, phrases: readonly string[] | undefined): number | null {
  if (!phrases || phrases.length === 0) return null;
  const text = fold(answer);
  return phrases.filter((p) => text.includes(fold(p))).length / phrases.length;
}

/** The value at rank ⌈p·n⌉ of sorted values (nearest rank); 0 for none. The one percentile rule of the evals and of `npm run bench`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** The median of unsorted values, by the same nearest-rank rule. */
export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

export const isConfident = (o: CaseOutcome) => o.confidence >= o.threshold;
/** The answer to the scripted reply was confident; right when `expected` is its first source. */
const secondConfident = (o: CaseOutcome) => o.secondTurn !== null && o.secondTurn.confidence >= o.secondTurn.threshold;
const secondCorrect = (o: CaseOutcome) => secondConfident(o) && o.expected !== null && matches(o.secondTurn!.sources[0], o.expected);
/** A source answers the case: its document is the expected one, or its section when a section is expected. */
const matches = (source: string | undefined, expected: string) =>
  source !== undefined && (expected.includes('#') ? source === expected : source.split('#')[0] === expected);
export const isCorrect = (o: CaseOutcome) => o.expected !== null && matches(o.sources[0], o.expected);

/**
 * The metrics of a group of outcomes. `outOfScopeAnswers`: out-of-scope cases a route answered
 * confidently from its own SOPs, counted against its precision and false-answer rate (out of
 * `allOutOfScope` cases), so a route whose SOPs grab unrelated questions is the one that fails.
 */
export function groupMetrics(
  outcomes: readonly CaseOutcome[],
  attributed: { outOfScopeAnswers: readonly CaseOutcome[]; allOutOfScope: number } | null = null,
): GroupMetrics {
  const inScope = outcomes.filter((o) => o.expected !== null);
  const outOfScope = outcomes.filter((o) => o.expected === null);
  const ratio = (n: number, d: number) => (d === 0 ? null : roundTo(n / d, 3));
  const mean = (xs: (number | null)[]) => {
    const known = xs.filter((x): x is number => x !== null);
    return known.length ? roundTo(known.reduce((a, b) => a + b, 0) / known.length, 3) : null;
  };
  const confidentInScope = inScope.filter(isConfident);
  const confidentCorrect = confidentInScope.filter(isCorrect).length;
  const falseAnswers = attributed ? attributed.outOfScopeAnswers : outOfScope.filter(isConfident);
  const { bins, ece } = reliability(outcomes.map((o) => ({ p: o.confidence, y: isCorrect(o) ? 1 : 0 })));
  const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const withReply = inScope.filter((o) => o.hasReply);
  return {
    cases: outcomes.length,
    inScope: inScope.length,
    outOfScope: outOfScope.length,
    hit1: ratio(inScope.filter(isCorrect).length, inScope.length),
    hit3: ratio(inScope.filter((o) => o.sources.slice(0, 3).some((source) => matches(source, o.expected!))).length, inScope.length),
    confidentShare: ratio(confidentInScope.length, inScope.length),
    confidentCorrect: ratio(confidentCorrect, inScope.length),
    precision: ratio(confidentCorrect, confidentInScope.length + falseAnswers.length),
    falseAnswerRate: ratio(falseAnswers.length, attributed ? attributed.allOutOfScope : outOfScope.length),
    escalationRate: ratio(outcomes.filter((o) => o.escalated).length, outcomes.length),
    similarity: mean(inScope.map((o) => o.similarity)),
    f1: mean(inScope.map((o) => o.f1)),
    mustIncludeRecall: mean(inScope.map((o) => o.mustInclude)),
    ece: outcomes.length ? roundTo(ece, 3) : null,
    eceIfCalibrated: outcomes.length ? roundTo(calibratedEce(outcomes.map((o) => o.confidence)), 3) : null,
    bins,
    clarified: ratio(outcomes.filter((o) => o.clarified).length, outcomes.length),
    resolvedInTwo: ratio(withReply.filter((o) => (isConfident(o) && isCorrect(o)) || secondCorrect(o)).length, withReply.length),
    secondTurnWrong: outcomes.filter((o) => secondConfident(o) && !secondCorrect(o)).length,
    latencyMs: { p50: roundTo(percentile(latencies, 0.5), 3), p95: roundTo(percentile(latencies, 0.95), 3), p99: roundTo(percentile(latencies, 0.99), 3) },
  };
}
