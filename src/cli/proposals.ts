import type { Command } from 'commander';
// Only these modules, not extraction's: every `sop` command loads this file.
import { listExtracted } from '../extraction/conversations.ts';
import { findProposal, listProposals, localReview, reviewProposal, type ProposalRow } from '../extraction/proposals.ts';
import { createRuntime, type KnowledgeTools } from '../main.ts';
import { jsonOption, writeJson } from './options.ts';

/** `sop proposals list|show|merge|reject`: review knowledge proposals; merging is a human's act. */
export function registerProposals(program: Command): void {
  const proposals = program.command('proposals').description('review knowledge proposals');
  proposals
    .command('list')
    .description('proposals, newest first')
    .option('--state <state>', 'open, merged or rejected')
    .addOption(jsonOption('the proposals'))
    .action((opts: { state?: string; json?: boolean }) =>
      withTools(async (tools) => {
        const rows = await listProposals(tools.db, { state: opts.state });
        if (opts.json) return writeJson({ proposals: rows.map(proposalJson) });
        if (!rows.length) process.stdout.write('no proposals yet: they appear when conversations are extracted (`sop extract --pending`)\n');
        for (const r of rows)
          process.stdout.write(`${r.key}  ${r.state.padEnd(8)} ${r.route.padEnd(9)} ${r.supporters} conv.  ${r.url ?? r.branch}  ${r.title}\n`);
      }),
    );
  proposals
    .command('show')
    .argument('<key>')
    .description('a proposal, its items and its diff')
    .addOption(jsonOption('the proposal, its items and its diff'))
    .action((key: string, opts: { json?: boolean }) =>
      withTools(async (tools) => {
        const r = await findProposal(tools.db, key);
        if (opts.json) {
          const items = (await listExtracted(tools.db, { proposalKey: key })).map((i) => ({
            id: i.id,
            status: i.status,
            confidence: i.confidence,
            problem: i.problem,
            solution: i.solution,
          }));
          const review = localReview(tools.host);
          return writeJson({ ...proposalJson(r), items, diff: review && r.state === 'open' ? await review.diff(r.branch) : null });
        }
        process.stdout.write(`${r.title}\nstate ${r.state} · ${r.path} · ${r.url ?? `branch ${r.branch}`} · supported by ${r.supporters} conversation(s)\n\n`);
        for (const i of await listExtracted(tools.db, { proposalKey: key }))
          process.stdout.write(`- [${i.status}, ${Number(i.confidence).toFixed(2)}] ${i.problem}\n  ${i.solution}\n`);
        const review = localReview(tools.host);
        if (review && r.state === 'open') process.stdout.write(`\n${await review.diff(r.branch)}\n`);
      }),
    );
  for (const action of ['merge', 'reject'] as const) {
    proposals
      .command(action)
      .argument('<key>')
      .description(action === 'merge' ? 'merge a local proposal branch into the base branch' : 'reject a proposal: its branch is deleted')
      .action((key: string) =>
        withTools(async (tools) => {
          process.stdout.write(`${key} ${await reviewProposal({ db: tools.db, host: tools.host, key, action })}\n`);
        }),
      );
  }
}

/** A proposal in `--json` output: these fields, named so, whatever the stored row gains. */
function proposalJson(r: ProposalRow) {
  return {
    key: r.key,
    state: r.state,
    route: r.route,
    title: r.title,
    path: r.path,
    sopSection: r.sopSection,
    host: r.host,
    branch: r.branch,
    url: r.url,
    mergeCommit: r.mergeCommit,
    supporters: r.supporters,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

async function withTools(fn: (tools: KnowledgeTools) => Promise<void>): Promise<void> {
  const tools = await createRuntime().openKnowledgeTools();
  try {
    await fn(tools);
  } finally {
    await tools.close();
  }
}
