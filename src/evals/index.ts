export { readCases, type EvalCase, type RetrievalCase } from './cases.ts';
export { runRetrievalBenchmark, type RetrievalReport } from './retrieval.ts';
export { runEval, type EvalReport } from './run-eval.ts';
export { tokenF1, mustIncludeRecall, percentile, median, groupMetrics, OUT_OF_SCOPE, type CaseOutcome, type GroupMetrics } from './metrics.ts';
export { checkGate, missedGates, raisedExposure, type GateResult, type RouteVerdict } from './gate.ts';
export { checkoutBase, type BaseTree } from './base.ts';
export { formatTable, formatMarkdown, worstCases } from './report.ts';
export { harvestCases, harvestSkip, formatCasesJsonl, type HarvestedCase, type HarvestSkip } from './harvest.ts';
export { findNearCopies, formatNearCopies, NEAR_COPY, questionsOf, type NearCopyReport, type QuestionPair, type SopQuestion } from './near-copies.ts';
