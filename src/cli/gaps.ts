import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import {
  buildGapReport,
  formatGapReport,
  GAP_CLUSTERING,
  type GapTopic,
  listMarks,
  markNewSop,
  markNotOurs,
  outOfScopePath,
  proposeTopicQuestions,
} from '../gaps/index.ts';
import type { Queryable } from '../db/index.ts';
import { createRuntime, type KnowledgeTools } from '../main.ts';
import { jsonOption, parseProbability, parseWholeNumber, writeJson } from './options.ts';
import { withProgress } from './progress.ts';

type Period = { days: number; route?: string; threshold: number };

/** The options that say which texts are grouped, the same for the report and for acting on one of its topics. */
function periodOptions(command: Command): Command {
  return command
    .option('--days <n>', 'days to report, up to now; the trend compares the same number of days before', parseWholeNumber(1), 7)
    .option('--route <route>', 'only texts of this route')
    .option(
      '--threshold <cosine>',
      `how alike two groups' texts must be on average to join (0 to 1; lower joins more, for a quiet period)`,
      parseProbability,
      GAP_CLUSTERING.threshold,
    );
}

/** The topic of this id in the report of the period, or an input error listing the ids there are. */
async function findTopic(db: Queryable, id: string, opts: Period): Promise<GapTopic> {
  const report = await buildGapReport({ db, to: new Date(), days: opts.days, route: opts.route, clustering: { threshold: opts.threshold } });
  const topic = report.topics.find((t) => t.id === id);
  if (topic) return topic;
  throw new InputError(
    `no topic ${id} in the last ${opts.days} days${opts.route ? ` on ${opts.route}` : ''}: topics are ${report.topics.map((t) => t.id).join(', ') || 'none'}`,
  );
}

/** `sop gaps [--days N] [--route R]`: the topics of the texts the SOP module did not answer well; `sop gaps propose`: act on one. */
export function registerGaps(program: Command): void {
  const gaps = periodOptions(
    program.command('gaps').description('topics of the texts answered below threshold or judged "SOP worse": where SOPs are missing or weak'),
  )
    .option('--limit <n>', 'topics to print (all of them with --json)', parseWholeNumber(1), 20)
    .option('--sops <dir>', 'folder of SOPs each topic is placed against')
    .addOption(jsonOption('the report (every topic with its texts)'))
    .action(async (opts: Period & { limit: number; sops?: string; json?: boolean }) => {
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

  /** A command that acts on one topic of the period's report: `act` returns the line it prints. */
  const topicCommand = <O extends object>(
    name: string,
    description: string,
    act: (tools: KnowledgeTools, topic: GapTopic, opts: Period & O) => Promise<string>,
  ) =>
    periodOptions(
      gaps
        .command(name)
        .description(description)
        .argument('<topic>', 'the topic id `sop gaps` prints in brackets, for the same --days, --route and --threshold'),
    ).action(async (topicId: string, opts: Period & O) => {
      const tools = await createRuntime().openKnowledgeTools();
      try {
        process.stdout.write(`${await act(tools, await findTopic(tools.db, topicId, opts), opts)}\n`);
      } finally {
        await tools.close();
      }
    });
  const byOption = (command: Command) => command.option('--by <name>', 'who decides, for the record', `${userInfo().username}@${hostname()}`);

  topicCommand<{ sop: string }>(
    'propose',
    "propose a topic's most typical texts as typical questions of an SOP (a branch or pull request, as knowledge proposals go)",
    async (tools, topic, opts) => {
      if (!tools.host) throw new InputError('nowhere to propose: set PROPOSALS_REPO (a local git repository), or GITHUB_TOKEN and GITHUB_REPOSITORY');
      const { proposal, added, path } = await proposeTopicQuestions({ host: tools.host, topic, sop: opts.sop, sopsDir: tools.sopsPath });
      return proposal
        ? `${added.length} questions added to ${path} ${proposal.updated ? 'proposed' : 'already proposed, unchanged,'} in ${proposal.url ?? `branch ${proposal.branch}`}`
        : `nothing to propose: ${path} already has every text of ${topic.id} that holds no personal data`;
    },
  ).requiredOption('--sop <path>', 'the SOP they are questions of, as sops/ holds it (tech/frozen-screen.md)');

  byOption(
    topicCommand<{ by: string }>(
      'not-ours',
      'mark a topic out of scope, and propose its most typical texts as out-of-scope questions the confidence model learns to decline',
      async (tools, topic, opts) => {
        const path = outOfScopePath(tools.sopsPath);
        const { proposed, link } = await markNotOurs({ db: tools.db, host: tools.host, sopsPath: tools.sopsPath, topic, by: opts.by });
        return `${topic.id} marked out of scope; ${
          !proposed
            ? 'no proposal: set PROPOSALS_REPO, or GITHUB_TOKEN and GITHUB_REPOSITORY, to propose its texts as out-of-scope questions'
            : proposed.proposal
              ? `${proposed.added.length} texts added to ${path} proposed in ${link}`
              : `${path} already has every text of it that holds no personal data`
        }`;
      },
    ),
  );

  byOption(
    topicCommand<{ by: string }>(
      'new-sop',
      'mark a topic as needing a new SOP, and open an issue for it where the host has issues (GitHub)',
      async (tools, topic, opts) => {
        const link = await markNewSop({ db: tools.db, host: tools.host, topic, by: opts.by });
        return `${topic.id} marked as needing a new SOP; ${link ? `issue ${link}` : 'listed in `sop gaps marked` (the local repository has no issues)'}`;
      },
    ),
  );

  gaps
    .command('marked')
    .description('the topics marked "not ours" or "a new SOP is needed", newest first')
    .addOption(jsonOption('the marks'))
    .action(async (opts: { json?: boolean }) => {
      const runtime = createRuntime();
      const db = await runtime.openDatabase();
      try {
        const marks = await listMarks(db);
        if (opts.json) writeJson({ marks });
        else if (marks.length === 0) process.stdout.write('no topic is marked: `sop gaps not-ours TOPIC` and `sop gaps new-sop TOPIC` mark them\n');
        else
          for (const m of marks)
            process.stdout.write(
              `${m.at.slice(0, 10)}  ${m.mark === 'new_sop' ? 'new SOP needed' : 'not ours      '}  ${m.name} [${m.topic}], ${m.texts} texts, by ${m.by}${m.link ? `  ${m.link}` : ''}\n${m.examples.map((e) => `    > ${e}\n`).join('')}`,
            );
      } finally {
        await db.close();
      }
    });
}
