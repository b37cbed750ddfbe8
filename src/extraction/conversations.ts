import { setImmediate as nextTick } from 'node:timers/promises';
import type { Queryable } from '../db/index.ts';
import type { ConversationEntry } from '../openphone/index.ts';
import { toTurns, type Turn } from './extract-offline.ts';
import { redact, redactKnown } from '../privacy/index.ts';

type Stored = { phone_number: string | null; customer_name: string | null; messages: ConversationEntry[] };

/**
 * A conversation's turns as extraction sees them and reviewers may read them: names introduced
 * anywhere ("this is Sam") are redacted everywhere ("thanks Sam"), with phones, emails, cards,
 * addresses and codes.
 */
export async function redactedTurns(conversation: Stored): Promise<Turn[]> {
  const raw = toTurns(conversation.messages, conversation.phone_number);
  const redacted = await mapYielding(raw, (t) => redact(t.text));
  // One list for every turn, each name and value once: the redactor builds its lookups once per list.
  // They go into the redacted turns: everything else is out of them already.
  const names = [...new Set([...(conversation.customer_name ? [conversation.customer_name] : []), ...redacted.flatMap((r) => r.names)])];
  const values = redacted.flatMap((r) => r.values);
  return mapYielding(raw, (t, i) => ({ ...t, text: redactKnown(redacted[i]!.text, { names, values }) }));
}

/** How long redaction may hold the event loop before it lets requests in (a 3,000-turn call takes about 0.3 s). */
const SLICE_MS = 10;

/** `items.map(fn)`, giving the event loop back every SLICE_MS: the service keeps answering while a long conversation is redacted. */
async function mapYielding<T, U>(items: readonly T[], fn: (item: T, index: number) => U): Promise<U[]> {
  const out: U[] = [];
  let slice = performance.now();
  for (const [i, item] of items.entries()) {
    out.push(fn(item, i));
    if (performance.now() - slice > SLICE_MS) {
      await nextTick();
      slice = performance.now();
    }
  }
  return out;
}

export type ConversationSummary = {
  id: string;
  createdAt: Date;
  lastMessageAt: Date;
  entries: number;
  processed: boolean;
  /** Why the last extraction found nothing; null when it found something or has not run. */
  nothingFound: string | null;
  /** The first customer turn, redacted. */
  opening: string | null;
  /** Extracted items by status. */
  items: Record<string, number>;
  /** The newest extraction job's state, when one was queued. */
  job: { state: string; attempts: number; lastError: string | null } | null;
};

export type ConversationDetail = ConversationSummary & {
  turns: Turn[];
  extracted: ExtractedRow[];
};

export type ExtractedRow = {
  id: string;
  conversationId: string | null;
  route: string | null;
  problem: string;
  solution: string;
  confidence: number | null;
  evidence: string | null;
  status: string;
  sopSection: string | null;
  reason: string | null;
  proposal: { key: string; state: string; url: string | null; branch: string; host: string } | null;
  createdAt: Date;
};

type ConversationRow = Stored & {
  id: string;
  created_at: Date;
  last_message_at: Date;
  processed: boolean;
  entries: number;
  items: Record<string, number> | null;
  job_state: string | null;
  job_attempts: number | null;
  job_error: string | null;
  nothing_found: string | null;
};

/** A conversation's row with its first `limit` entries as `messages` (all of them without a limit). */
const conversationQuery = (
  limit?: number,
) => `SELECT c.id, c.created_at, c.last_message_at, c.processed, c.phone_number, c.customer_name, c.metadata->>'extraction' AS nothing_found,
    coalesce((SELECT jsonb_agg(f.entry ORDER BY f.id) FROM (SELECT id, entry FROM openphone_conversation_entries e WHERE e.conversation_id = c.id ORDER BY id${limit ? ` LIMIT ${limit}` : ''}) f), '[]'::jsonb) AS messages,
    (SELECT count(*)::int FROM openphone_conversation_entries e WHERE e.conversation_id = c.id) AS entries,
    (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM extracted_knowledge k WHERE k.conversation_id = c.id GROUP BY status) s) AS items,
    j.state AS job_state, j.attempts AS job_attempts, j.last_error AS job_error
  FROM openphone_conversations c
  LEFT JOIN LATERAL (SELECT state, attempts, last_error FROM jobs WHERE kind = $1 AND key = c.id::text ORDER BY id DESC LIMIT 1) j ON true`;
/** A list shows each conversation's opening: its first entries are redacted (with the names they introduce), not the whole call. */
const OPENING_ENTRIES = 30;

/** A row as a summary, with its redacted turns. */
const summary = (r: ConversationRow, turns: Turn[]): ConversationSummary => ({
  id: r.id,
  createdAt: new Date(r.created_at),
  lastMessageAt: new Date(r.last_message_at),
  entries: Number(r.entries),
  processed: r.processed,
  nothingFound: r.nothing_found,
  opening: turns.find((t) => t.who === 'customer')?.text ?? null,
  items: r.items ?? {},
  job: r.job_state ? { state: r.job_state, attempts: Number(r.job_attempts), lastError: r.job_error } : null,
});

/** Conversations, most recent activity first, with their extraction state. */
export async function listConversations(
  db: Queryable,
  options: { jobKind: string; limit?: number; offset?: number },
): Promise<{ rows: ConversationSummary[]; total: number }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const [page, count] = await Promise.all([
    db.query<ConversationRow>(
      `${conversationQuery(OPENING_ENTRIES)} ORDER BY c.last_message_at DESC, c.id LIMIT ${limit} OFFSET ${Math.max(options.offset ?? 0, 0)}`,
      [options.jobKind],
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM openphone_conversations'),
  ]);
  const rows: ConversationSummary[] = [];
  for (const r of page.rows) rows.push(summary(r, await redactedTurns(r)));
  return { rows, total: count.rows[0]?.n ?? 0 };
}

/** One conversation (by its id or OpenPhone's), redacted, with what was extracted from it; null when there is none. */
export async function readConversation(db: Queryable, id: string, options: { jobKind: string }): Promise<ConversationDetail | null> {
  // Our id, or OpenPhone's conversationId (what a caller of /api/ask may pass, and Slack links to).
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const { rows } = await db.query<ConversationRow>(`${conversationQuery()} WHERE ${byId ? 'c.id = $2::uuid' : 'c.openphone_conversation_id = $2'}`, [
    options.jobKind,
    id,
  ]);
  const row = rows[0];
  if (!row) return null;
  const turns = await redactedTurns(row);
  return { ...summary(row, turns), turns, extracted: await listExtracted(db, { conversationId: row.id }) };
}

type ExtractedDbRow = {
  id: string;
  conversation_id: string | null;
  route: string | null;
  problem: string;
  solution: string;
  confidence: number | null;
  evidence: string | null;
  status: string;
  sop_section: string | null;
  metadata: { reason?: string } | null;
  created_at: Date;
  p_key: string | null;
  p_state: string | null;
  p_url: string | null;
  p_branch: string | null;
  p_host: string | null;
};

export const ITEM_STATUSES = ['new', 'duplicate', 'contradiction', 'proposed', 'blocked', 'merged', 'rejected'] as const;

/** Extracted items, newest first: of one conversation, of one proposal, or of one status. */
export async function listExtracted(
  db: Queryable,
  filter: { conversationId?: string; proposalKey?: string; status?: string; limit?: number } = {},
): Promise<ExtractedRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.conversationId) where.push(`k.conversation_id = $${params.push(filter.conversationId)}`);
  if (filter.proposalKey) where.push(`k.proposal_key = $${params.push(filter.proposalKey)}`);
  if (filter.status) where.push(`k.status = $${params.push(filter.status)}`);
  const { rows } = await db.query<ExtractedDbRow>(
    `SELECT k.id, k.conversation_id, k.route, k.problem, k.solution, k.confidence, k.evidence, k.status, k.sop_section, k.metadata, k.created_at,
       p.key AS p_key, p.state AS p_state, p.url AS p_url, p.branch AS p_branch, p.host AS p_host
     FROM extracted_knowledge k LEFT JOIN proposals p ON p.key = k.proposal_key
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY k.created_at DESC, k.id LIMIT ${Math.min(Math.max(filter.limit ?? 200, 1), 1000)}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    route: r.route,
    problem: r.problem,
    solution: r.solution,
    confidence: r.confidence === null ? null : Number(r.confidence),
    evidence: r.evidence,
    status: r.status,
    sopSection: r.sop_section,
    reason: r.metadata?.reason ?? null,
    proposal: r.p_key ? { key: r.p_key, state: r.p_state!, url: r.p_url, branch: r.p_branch!, host: r.p_host! } : null,
    createdAt: new Date(r.created_at),
  }));
}

/** Items by status across all conversations. */
export async function countExtracted(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM extracted_knowledge GROUP BY status');
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
