import type { Queryable } from '../db/index.ts';
import { fenced, type PrHost } from '../git/index.ts';
import { personalDataIn } from '../privacy/index.ts';
import type { KnowledgeEntry } from '../sops/index.ts';
import { lineDiff } from '../text/index.ts';

/** A change to propose: where it goes, what it says, and the customer-derived texts it quotes. */
export type ProposalDraft = {
  key: string;
  route: string;
  title: string;
  /** What the body says of this kind of proposal; the confidence, supporters, evidence and diff follow. */
  summary: string[];
  /** Where the change goes and why, when the kind says so. */
  where?: string;
  confidence: number;
  /** The redacted exchange the proposal comes from. */
  evidence: string;
  labels: string[];
  path: string;
  /** The file on the base branch ('' for a new one) and as the proposal leaves it. */
  before: string;
  content: string;
  problem: string;
  solution: string;
  section: string | null;
  supporters: string[];
  entry: KnowledgeEntry | null;
  /** Texts from the conversation the summary quotes (the evidence is checked too), each named for the reason a leak would give. */
  quoted: (readonly [where: string, text: string])[];
};

/**
 * Opens or updates a proposal (a branch or pull request and its `proposals` row) inside the caller's
 * transaction, and says its key. Its body is the draft's summary, then what every proposal shows: the
 * confidence, where it goes, its supporters, the redacted evidence and the diff. What would reach git is checked for personal data once more first
 * (the title, the file name, the lines the change adds, the quoted texts and the evidence): a draft that still
 * holds any is not opened, and the reason comes back as `blocked`.
 */
export async function openProposal(tx: Queryable, host: PrHost, draft: ProposalDraft): Promise<string | { blocked: string }> {
  const beforeLines = new Set(draft.before.split('\n'));
  const added = draft.content
    .split('\n')
    .filter((line) => !beforeLines.has(line))
    .join('\n');
  const leaks = (
    [['the title', draft.title], ['the file name', draft.path], ['the SOP text', added], ...draft.quoted, ['the evidence', draft.evidence]] as const
  ).flatMap(([where, text]) => personalDataIn(text).map((kind) => `${where} holds what looks like ${kind}`));
  if (leaks.length) return { blocked: `not proposed: ${leaks.join('; ')}` };
  const body = [
    ...draft.summary,
    `**Confidence**: ${draft.confidence.toFixed(2)}`,
    ...(draft.where ? [`**Where**: ${draft.where}`] : []),
    `**Supported by ${draft.supporters.length} conversation(s)**: ${draft.supporters.join(', ')}`,
    '',
    'Evidence (redacted):',
    fenced(draft.evidence),
    '',
    `Change to \`${draft.path}\`:`,
    fenced(lineDiff(draft.before, draft.content), 'diff'),
  ].join('\n');
  const proposal = await host.propose({
    key: draft.key,
    title: draft.title,
    body,
    labels: draft.labels,
    changes: [{ path: draft.path, content: draft.content }],
  });
  await tx.query(
    `INSERT INTO proposals (key, host, route, title, problem, solution, path, sop_section, branch, number, url, conversation_ids, entry)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::uuid[], $13::jsonb)
     ON CONFLICT (key) DO UPDATE SET conversation_ids = EXCLUDED.conversation_ids, number = EXCLUDED.number, url = EXCLUDED.url, entry = EXCLUDED.entry, updated_at = now()`,
    [
      draft.key,
      host.kind,
      draft.route,
      draft.title,
      draft.problem,
      draft.solution,
      draft.path,
      draft.section,
      proposal.branch,
      proposal.number,
      proposal.url,
      draft.supporters,
      draft.entry ? JSON.stringify(draft.entry) : null,
    ],
  );
  return draft.key;
}
