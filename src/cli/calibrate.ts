import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Command } from 'commander';
import { calibrateOnCorpus, type CalibrationReport, type ReliabilityBin } from '../answer/index.ts';
import { createRuntime } from '../main.ts';
import { InputError } from '../errors.ts';
import { loadCorpus } from '../sops/index.ts';
import { jsonOption, parseWholeNumber, writeJson } from './options.ts';
import { withProgress } from './progress.ts';

/** `sop calibrate`: refit the fusion weights and the confidence model on held-out SOP questions and out-of-scope questions. */
export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description('fit the ranking weights and the confidence model (calibration/model.json) and print their reliability')
    .option('--sops <dir>', 'folder of SOPs', 'sops')
    .option('--out-of-scope <file>', 'questions no SOP answers, one per line')
    .option('--folds <n>', 'held-out folds', parseWholeNumber(2), 5)
    .addOption(jsonOption('the figures (hit@1 per ranking, section choice, fusion weights, samples, reliability tables)'))
    .action(async (opts: { sops: string; outOfScope?: string; folds: number; json?: boolean }) => {
      const runtime = createRuntime();
      const out = runtime.calibrationPath(opts.sops);
      const inputs = runtime.calibrationInputs(opts.sops, opts.outOfScope);
      if (!existsSync(inputs.outOfScopeFile))
        throw new InputError(`out-of-scope questions not found: ${inputs.outOfScopeFile} (one question per line; pass --out-of-scope FILE)`);
      const corpus = loadCorpus(opts.sops, { strict: false });
      // Paths relative to the repository, so the same SOPs fit the same file in any checkout.
      const shown = (path: string) =>
        relative(dirname(dirname(out)), path)
          .split('\\')
          .join('/');
      const report = await withProgress('calibrating', (update) =>
        calibrateOnCorpus(corpus, inputs.outOfScope, {
          embedder: runtime.embedder,
          folds: opts.folds,
          on: `${opts.folds}-fold held-out questions of ${shown(opts.sops)} + ${inputs.outOfScope.length} out-of-scope (${shown(inputs.outOfScopeFile)})`,
          digest: inputs.digest,
          onProgress: update,
        }),
      );
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify(report.model, null, 2)}\n`);
      if (opts.json) return writeJson(calibrationFigures(report, out));
      const f = report.model.fitted;
      const w = report.model.fusion;
      const r = report.rankings;
      process.stdout.write(
        `held-out questions hit@1: BM25 ${r.bm25.toFixed(3)}, vectors ${r.dense.toFixed(3)}, classifier ${r.classifier.toFixed(3)}, fused ${r.fused.toFixed(3)}\n`,
      );
      const { general, variants } = report.sectionChoice;
      const share = (t: { asked: number; right: number }) => `${t.right} of ${t.asked} (${(t.asked ? t.right / t.asked : 0).toFixed(3)})`;
      process.stdout.write(
        `section choice, when the document came first: general questions answered from the general answer ${share(general)}, variants' questions from their variant ${share(variants)}\n`,
      );
      process.stdout.write(
        `fused score = ${w.bm25} × BM25 + ${w.dense} × vectors + ${w.classifier} × classifier (each relative to the query's best document)\n`,
      );
      process.stdout.write(`confidence fitted on ${f.positives} right and ${f.negatives} wrong or out-of-scope answers\n`);
      process.stdout.write(
        `pair confidence (one of the two best documents is right, for asking which one) fitted on ${report.pair.samples} answers, ${report.pair.positives} right; out-of-fold ECE ${report.pair.crossValidatedEce.toFixed(3)}\n`,
      );
      process.stdout.write('reliability of the fitted model on its own samples:\n');
      process.stdout.write(formatReliability(report.bins, report.ece));
      process.stdout.write('reliability out of fold (5-fold cross-validation, the honest figure):\n');
      process.stdout.write(formatReliability(report.crossValidated.bins, report.crossValidated.ece));
      const routes = Object.entries(report.crossValidated.byRoute).map(([route, v]) => `${route} ${v.ece.toFixed(3)} (${v.samples})`);
      process.stdout.write(`  out-of-fold ECE by route of the top answer: ${routes.join(', ')}\n`);
      process.stdout.write(`  out-of-fold Brier score ${report.crossValidated.brier.toFixed(3)} (lower separates right from wrong answers better)\n`);
      process.stdout.write(`wrote ${out}\n`);
    });
}

/** What `sop calibrate --json` prints: the figures of the text output, and the file it wrote. */
function calibrationFigures(report: CalibrationReport, modelFile: string) {
  const { fitted, fusion } = report.model;
  const cv = report.crossValidated;
  return {
    rankings: report.rankings,
    sectionChoice: report.sectionChoice,
    fusion,
    fitted: { on: fitted.on, embedder: fitted.embedder, positives: fitted.positives, negatives: fitted.negatives },
    pair: report.pair,
    reliability: { ece: report.ece, bins: report.bins },
    crossValidated: { ece: cv.ece, brier: cv.brier, bins: cv.bins, byRoute: cv.byRoute },
    modelFile,
  };
}

/** The 10-bin reliability table and ECE, as printed by `sop calibrate` and the benchmarks. */
export function formatReliability(bins: ReliabilityBin[], ece: number): string {
  const rows = bins.map(
    (b) =>
      `  ${b.from.toFixed(1)}-${b.to.toFixed(1)}  ${String(b.count).padStart(5)}  ${b.count ? b.meanConfidence.toFixed(3) : '    -'}  ${b.count ? b.accuracy.toFixed(3) : '    -'}`,
  );
  return ['  bin       count   conf.  accuracy', ...rows, `  expected calibration error ${ece.toFixed(3)}`, ''].join('\n');
}
