import { InputError } from '../errors.ts';
import type { Queryable } from '../db/index.ts';
import type { AnsweredBy } from '../router/index.ts';

export const VERDICTS = ['better', 'same', 'worse'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One shadow comparison as a reviewer sees it (texts were redacted when it was logged). */
export type Comparison = {
  id: string;
  createdAt: Date;
  route: string | null;
  query: string;
  assistantResponse: string | null;
  sopResponse: string | null;
  assistantLatencyMs: number | null;
  sopLatencyMs: number | null;
  sopConfidence: number | null;
  sopSources: { id: string; title?: string; score?: number }[];
  similarity: number | null;
  sopError: string | null;
  verdict: Verdict | null;
  verdictBy: string | null;
  verdictAt: Date | null;
  /** With the verdict `worse`: the SOP document that should have answered, `none` when no SOP should have, null when not said. */
  verdictSource: string | null;
  /** Who answered the customer (the logged decision), and the threshold in force; null without a logged decision. */
  answeredBy: AnsweredBy | null;
  threshold: number | null;
};

/** Filters of the list; every one optional. Days are UTC `YYYY-MM-DD`, both included. */
export type ComparisonFilter = {
  route?: string;
  from?: string;
  to?: string;
  /** Only comparisons whose answers are less similar than this (0..1). */
  similarityBelow?: number;
  minConfidence?: number;
  maxConfidence?: number;
  /** A verdict, or `none` for comparisons nobody judged yet. */
  verdict?: Verdict | 'none';
  limit?: number;
  offset?: number;
};

type Row = {
  id: string;
  created_at: Date;
  route: string | null;
  query: string;
  assistant_response: string | null;
  sop_response: string | null;
  assistant_latency_ms: number | null;
  sop_latency_ms: number | null;
  sop_confidence: number | null;
  sop_sources: Comparison['sopSources'] | null;
  similarity: number | null;
  sop_error: string | null;
  verdict: Verdict | null;
  verdict_by: string | null;
  verdict_at: Date | null;
  verdict_source: string | null;
  answered_by: AnsweredBy | null;
  threshold: number | null;
};

const COLUMNS =
  'id, created_at, route, query, assistant_response, sop_response, assistant_latency_ms, sop_latency_ms, sop_confidence, sop_sources, similarity, sop_error, verdict, verdict_by, verdict_at, verdict_source, ' +
  '(SELECT d.answered_by FROM sop_decisions d WHERE d.id = decision_id) AS answered_by, (SELECT d.threshold FROM sop_decisions d WHERE d.id = decision_id) AS threshold';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toComparison = (r: Row): Comparison => ({
  id: r.id,
  createdAt: new Date(r.created_at),
  route: r.route,
  query: r.query,
  assistantResponse: r.assistant_response,
  sopResponse: r.sop_response,
  assistantLatencyMs: r.assistant_latency_ms === null ? null : Number(r.assistant_latency_ms),
  sopLatencyMs: r.sop_latency_ms === null ? null : Number(r.sop_latency_ms),
  sopConfidence: r.sop_confidence === null ? null : Number(r.sop_confidence),
  sopSources: r.sop_sources ?? [],
  similarity: r.similarity === null ? null : Number(r.similarity),
  sopError: r.sop_error,
  verdict: r.verdict,
  verdictBy: r.verdict_by,
  verdictAt: r.verdict_at === null ? null : new Date(r.verdict_at),
  verdictSource: r.verdict_source,
  answeredBy: r.answered_by,
  threshold: r.threshold === null ? null : Number(r.threshold),
});

/** The comparisons matching the filter, newest first, and how many match in all. */
export async function listComparisons(db: Queryable, filter: ComparisonFilter = {}): Promise<{ rows: Comparison[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.route) add('route = ?', filter.route);
  if (filter.from) add(`created_at >= ?::date::timestamp AT TIME ZONE 'UTC'`, filter.from);
  if (filter.to) add(`created_at < (?::date + 1)::timestamp AT TIME ZONE 'UTC'`, filter.to);
  if (filter.similarityBelow !== undefined) add('similarity < ?', filter.similarityBelow);
  if (filter.minConfidence !== undefined) add('sop_confidence >= ?', filter.minConfidence);
  if (filter.maxConfidence !== undefined) add('sop_confidence <= ?', filter.maxConfidence);
  if (filter.verdict === 'none') where.push('verdict IS NULL');
  else if (filter.verdict) add('verdict = ?', filter.verdict);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const [page, count] = await Promise.all([
    db.query<Row>(
      `SELECT ${COLUMNS} FROM sop_shadow_comparisons ${clause} ORDER BY created_at DESC, id LIMIT ${limit} OFFSET ${Math.max(filter.offset ?? 0, 0)}`,
      params,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sop_shadow_comparisons ${clause}`, params),
  ]);
  return { rows: page.rows.map(toComparison), total: count.rows[0]?.n ?? 0 };
}

/** One comparison, or null when there is none with that id. */
export async function findComparison(db: Queryable, id: string): Promise<Comparison | null> {
  if (!UUID.test(id)) return null;
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM sop_shadow_comparisons WHERE id = $1`, [id]);
  return rows[0] ? toComparison(rows[0]) : null;
}

/** What a reviewer says should have answered instead of a worse SOP answer: a document, or no SOP at all. */
export const NO_SOURCE = 'none';

/**
 * Stores a reviewer's verdict on the SOP answer against the Assistant's (a later verdict replaces it).
 * With `worse` the reviewer may name the SOP document that should have answered (`source`, a path
 * under `sops/` that `documents` holds when given) or `none` when no SOP should have. `sop eval
 * harvest` turns `better` and `same` on confident answers, and `worse` with a source, into labels.
 */
export async function recordVerdict(
  db: Queryable,
  id: string,
  verdict: string,
  by: string,
  options: { source?: string; documents?: ReadonlySet<string> } = {},
): Promise<Comparison> {
  if (!(VERDICTS as readonly string[]).includes(verdict)) throw new InputError(`verdict must be one of ${VERDICTS.join(', ')}, got "${verdict}"`);
  if (!UUID.test(id)) throw new InputError(`no shadow comparison ${id}`);
  const source = options.source?.trim() || null;
  if (source !== null && verdict !== 'worse')
    throw new InputError(`the SOP that should have answered is given only with the verdict worse, got verdict "${verdict}" with "${source}"`);
  if (source !== null && source !== NO_SOURCE && (!/^[^/#]+\/[^#]+\.md$/.test(source) || (options.documents && !options.documents.has(source)))) {
    throw new InputError(`the SOP that should have answered must be a document of the live version (route/name.md) or "${NO_SOURCE}", got "${source}"`);
  }
  const { rows } = await db.query<Row>(
    `UPDATE sop_shadow_comparisons SET verdict = $2, verdict_by = $3, verdict_at = now(), verdict_source = $4 WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, verdict, by, source],
  );
  if (!rows[0]) throw new InputError(`no shadow comparison ${id}`);
  return toComparison(rows[0]);
}
