import type { Command } from 'commander';
// Only these modules, not extraction's: every `sop` command loads this file.
import { listExtracted } from '../knowledge/conversations.ts';
import { findProposal, listProposals, localReview, reviewProposal } from '../knowledge/proposals.ts';
import { createRuntime, type KnowledgeTools } from '../main.ts';

/** `sop proposals list|show|merge|reject`: review knowledge proposals; merging is a human's act. */
export function registerProposals(program: Command): void {
  const proposals = program.command('proposals').description('review knowledge proposals');
  proposals
    .command('list')
    .description('proposals, newest first')
    .option('--state <state>', 'open, merged or rejected')
    .action((opts: { state?: string }) =>
      withTools(async (tools) => {
        const rows = await listProposals(tools.db, { state: opts.state });
        if (!rows.length) process.stdout.write('no proposals yet: they appear when conversations are extracted (`sop extract --pending`)\n');
        for (const r of rows) process.stdout.write(`${r.key}  ${r.state.padEnd(8)} ${r.route.padEnd(9)} ${r.supporters} conv.  ${r.url ?? r.branch}  ${r.title}\n`);
      }),
    );
  proposals
    .command('show')
    .argument('<key>')
    .description('a proposal, its items and its diff')
    .action((key: string) =>
      withTools(async (tools) => {
        const r = await findProposal(tools.db, key);
        process.stdout.write(`${r.title}\nstate ${r.state} · ${r.path} · ${r.url ?? `branch ${r.branch}`} · supported by ${r.supporters} conversation(s)\n\n`);
        for (const i of await listExtracted(tools.db, { proposalKey: key })) process.stdout.write(`- [${i.status}, ${Number(i.confidence).toFixed(2)}] ${i.problem}\n  ${i.solution}\n`);
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

async function withTools(fn: (tools: KnowledgeTools) => Promise<void>): Promise<void> {
  const tools = await createRuntime().openKnowledgeTools();
  try {
    await fn(tools);
  } finally {
    await tools.close();
  }
}
