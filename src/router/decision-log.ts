import type { Db } from '../db/index.ts';
import { redact } from '../knowledge/index.ts';
import type { Logger } from '../logger.ts';
import type { ComparisonRecord, DecisionRecord } from './types.ts';

export type DecisionLog = {
  record(decision: DecisionRecord): void;
  compare(comparison: ComparisonRecord): void;
  /** Waits for the writes in flight (at shutdown and in tests). */
  flush(): Promise<void>;
};

type Options = {
  db: Db;
  /** Similarity of the two answers of a comparison (see `answerSimilarity`). */
  similarity: (a: string, b: string) => Promise<number>;
  log: Logger;
  /** Counts each write by table and outcome. */
  onWrite?: (table: 'sop_decisions' | 'sop_shadow_comparisons', outcome: 'written' | 'failed') => void;
};

/**
 * Writes the router's decisions and shadow comparisons to the database, off the reply path. Messages
 * and answers are redacted before they are stored; a failed write is logged and counted, never thrown.
 */
export function createDecisionLog(options: Options): DecisionLog {
  const { db, log } = options;
  const pending = new Set<Promise<void>>();

  const track = (table: 'sop_decisions' | 'sop_shadow_comparisons', id: string, write: () => Promise<unknown>) => {
    const p = write().then(
      () => options.onWrite?.(table, 'written'),
      (error: unknown) => {
        options.onWrite?.(table, 'failed');
        log.error({ table, decision: id, err: error instanceof Error ? error.message : String(error) }, 'router log write failed');
      },
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  return {
    record: (d) =>
      track('sop_decisions', d.id, () =>
        db.query(
          `INSERT INTO sop_decisions (id, created_at, route, mode, answered_by, reason, kill_switch, bucket, percentage, threshold, fallback, escalated,
             sop_confidence, sop_latency_ms, assistant_latency_ms, latency_ms, sop_tokens, assistant_tokens, sop_cost_usd, assistant_cost_usd,
             sop_error, assistant_error, config_version, conversation_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
          [
            d.id,
            d.at.toISOString(),
            d.route,
            d.mode,
            d.answeredBy,
            d.reason,
            d.killSwitch,
            d.bucket,
            d.percentage,
            d.threshold,
            d.fallback,
            d.escalated,
            d.sop?.confidence ?? null,
            d.sop?.latencyMs ?? null,
            d.assistant?.latencyMs ?? null,
            d.latencyMs.reply,
            d.sop?.tokens ?? 0,
            d.assistant?.tokens ?? 0,
            d.sop?.costUsd ?? 0,
            d.assistant?.costUsd ?? 0,
            d.sop?.error ?? null,
            d.assistant?.error ?? null,
            d.configVersion,
            d.conversationId,
          ],
        ),
      ),
    compare: (c) =>
      track('sop_shadow_comparisons', c.decisionId, async () => {
        const similarity = c.sop && c.assistantResponse ? await options.similarity(c.sop.response, c.assistantResponse) : null;
        // Names the customer gave ("this is Priya") are removed from both answers too.
        const message = redact(c.message);
        const answer = (text: string) => redact(text, { names: message.names }).text;
        await db.query(
          `INSERT INTO sop_shadow_comparisons (decision_id, route, query, assistant_response, sop_response, assistant_latency_ms, sop_latency_ms,
             sop_confidence, sop_sources, similarity, sop_error, metadata)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            c.decisionId,
            c.route,
            message.text,
            c.assistantResponse === null ? null : answer(c.assistantResponse),
            c.sop ? answer(c.sop.response) : null,
            c.assistantLatencyMs,
            c.sopLatencyMs,
            c.sop?.confidence ?? null,
            JSON.stringify(c.sop?.structured.sources ?? []),
            similarity === null ? null : Math.round(similarity * 1000) / 1000,
            c.sopError,
            JSON.stringify(c.sop ? { category: c.sop.structured.category, escalation: c.sop.structured.escalation.required, answerer: c.sop.structured.answerer } : {}),
          ],
        );
      }),
    flush: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

