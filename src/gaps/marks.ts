import type { Queryable } from '../db/index.ts';
import type { PrHost } from '../git/index.ts';
import { requestNewSop } from './new-sop.ts';
import { outOfScopePath, proposeOutOfScope, type TopicProposal } from './propose.ts';
import type { GapTopic } from './report.ts';

export const GAP_MARKS = ['out_of_scope', 'new_sop'] as const;
export type GapMarkKind = (typeof GAP_MARKS)[number];
export type GapMark = { mark: GapMarkKind; link: string | null; by: string; at: string };

/** Records a reviewer's decision on a topic, replacing an earlier one. */
export async function markTopic(db: Queryable, input: { topic: GapTopic; mark: GapMarkKind; by: string; link?: string | null }): Promise<void> {
  const { topic } = input;
  await db.query(
    `INSERT INTO gap_marks (topic, mark, name, texts, examples, link, marked_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (topic) DO UPDATE SET mark = EXCLUDED.mark, name = EXCLUDED.name, texts = EXCLUDED.texts, examples = EXCLUDED.examples,
       link = EXCLUDED.link, marked_by = EXCLUDED.marked_by, marked_at = now()`,
    [topic.id, input.mark, topic.name, topic.texts, JSON.stringify(topic.examples), input.link ?? null, input.by],
  );
}

/** The decisions recorded on these topics, by topic id. */
export async function readMarks(db: Queryable, topics: readonly string[]): Promise<Map<string, GapMark>> {
  if (topics.length === 0) return new Map();
  const { rows } = await db.query<{ topic: string; mark: GapMarkKind; link: string | null; marked_by: string; marked_at: Date | string }>(
    'SELECT topic, mark, link, marked_by, marked_at FROM gap_marks WHERE topic = ANY($1::text[])',
    [[...topics]],
  );
  return new Map(rows.map((r) => [r.topic, { mark: r.mark, link: r.link, by: r.marked_by, at: new Date(r.marked_at).toISOString() }]));
}

/** Every recorded decision, newest first: the list of topics marked "not ours" or "a new SOP is needed". */
export async function listMarks(db: Queryable): Promise<(GapMark & { topic: string; name: string; texts: number; examples: string[] })[]> {
  const { rows } = await db.query<{
    topic: string;
    mark: GapMarkKind;
    name: string;
    texts: number;
    examples: string[];
    link: string | null;
    marked_by: string;
    marked_at: Date | string;
  }>('SELECT topic, mark, name, texts, examples, link, marked_by, marked_at FROM gap_marks ORDER BY marked_at DESC, topic');
  return rows.map((r) => ({
    topic: r.topic,
    mark: r.mark,
    name: r.name,
    texts: r.texts,
    examples: r.examples,
    link: r.link,
    by: r.marked_by,
    at: new Date(r.marked_at).toISOString(),
  }));
}

/**
 * "Not ours": its texts proposed as out-of-scope questions (where proposals go), then the mark.
 * @returns the proposal (null without a host) and the link the mark records
 */
export async function markNotOurs(input: {
  db: Queryable;
  host: PrHost | null;
  sopsPath: string;
  topic: GapTopic;
  by: string;
}): Promise<{ proposed: TopicProposal | null; link: string | null }> {
  const proposed = input.host ? await proposeOutOfScope({ host: input.host, topic: input.topic, path: outOfScopePath(input.sopsPath) }) : null;
  const link = proposed?.proposal ? (proposed.proposal.url ?? `branch ${proposed.proposal.branch}`) : null;
  await markTopic(input.db, { topic: input.topic, mark: 'out_of_scope', by: input.by, link });
  return { proposed, link };
}

/** "A new SOP is needed": an issue where the host has them (once: a topic marked so keeps its issue), then the mark. */
export async function markNewSop(input: { db: Queryable; host: PrHost | null; topic: GapTopic; by: string }): Promise<string | null> {
  const { topic } = input;
  const link = topic.mark?.mark === 'new_sop' && topic.mark.link ? topic.mark.link : await requestNewSop(input.host, topic);
  await markTopic(input.db, { topic, mark: 'new_sop', by: input.by, link });
  return link;
}
