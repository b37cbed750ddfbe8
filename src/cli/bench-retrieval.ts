import type { Command } from 'commander';
import { DEFAULT_THRESHOLD } from '../answer/index.ts';
import { readCases, runRetrievalBenchmark } from '../evals/index.ts';
import { createRuntime } from '../main.ts';
import { formatReliability } from './calibrate.ts';
import { jsonOption, parseProbability, writeJson } from './options.ts';
import { withProgress } from './progress.ts';

/** `sop bench-retrieval --docs DIR --cases FILE`: retrieval quality of any folder of markdown. */
export function registerBenchRetrieval(program: Command): void {
  program
    .command('bench-retrieval')
    .description('hit@1, hit@3, MRR and false-answer rate of a folder of markdown on a cases file')
    .requiredOption('--docs <dir>', 'folder of markdown documents (route folders)')
    .requiredOption('--cases <file>', 'JSONL: {"id","query","expected_source"} per line')
    .option('--threshold <p>', 'confidence at or above which an answer counts as given (0 to 1)', parseProbability, DEFAULT_THRESHOLD)
    .addOption(jsonOption('the report'))
    .action(async (opts: { docs: string; cases: string; threshold: number; json?: boolean }) => {
      const cases = readCases(opts.cases);
      const runtime = createRuntime();
      const knowledge = await withProgress('indexing', (update) => runtime.loadKnowledge({ sopsDir: opts.docs, onProgress: update }));
      const report = await runRetrievalBenchmark(knowledge, cases, opts.threshold);
      if (opts.json) {
        writeJson(report);
        return;
      }
      const far = report.falseAnswerRate === null ? 'n/a (no out-of-scope cases)' : report.falseAnswerRate.toFixed(3);
      process.stdout.write(
        [
          `${report.cases} cases (${report.inScope} in scope, ${report.outOfScope} out of scope) over ${knowledge.docs.size} documents, ${knowledge.index.embedder.id}`,
          `hit@1 ${report.hit1.toFixed(3)}   hit@3 ${report.hit3.toFixed(3)}   MRR ${report.mrr.toFixed(3)}`,
          `false-answer rate at confidence >= ${report.threshold}: ${far}`,
          `latency per query p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms, p99 ${report.latencyMs.p99} ms`,
          'calibration of confidence against hit@1:',
          formatReliability(report.bins, report.ece),
        ].join('\n'),
      );
    });
}
