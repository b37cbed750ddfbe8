import { storableText, type Db } from '../db/index.ts';
import { roundTo } from '../numbers.ts';
import { redact } from '../privacy/index.ts';
import type { Logger } from '../logger.ts';
import type { ComparisonRecord, DecisionRecord } from '../router/index.ts';

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
  onWrite?: (table: Table, outcome: 'written' | 'failed') => void;
  /** Rows are written together once this many wait, or `batchMs` after the first: one INSERT, not one per request. */
  batchSize?: number;
  batchMs?: number;
};

type Table = 'sop_decisions' | 'sop_shadow_comparisons';

const DECISION_COLUMNS = [
  'id',
  'created_at',
  'route',
  'mode',
  'answered_by',
  'reason',
  'kill_switch',
  'bucket',
  'percentage',
  'threshold',
  'fallback',
  'escalated',
  'sop_confidence',
  'sop_latency_ms',
  'assistant_latency_ms',
  'latency_ms',
  'sop_tokens',
  'assistant_tokens',
  'sop_cost_usd',
  'assistant_cost_usd',
  'sop_error',
  'assistant_error',
  'config_version',
  'conversation_id',
  'message',
];
const COMPARISON_COLUMNS = [
  'decision_id',
  'route',
  'query',
  'assistant_response',
  'sop_response',
  'assistant_latency_ms',
  'sop_latency_ms',
  'sop_confidence',
  'sop_sources',
  'similarity',
  'sop_error',
  'metadata',
];

/** The SOP module answered, below its route's threshold: the message is kept for the gap report. */
function belowThreshold(d: DecisionRecord): boolean {
  return d.sop !== null && d.sop.error === null && d.sop.confidence !== null && d.sop.confidence < d.threshold;
}

/** A database error's message with the quoted values it may hold left out. */
function withoutValues(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/"[^"]*"/g, '"…"');
}

/** `INSERT INTO table (columns) VALUES ($1, ...), ($n, ...)` for `rows` rows. */
function insertMany(table: Table, columns: readonly string[], rows: number): string {
  const tuples = Array.from({ length: rows }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`;
}

/**
 * Writes the router's decisions and shadow comparisons to the database, off the reply path and in
 * batches (a multi-row INSERT per table every `batchMs`, or sooner when `batchSize` rows wait), so a
 * busy replica sends the database a few statements a second rather than one per request. Messages
 * and answers are redacted before they are stored; a failed write is logged and counted, never thrown.
 */
export function createDecisionLog(options: Options): DecisionLog {
  const { db, log } = options;
  const batchSize = options.batchSize ?? 200;
  const batchMs = options.batchMs ?? 25;
  const pending = new Set<Promise<void>>();

  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  /** Rows of one table waiting for their INSERT. */
  const batcher = (table: Table, columns: readonly string[]) => {
    let rows: { id: string; values: unknown[] }[] = [];
    let timer: NodeJS.Timeout | null = null;
    const insert = (batch: readonly { values: unknown[] }[]) =>
      db.query(
        insertMany(table, columns, batch.length),
        batch.flatMap((r) => r.values),
      );
    const write = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const batch = rows;
      rows = [];
      if (batch.length === 0) return;
      track(
        (async () => {
          try {
            await insert(batch);
            batch.forEach(() => options.onWrite?.(table, 'written'));
            return;
          } catch (error) {
            if (batch.length === 1) throw error;
          }
          // One bad row must not cost the others theirs: the batch again, row by row.
          for (const row of batch) {
            try {
              await insert([row]);
              options.onWrite?.(table, 'written');
            } catch (error) {
              options.onWrite?.(table, 'failed');
              // The row's id only, and the error without the values it may quote: they hold customer text.
              log.error({ table, decision: row.id, err: withoutValues(error) }, 'router log write failed');
            }
          }
        })().catch((error: unknown) => {
          options.onWrite?.(table, 'failed');
          log.error({ table, decision: batch[0]!.id, err: withoutValues(error) }, 'router log write failed');
        }),
      );
    };
    return {
      add: (id: string, values: unknown[]) => {
        // Text PostgreSQL cannot store (a NUL, a lone surrogate) is made storable before it joins a batch.
        rows.push({ id, values: values.map((v) => (typeof v === 'string' ? storableText(v) : v)) });
        if (rows.length >= batchSize) write();
        else timer ??= setTimeout(write, batchMs);
      },
      write,
    };
  };
  const decisions = batcher('sop_decisions', DECISION_COLUMNS);
  const comparisons = batcher('sop_shadow_comparisons', COMPARISON_COLUMNS);

  return {
    record: (d) =>
      decisions.add(d.id, [
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
        belowThreshold(d) ? redact(d.message).text : null,
      ]),
    compare: (c) =>
      track(
        (async () => {
          const similarity = c.sop && c.assistantResponse ? await options.similarity(c.sop.response, c.assistantResponse) : null;
          // Names the customer gave ("this is Priya") are removed from both answers too.
          const message = redact(c.message);
          const answer = (text: string) => redact(text, { names: message.names }).text;
          comparisons.add(c.decisionId, [
            c.decisionId,
            c.route,
            message.text,
            c.assistantResponse === null ? null : answer(c.assistantResponse),
            c.sop ? answer(c.sop.response) : null,
            c.assistantLatencyMs,
            c.sopLatencyMs,
            c.sop?.confidence ?? null,
            JSON.stringify(c.sop?.structured.sources ?? []),
            similarity === null ? null : roundTo(similarity, 3),
            c.sopError,
            JSON.stringify(
              c.sop ? { category: c.sop.structured.category, escalation: c.sop.structured.escalation.required, answerer: c.sop.structured.answerer } : {},
            ),
          ]);
        })().catch((error: unknown) => {
          options.onWrite?.('sop_shadow_comparisons', 'failed');
          log.error(
            { table: 'sop_shadow_comparisons', decision: c.decisionId, err: error instanceof Error ? error.message : String(error) },
            'router log write failed',
          );
        }),
      ),
    flush: async () => {
      // Comparisons may still be computing their similarity: wait for them, then write what waits.
      while (pending.size > 0) await Promise.all([...pending]);
      decisions.write();
      comparisons.write();
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
