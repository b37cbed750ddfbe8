import { confidenceOf, reliability, type Knowledge, type ReliabilityBin } from '../answer/index.ts';
import { InputError } from '../errors.ts';
import { roundTo } from '../numbers.ts';
import type { RetrievalCase } from './cases.ts';
import { percentile } from './metrics.ts';

export type RetrievalReport = {
  cases: number;
  inScope: number;
  outOfScope: number;
  hit1: number;
  hit3: number;
  mrr: number;
  /** Out-of-scope cases answered with confidence at or above the threshold. */
  falseAnswerRate: number | null;
  threshold: number;
  /** Calibration of the confidence against hit@1 on these cases. */
  ece: number;
  bins: ReliabilityBin[];
  latencyMs: { p50: number; p95: number; p99: number };
};

/**
 * Asks every case of the index and scores the ranking: hit@1, hit@3 and MRR over in-scope cases,
 * the false-answer rate over out-of-scope ones. `expected_source` is a document path or a section id.
 */
export async function runRetrievalBenchmark(knowledge: Knowledge, cases: RetrievalCase[], threshold: number): Promise<RetrievalReport> {
  checkExpectedSources(knowledge, cases, 'the corpus');
  let hit1 = 0;
  let hit3 = 0;
  let mrr = 0;
  let falseAnswers = 0;
  const latencies: number[] = [];
  const predictions: { p: number; y: number }[] = [];
  for (const c of cases) {
    const started = performance.now();
    const result = await knowledge.index.search(c.query, { limit: 10 });
    const confidence = confidenceOf(knowledge.calibration, result);
    latencies.push(performance.now() - started);
    if (c.expected_source === null) {
      if (confidence >= threshold) falseAnswers++;
      predictions.push({ p: confidence, y: 0 });
      continue;
    }
    const expected = c.expected_source;
    const rank = result.hits.findIndex((h) => (expected.includes('#') ? h.unit === expected : h.doc === expected));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) mrr += 1 / (rank + 1);
    predictions.push({ p: confidence, y: rank === 0 ? 1 : 0 });
  }
  const inScope = cases.filter((c) => c.expected_source !== null).length;
  const outOfScope = cases.length - inScope;
  const { bins, ece } = reliability(predictions);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => roundTo(percentile(latencies, p), 3);
  return {
    cases: cases.length,
    inScope,
    outOfScope,
    hit1: roundTo(hit1 / (inScope || 1), 3),
    hit3: roundTo(hit3 / (inScope || 1), 3),
    mrr: roundTo(mrr / (inScope || 1), 3),
    falseAnswerRate: outOfScope ? roundTo(falseAnswers / outOfScope, 3) : null,
    threshold,
    ece: roundTo(ece, 3),
    bins,
    latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) },
  };
}

/** Every expected source names a document of `corpus`, and a section id a section of it. */
export function checkExpectedSources(knowledge: Knowledge, cases: readonly RetrievalCase[], corpus: string): void {
  const sections = new Set(knowledge.index.units.map((u) => u.id));
  for (const c of cases) {
    const expected = c.expected_source;
    if (expected === null) continue;
    const doc = expected.split('#')[0]!;
    if (!knowledge.docs.has(doc)) throw new InputError(`case ${c.id}: expected_source ${expected} is not a document of ${corpus}`);
    if (expected.includes('#') && !sections.has(expected)) throw new InputError(`case ${c.id}: expected_source ${expected}: ${doc} has no such section`);
  }
}
