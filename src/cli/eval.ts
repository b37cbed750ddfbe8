import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { effectiveRollout, readRolloutFile, type EffectiveRollout } from '../config/index.ts';
import { checkGate, checkoutBase, formatMarkdown, formatTable, readCases, runEval, type EvalCase, type EvalReport } from '../evals/index.ts';
import { createRuntime, type Runtime } from '../main.ts';
import { formatReliability } from './calibrate.ts';
import { jsonOption, parseWholeNumber, writeJson } from './options.ts';
import { progress } from './progress.ts';

type Options = { sops?: string; cases?: string; rollout?: string; json?: boolean; report?: string; gate?: boolean; base?: string; worst: number };

/** `sop eval`: the SOP module on the eval cases, per route; `--gate --base REF` for pull requests. Exit 0 pass, 1 gate failed, 2 could not run. */
export function registerEval(program: Command): Command {
  return program
    .command('eval')
    .description(
      'answer every eval case: sources, confidence, agreement with the Assistant, calibration, latency; --gate fails a pull request that makes answers worse',
    )
    .option('--sops <dir>', 'folder of SOPs (default: SOPS_DIR)')
    .option('--cases <path>', 'a JSONL file of cases, or a folder of them (default: EVALS_DIR)')
    .option('--rollout <file>', 'thresholds and gates (default: ROLLOUT_FILE, else rollout.yaml above the SOPs folder)')
    .addOption(jsonOption('the report (head, base, gate)'))
    .option('--report <file>', 'write a markdown report fit for a pull request comment')
    .option('--gate', 'exit 1 when a route whose exposure was raised misses its gates, or a route regresses against --base')
    .option('--base <ref>', 'git ref to compare against: its SOPs, rollout.yaml and calibration, on the same cases')
    .option('--worst <n>', 'worst cases listed in the report', parseWholeNumber(0), 10)
    .action(async (options: Options) => {
      try {
        process.exitCode = await evaluate(options);
      } catch (error) {
        // Whatever stopped the run, the verdict is "could not run", never "failed"; a report says so,
        // so a pull request never keeps an earlier verdict.
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`sop eval: ${message}\n`);
        if (options.report) writeFileSync(options.report, `## SOP eval\n\n**Could not run** (exit 2): ${message}\n`);
        process.exitCode = 2;
      }
    });
}

async function evaluate(options: Options): Promise<number> {
  const runtime = createRuntime();
  const sopsDir = options.sops ?? runtime.env.SOPS_DIR;
  const cases = readCases(options.cases ?? runtime.env.EVALS_DIR);
  const rolloutFile = options.rollout ?? runtime.rolloutPath(sopsDir);
  // The base is read first: an unknown ref stops the run before any work.
  const tree = options.base ? checkoutBase(options.base, { sopsDir, rolloutFile }) : null;
  let base: { report: EvalReport; rollout: EffectiveRollout; ref: string } | null = null;
  let head: Awaited<ReturnType<typeof evaluateTree>>;
  try {
    head = await evaluateTree(runtime, { sopsDir, rolloutFile, cases, label: 'head', strict: true });
    if (tree && options.base) {
      base = {
        ...(await evaluateTree(runtime, { sopsDir: tree.sopsDir, rolloutFile: tree.rolloutFile, cases, label: `base ${options.base}`, strict: false })),
        ref: options.base,
      };
    }
  } finally {
    tree?.remove();
  }
  const gate = options.gate || base ? checkGate(head, base) : null;
  if (options.report) writeFileSync(options.report, `${formatMarkdown(head.report, gate, base, options.worst)}\n`);
  if (options.json) {
    writeJson({ head: head.report, base: base ? { ref: base.ref, ...base.report } : null, gate });
  } else {
    process.stdout.write(
      `${formatTable(head.report, gate)}\n\ncalibration of confidence against a right answer (overall):\n${formatReliability(head.report.overall.bins, head.report.overall.ece ?? 0)}\n`,
    );
  }
  return options.gate && gate && !gate.pass ? 1 : 0;
}

async function evaluateTree(runtime: Runtime, o: { sopsDir: string; rolloutFile: string | null; cases: EvalCase[]; label: string; strict: boolean }) {
  // On stderr when it is a terminal, erased when done; nothing otherwise (CI logs stay clean).
  const bar = progress(o.label, 0);
  try {
    const knowledge = await runtime.loadKnowledge({ sopsDir: o.sopsDir, onProgress: (done, total, stage) => bar.update(done, total, `indexing: ${stage}`) });
    const routes = [...knowledge.routes.keys()];
    // The file as written: emergency env overrides are not what a pull request is judged on.
    const rollout = effectiveRollout(o.rolloutFile ? readRolloutFile(o.rolloutFile, routes) : null, {}, routes);
    const report = await runEval({
      knowledge,
      module: runtime.createModule(knowledge),
      cases: o.cases,
      rollout,
      strictSources: o.strict,
      onProgress: (done, total) => bar.update(done, total, 'cases'),
    });
    return { report, rollout };
  } finally {
    bar.done();
  }
}
