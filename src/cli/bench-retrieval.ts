import type { Command } from 'commander';
import type { Knowledge } from '../answer/index.ts';
import { effectiveRollout, readRolloutFile, type RolloutOverrides } from '../config/index.ts';
import { InputError } from '../errors.ts';
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
    .option('--threshold <p>', 'confidence at or above which an answer counts as given (0 to 1; default: the effective rollout config)', parseProbability)
    .addOption(jsonOption('the report'))
    .action(async (opts: { docs: string; cases: string; threshold?: number; json?: boolean }) => {
      const cases = readCases(opts.cases);
      const runtime = createRuntime();
      const knowledge = await withProgress('indexing', (update) => runtime.loadKnowledge({ sopsDir: opts.docs, onProgress: update }));
      const threshold = opts.threshold ?? rolloutThreshold(knowledge, runtime.rolloutPath(opts.docs), runtime.env);
      const report = await runRetrievalBenchmark(knowledge, cases, threshold);
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

/**
 * The confidence threshold the docs' routes answer at in the effective rollout config: the rollout file
 * beside the docs (or ROLLOUT_FILE) with the env overrides, the config's default without a file. The
 * benchmark asks without a route and scores every case at one threshold, so routes the file sets apart
 * are settled with `--threshold`.
 */
function rolloutThreshold(knowledge: Knowledge, file: string, overrides: RolloutOverrides): number {
  const routes = [...knowledge.routes.keys()];
  const rollout = effectiveRollout(readRolloutFile(file), overrides, routes);
  // Without routes, the threshold of a question no route is known for: the defaults.
  const thresholds = (routes.length ? routes : ['']).map((route) => ({ route, value: rollout.route(route).threshold.value }));
  if (new Set(thresholds.map((t) => t.value)).size > 1) {
    const each = thresholds.map((t) => `${t.route} ${t.value}`).join(', ');
    throw new InputError(`the routes answer at different confidence thresholds in ${file} (${each}): pass --threshold to score every case at one`);
  }
  return thresholds[0]!.value;
}
