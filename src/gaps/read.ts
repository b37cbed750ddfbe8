import type { Queryable } from '../db/index.ts';

/** A text the SOP module did not answer well: below its route's threshold, or judged "SOP worse". */
export type GapText = {
  decisionId: string;
  at: Date;
  route: string;
  /** Redacted when it was stored. */
  text: string;
  confidence: number | null;
  conversationId: string | null;
  /** A reviewer judged the SOP answer worse than the Assistant's. */
  worse: boolean;
};

export type Period = { from: Date; to: Date; route?: string | undefined };

/**
 * The gap texts of a period: requests answered below their route's threshold (their redacted text
 * kept in `sop_decisions.message`, or, shadowed, in the comparison) and comparisons judged worse.
 */
export async function readGapTexts(db: Queryable, period: Period): Promise<GapText[]> {
  const params: unknown[] = [period.from.toISOString(), period.to.toISOString()];
  const route = period.route ? `AND d.route = $${params.push(period.route)}` : '';
  const { rows } = await db.query<{
    id: string;
    created_at: Date | string;
    route: string;
    text: string;
    sop_confidence: number | null;
    conversation_id: string | null;
    worse: boolean;
  }>(
    `SELECT d.id, d.created_at, d.route, coalesce(d.message, c.query) AS text, d.sop_confidence, d.conversation_id,
            coalesce(c.verdict = 'worse', false) AS worse
       FROM sop_decisions d LEFT JOIN sop_shadow_comparisons c ON c.decision_id = d.id
      WHERE d.created_at >= $1 AND d.created_at < $2 ${route}
        AND coalesce(d.message, c.query) IS NOT NULL
        AND (d.message IS NOT NULL OR c.verdict = 'worse' OR d.sop_confidence < d.threshold)
      ORDER BY d.created_at, d.id`,
    params,
  );
  return rows.map((r) => ({
    decisionId: r.id,
    at: new Date(r.created_at),
    route: r.route,
    text: r.text,
    confidence: r.sop_confidence,
    conversationId: r.conversation_id,
    worse: r.worse,
  }));
}

/** Requests per route in a period: what a topic's share of its route's traffic is measured against. */
export async function readRouteTraffic(db: Queryable, period: Period): Promise<Map<string, number>> {
  const { rows } = await db.query<{ route: string; n: number }>(
    'SELECT route, count(*)::int AS n FROM sop_decisions WHERE created_at >= $1 AND created_at < $2 GROUP BY route',
    [period.from.toISOString(), period.to.toISOString()],
  );
  return new Map(rows.map((r) => [r.route, r.n]));
}

/** What staff did in a conversation: whether they replied, and the knowledge extracted from it. */
export type StaffAnswer = { replied: boolean; knowledge: { problem: string; solution: string; status: string }[] };

/** Staff replies and extracted knowledge of the given OpenPhone conversations (by OpenPhone's id). */
export async function readStaffAnswers(db: Queryable, conversationIds: readonly string[]): Promise<Map<string, StaffAnswer>> {
  const answers = new Map<string, StaffAnswer>();
  if (conversationIds.length === 0) return answers;
  const { rows } = await db.query<{ conversation: string; replied: boolean; knowledge: { problem: string; solution: string; status: string }[] }>(
    `SELECT c.openphone_conversation_id AS conversation,
            EXISTS (SELECT 1 FROM openphone_conversation_entries e
                     WHERE e.conversation_id = c.id AND e.entry->>'direction' = 'outgoing') AS replied,
            coalesce((SELECT jsonb_agg(jsonb_build_object('problem', k.problem, 'solution', k.solution, 'status', k.status) ORDER BY k.created_at)
                        FROM extracted_knowledge k WHERE k.conversation_id = c.id), '[]'::jsonb) AS knowledge
       FROM openphone_conversations c
      WHERE c.openphone_conversation_id = ANY($1::text[])`,
    [[...conversationIds]],
  );
  for (const r of rows) answers.set(r.conversation, { replied: r.replied, knowledge: r.knowledge });
  return answers;
}
