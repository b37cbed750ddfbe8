import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { calibrateOnCorpus, parseQuestionList, type ReliabilityBin } from '../answer/index.ts';
import { createRuntime } from '../main.ts';
import { InputError } from '../errors.ts';
import { loadCorpus } from '../sops/index.ts';
import { parseWholeNumber } from './options.ts';

/** `sop calibrate`: refit the confidence model on held-out SOP questions and out-of-scope questions. */
export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description('fit the confidence model (calibration/model.json) and print its reliability')
    .option('--sops <dir>', 'folder of SOPs', 'sops')
    .option('--out-of-scope <file>', 'questions no SOP answers, one per line')
    .option('--folds <n>', 'held-out folds', parseWholeNumber(2), 5)
    .action(async (opts: { sops: string; outOfScope?: string; folds: number }) => {
      const runtime = createRuntime();
      const out = runtime.calibrationPath(opts.sops);
      const oosFile = opts.outOfScope ?? join(dirname(out), 'out-of-scope.txt');
      if (!existsSync(oosFile)) throw new InputError(`out-of-scope questions not found: ${oosFile} (one question per line; pass --out-of-scope FILE)`);
      const outOfScope = parseQuestionList(readFileSync(oosFile, 'utf8'));
      const corpus = loadCorpus(opts.sops, { strict: false });
      const report = await calibrateOnCorpus(corpus.docs, outOfScope, {
        embedder: runtime.embedder,
        folds: opts.folds,
        on: `${opts.folds}-fold held-out questions of ${opts.sops} + ${outOfScope.length} out-of-scope (${oosFile})`,
      });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify(report.model, null, 2)}\n`);
      const f = report.model.fitted;
      process.stdout.write(`fitted on ${f.positives} right and ${f.negatives} wrong or out-of-scope answers; held-out hit@1 ${report.heldOutHit1.toFixed(3)}\n`);
      process.stdout.write('reliability of the fitted model on its own samples:\n');
      process.stdout.write(formatReliability(report.bins, report.ece));
      process.stdout.write('reliability out of fold (5-fold cross-validation, the honest figure):\n');
      process.stdout.write(formatReliability(report.crossValidated.bins, report.crossValidated.ece));
      process.stdout.write(`wrote ${out}\n`);
    });
}

/** The 10-bin reliability table and ECE, as printed by `sop calibrate` and the benchmarks. */
export function formatReliability(bins: ReliabilityBin[], ece: number): string {
  const rows = bins.map(
    (b) => `  ${b.from.toFixed(1)}-${b.to.toFixed(1)}  ${String(b.count).padStart(5)}  ${b.count ? b.meanConfidence.toFixed(3) : '    -'}  ${b.count ? b.accuracy.toFixed(3) : '    -'}`,
  );
  return ['  bin       count   conf.  accuracy', ...rows, `  expected calibration error ${ece.toFixed(3)}`, ''].join('\n');
}
