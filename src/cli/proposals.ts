import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import type { LocalReview, PrHost } from '../git/index.ts';
import { createRuntime, type KnowledgeTools } from '../main.ts';

type Row = { key: string; host: string; state: string; route: string; title: string; path: string; branch: string; url: string | null; supporters: number; updated_at: Date };

/** `sop proposals list|show|merge|reject`: review knowledge proposals; merging is a human's act. */
export function registerProposals(program: Command): void {
  const proposals = program.command('proposals').description('review knowledge proposals');
  proposals
    .command('list')
    .description('proposals, newest first')
    .option('--state <state>', 'open, merged or rejected')
    .action((opts: { state?: string }) =>
      withTools(async (tools) => {
        const rows = await select(tools, opts.state ? 'WHERE state = $1' : '', opts.state ? [opts.state] : []);
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
        const r = await one(tools, key);
        process.stdout.write(`${r.title}\nstate ${r.state} · ${r.path} · ${r.url ?? `branch ${r.branch}`} · supported by ${r.supporters} conversation(s)\n\n`);
        const items = await tools.db.query<{ problem: string; solution: string; confidence: number; status: string }>('SELECT problem, solution, confidence, status FROM extracted_knowledge WHERE proposal_key = $1', [key]);
        for (const i of items.rows) process.stdout.write(`- [${i.status}, ${Number(i.confidence).toFixed(2)}] ${i.problem}\n  ${i.solution}\n`);
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
          const r = await one(tools, key);
          if (r.state !== 'open') throw new InputError(`proposal ${key} is ${r.state} already`);
          const review = localReview(tools.host);
          if (!review || r.host !== 'local') throw new InputError(`proposal ${key} is a GitHub pull request: ${action} it there (${r.url})`);
          if (action === 'merge') await review.merge(r.branch, `Merge ${r.branch}: ${r.title}`);
          else await review.reject(r.branch);
          const state = action === 'merge' ? 'merged' : 'rejected';
          await tools.db.query('UPDATE proposals SET state = $2, updated_at = now() WHERE key = $1', [key, state]);
          await tools.db.query('UPDATE extracted_knowledge SET status = $2, updated_at = now() WHERE proposal_key = $1', [key, state]);
          process.stdout.write(`${key} ${state}\n`);
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

function select(tools: KnowledgeTools, where: string, params: unknown[]): Promise<Row[]> {
  return tools.db
    .query<Row>(`SELECT key, host, state, route, title, path, branch, url, cardinality(conversation_ids)::int AS supporters, updated_at FROM proposals ${where} ORDER BY updated_at DESC`, params)
    .then((r) => r.rows);
}

async function one(tools: KnowledgeTools, key: string): Promise<Row> {
  const [row] = await select(tools, 'WHERE key = $1', [key]);
  if (!row) throw new InputError(`no proposal ${key}: see \`sop proposals list\``);
  return row;
}

function localReview(host: PrHost | null): LocalReview | null {
  return host && 'review' in host ? (host as PrHost & { review: LocalReview }).review : null;
}
