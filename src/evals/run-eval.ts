import type { Knowledge, SopModule } from '../answer/index.ts';
import type { EffectiveRollout } from '../config/index.ts';
import { InputError } from '../errors.ts';
import { answerSimilarity } from '../search/index.ts';
import type { EvalCase } from './cases.ts';
import { checkExpectedSources } from './retrieval.ts';
import { groupMetrics, isConfident, mustIncludeRecall, OUT_OF_SCOPE, tokenF1, type CaseOutcome, type GroupMetrics } from './metrics.ts';

export type EvalReport = {
  cases: number;
  /** The rollout config's version the thresholds came from. */
  rolloutVersion: string;
  overall: GroupMetrics;
  /** Per route the cases are filed under, and `out-of-scope`. */
  groups: Record<string, GroupMetrics>;
  outcomes: CaseOutcome[];
  /** Cases whose Assistant answer (what agreement is measured against) was logged from it, or written by hand in its voice. */
  assistantAnswers: { recorded: number; written: number };
  seconds: number;
};

type Options = {
  knowledge: Knowledge;
  module: SopModule;
  cases: EvalCase[];
  rollout: EffectiveRollout;
  /** Similarity of the SOP answer to the Assistant's; by default the cosine with the index's embedder. */
  similarity?: (a: string, b: string) => Promise<number>;
  /** False for a base branch: a document the head added is simply not found there. */
  strictSources?: boolean;
  onProgress?: (done: number, total: number) => void;
};

/**
 * Asks the SOP module every case, as the router would (no route given), and measures the answers:
 * the source against `expected_source`, the confidence against the route's threshold, agreement with
 * the recorded Assistant answer, escalations and latency, overall and per route.
 */
export async function runEval(options: Options): Promise<EvalReport> {
  const { knowledge, module, cases, rollout } = options;
  const similarity = options.similarity ?? ((a: string, b: string) => answerSimilarity(knowledge.index.embedder, a, b));
  const started = performance.now();
  if (options.strictSources ?? true) checkSources(knowledge, cases);
  const outcomes: CaseOutcome[] = [];
  /** The customer's scripted reply to the module's question, answered in the light of their first text. */
  const secondTurn = async (reply: string, query: string, route: string | null | undefined): Promise<CaseOutcome['secondTurn']> => {
    const answer = await module.processWithContext(reply, undefined, { previousMessages: [query] });
    return {
      sources: answer.structured.sources.map((s) => s.id),
      confidence: answer.confidence,
      threshold: rollout.route(route ?? answer.structured.route).threshold.value,
    };
  };
  for (const [i, c] of cases.entries()) {
    const t = performance.now();
    const answer = await module.processWithContext(c.query);
    const latencyMs = performance.now() - t;
    const answeredRoute = answer.structured.route;
    outcomes.push({
      id: c.id,
      // A case without a route belongs to the route of its expected document, never to the answer's.
      group: c.route ?? (c.expected_source === null ? OUT_OF_SCOPE : c.expected_source.split('/')[0]!),
      query: c.query,
      expected: c.expected_source,
      answeredRoute,
      sources: answer.structured.sources.map((s) => s.id),
      confidence: answer.confidence,
      threshold: rollout.route(c.route ?? answeredRoute).threshold.value,
      escalated: answer.structured.escalation.required,
      latencyMs,
      response: answer.response,
      similarity: c.assistant_response ? await similarity(answer.response, c.assistant_response) : null,
      f1: c.assistant_response ? tokenF1(answer.response, c.assistant_response) : null,
      mustInclude: mustIncludeRecall(answer.response, c.must_include),
      clarified: answer.structured.clarify !== undefined,
      secondTurn: answer.structured.clarify && c.reply ? await secondTurn(c.reply, c.query, c.route) : null,
      hasReply: c.reply !== undefined,
    });
    options.onProgress?.(i + 1, cases.length);
  }
  const outOfScope = outcomes.filter((o) => o.expected === null);
  const groups: Record<string, GroupMetrics> = {};
  for (const group of [...new Set(outcomes.map((o) => o.group))].sort()) {
    const members = outcomes.filter((o) => o.group === group);
    groups[group] =
      group === OUT_OF_SCOPE
        ? groupMetrics(members)
        : groupMetrics(members, { outOfScopeAnswers: outOfScope.filter((o) => isConfident(o) && o.answeredRoute === group), allOutOfScope: outOfScope.length });
  }
  const assistantAnswers = {
    recorded: cases.filter((c) => c.assistant_response && c.provenance === 'recorded').length,
    written: cases.filter((c) => c.assistant_response && c.provenance === 'written').length,
  };
  return {
    cases: cases.length,
    rolloutVersion: rollout.version,
    overall: groupMetrics(outcomes),
    groups,
    outcomes,
    assistantAnswers,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Every route is one of the SOPs', and every expected source names a document (or section) of them. */
function checkSources(knowledge: Knowledge, cases: EvalCase[]): void {
  for (const c of cases) {
    if (c.route && !knowledge.routes.has(c.route))
      throw new InputError(`case ${c.id}: route ${c.route} is not a route of the SOPs (${[...knowledge.routes.keys()].join(', ')})`);
  }
  checkExpectedSources(knowledge, cases, 'the SOPs');
}
