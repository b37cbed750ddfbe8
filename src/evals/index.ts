export { readCases, type RetrievalCase } from './cases.ts';
export { runRetrievalBenchmark, type RetrievalReport } from './retrieval.ts';
