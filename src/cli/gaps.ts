import type { Command } from 'commander';
import { buildGapReport, formatGapReport, GAP_CLUSTERING } from '../gaps/index.ts';
import { createRuntime } from '../main.ts';
import { jsonOption, parseProbability, parseWholeNumber, writeJson } from './options.ts';
import { withProgress } from './progress.ts';

/** `sop gaps [--days N] [--route R]`: the topics of the texts the SOP module did not answer well. */
export function registerGaps(program: Command): void {
  program
    .command('gaps')
    .description('topics of the texts answered below threshold or judged "SOP worse": where SOPs are missing or weak')
    .option('--days <n>', 'days to report, up to now; the trend compares the same number of days before', parseWholeNumber(1), 7)
    .option('--route <route>', 'only texts of this route')
    .option('--limit <n>', 'topics to print (all of them with --json)', parseWholeNumber(1), 20)
    .option(
      '--threshold <cosine>',
      `how alike two groups' texts must be on average to join (0 to 1; lower joins more, for a quiet period)`,
      parseProbability,
      GAP_CLUSTERING.threshold,
    )
    .option('--sops <dir>', 'folder of SOPs each topic is placed against')
    .addOption(jsonOption('the report (every topic with its texts)'))
    .action(async (opts: { days: number; route?: string; limit: number; threshold: number; sops?: string; json?: boolean }) => {
      const runtime = createRuntime();
      const knowledge = await withProgress('indexing the SOPs', (update) => runtime.loadKnowledge({ sopsDir: opts.sops, onProgress: update }));
      const db = await runtime.openDatabase();
      try {
        const report = await buildGapReport({
          db,
          to: new Date(),
          days: opts.days,
          route: opts.route,
          index: knowledge.index,
          clustering: { threshold: opts.threshold },
        });
        if (opts.json) writeJson(report);
        else process.stdout.write(formatGapReport(report, opts.limit));
      } finally {
        await db.close();
      }
    });
}
