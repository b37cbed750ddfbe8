import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import type { LocalReview, PrHost } from '../git/index.ts';

export type ProposalRow = {
  key: string;
  host: 'local' | 'github';
  state: 'open' | 'merged' | 'rejected';
  route: string;
  title: string;
  path: string;
  sopSection: string | null;
  branch: string;
  url: string | null;
  /** The base branch's commit after a local merge; null otherwise. */
  mergeCommit: string | null;
  supporters: number;
  createdAt: Date;
  updatedAt: Date;
};

type Row = {
  key: string;
  host: 'local' | 'github';
  state: ProposalRow['state'];
  route: string;
  title: string;
  path: string;
  sop_section: string | null;
  branch: string;
  url: string | null;
  merge_commit: string | null;
  supporters: number;
  created_at: Date;
  updated_at: Date;
};

const SELECT =
  'SELECT key, host, state, route, title, path, sop_section, branch, url, merge_commit, cardinality(conversation_ids)::int AS supporters, created_at, updated_at FROM proposals';
const toRow = (r: Row): ProposalRow => ({
  key: r.key,
  host: r.host,
  state: r.state,
  route: r.route,
  title: r.title,
  path: r.path,
  sopSection: r.sop_section,
  branch: r.branch,
  url: r.url,
  mergeCommit: r.merge_commit,
  supporters: Number(r.supporters),
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/** Proposals, most recently updated first; of one state when given. */
export async function listProposals(db: Queryable, filter: { state?: string } = {}): Promise<ProposalRow[]> {
  const { rows } = await db.query<Row>(`${SELECT} ${filter.state ? 'WHERE state = $1' : ''} ORDER BY updated_at DESC, key`, filter.state ? [filter.state] : []);
  return rows.map(toRow);
}

/** One proposal; an unknown key is an error that says where to look. */
export async function findProposal(db: Queryable, key: string): Promise<ProposalRow> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE key = $1`, [key]);
  if (!rows[0]) throw new InputError(`no proposal ${key}: see \`sop proposals list\``);
  return toRow(rows[0]);
}

/** The reviewer's side of a local host (merge, reject, diff), or null for GitHub, whose pull requests have their own buttons. */
export function localReview(host: PrHost | null): LocalReview | null {
  return host && 'review' in host ? (host as PrHost & { review: LocalReview }).review : null;
}

/**
 * A human's decision on an open local proposal: `merge` merges its branch into the base, `reject`
 * deletes the branch; the proposal and its items then say `merged` or `rejected`. A GitHub pull
 * request is reviewed on GitHub. Returns the new state.
 */
export async function reviewProposal(options: { db: Db; host: PrHost | null; key: string; action: 'merge' | 'reject' }): Promise<'merged' | 'rejected'> {
  const { db, key, action } = options;
  const proposal = await findProposal(db, key);
  if (proposal.state !== 'open') throw new InputError(`proposal ${key} is ${proposal.state} already`);
  const review = localReview(options.host);
  if (!review || proposal.host !== 'local') throw new InputError(`proposal ${key} is a GitHub pull request: ${action} it there (${proposal.url})`);
  const mergeCommit = action === 'merge' ? await review.merge(proposal.branch, `Merge ${proposal.branch}: ${proposal.title}`) : null;
  if (action === 'reject') await review.reject(proposal.branch);
  const state = action === 'merge' ? 'merged' : 'rejected';
  await db.transaction(async (tx) => {
    await tx.query('UPDATE proposals SET state = $2, merge_commit = $3, updated_at = now() WHERE key = $1', [key, state, mergeCommit]);
    await tx.query('UPDATE extracted_knowledge SET status = $2, updated_at = now() WHERE proposal_key = $1', [key, state]);
  });
  return state;
}
