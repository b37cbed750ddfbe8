import type { Command } from 'commander';
import { findNearCopies, formatNearCopies, questionsOf, readCases } from '../evals/index.ts';
import { createRuntime } from '../main.ts';
import { createLocalEmbedder } from '../search/index.ts';
import { loadCorpus } from '../sops/index.ts';
import { jsonOption, parseWholeNumber, writeJson } from './options.ts';

/** `sop eval copies`: exit 1 when an eval query is a near copy of a SOP's typical question. */
export function registerCopies(evalCommand: Command): Command {
  evalCommand
    .command('copies')
    .description("check that no eval query is a near copy of a SOP's typical question (word overlap and vector similarity); prints the closest pairs")
    .option('--sops <dir>', 'folder of SOPs (default: SOPS_DIR)')
    .option('--cases <path>', 'a JSONL file of cases, or a folder of them (default: EVALS_DIR)')
    .option('--top <n>', 'closest pairs printed', parseWholeNumber(0), 10)
    .addOption(jsonOption('the report'))
    .action(async (_: unknown, command: Command) => {
      // `--sops`, `--cases` and `--json` are also options of `sop eval`, which may read them first.
      const opts = command.optsWithGlobals<{ sops?: string; cases?: string; top: number; json?: boolean }>();
      const { env } = createRuntime();
      const docs = loadCorpus(opts.sops ?? env.SOPS_DIR, { strict: false }).docs;
      // The local vectors always: the check runs offline in CI, whatever embedder answers.
      const report = await findNearCopies(readCases(opts.cases ?? env.EVALS_DIR), questionsOf(docs), createLocalEmbedder(), opts.top);
      if (opts.json) writeJson(report);
      else process.stdout.write(formatNearCopies(report));
      process.exitCode = report.copies.length ? 1 : 0;
    });
  return evalCommand;
}
