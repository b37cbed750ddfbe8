import { createGroupCommit, type Db, type JobQueue } from '../db/index.ts';
import type { ParsedEvent } from './parse-event.ts';

export const EXTRACT_JOB = 'extract';

/** Postgres' unique_violation: a concurrent duplicate lost the race on the event's unique index. */
const UNIQUE_VIOLATION = '23505';

export type IngestResult = { outcome: 'stored' | 'duplicate' | 'ignored'; conversationId: string | null };

export type ConversationStore = {
  /**
   * Stores an event exactly once, files it under its conversation and, for a transcript, queues
   * extraction; resolves once committed, in one transaction with the events that arrived meanwhile.
   */
  ingest(event: ParsedEvent): Promise<IngestResult>;
  /** Queues extraction for conversations quiet since `quietMs` (and not extracted, nor queued already); returns how many. */
  enqueueQuiet(now: Date): Promise<number>;
};

type Options = {
  db: Db;
  queue: JobQueue;
  /** Messages without a conversationId join the customer's conversation active within this window. */
  windowMs: number;
  quietMs: number;
  /** The clock extraction jobs are queued by (the queue's own). */
  now?: () => Date;
  /** Group commit: the most events and payload bytes in one transaction, and how many transactions at once. */
  batch?: { maxEvents?: number; maxBytes?: number; maxInFlight?: number };
};

/** The conversation store over `webhook_events`, `openphone_conversations` and `openphone_calls`. */
export function createConversationStore(options: Options): ConversationStore {
  const { db, queue } = options;
  const now = options.now ?? (() => new Date());

  /** An event as `sop_ingest` reads it; the payload, already JSON text, is spliced in unparsed. */
  const encode = (e: ParsedEvent): string => {
    const fields = {
      eventId: e.eventId,
      type: e.type,
      objectId: e.objectId,
      kind: e.kind,
      ...(e.kind === 'other' ? {} : { entry: e.entry, callId: 'callId' in e ? e.callId : null }),
      ...(e.kind === 'message' || e.kind === 'call' ? { conversationId: e.conversationId, customerPhone: e.customerPhone } : {}),
    };
    return `${JSON.stringify(fields).slice(0, -1)},"payload":${e.payload}}`;
  };

  /** One statement, so one transaction and one WAL flush, for the whole batch (migrations/009_ingest_function.sql). */
  const write = async (events: ParsedEvent[]): Promise<IngestResult[]> => {
    const { rows } = await db.query<{ results: { outcome: IngestResult['outcome']; conversationId?: string }[] }>(
      'SELECT sop_ingest($1::jsonb, $2, $3, $4) AS results',
      [`[${events.map(encode).join(',')}]`, options.windowMs, EXTRACT_JOB, now()],
    );
    return rows[0]!.results.map((r) => ({ outcome: r.outcome, conversationId: r.conversationId ?? null }));
  };

  const groupCommit = createGroupCommit<ParsedEvent, IngestResult>({
    write: async (events) => {
      try {
        return await write(events);
      } catch (error) {
        // Alone, an event whose twin was committed by another writer meanwhile is that twin's duplicate.
        if (events.length === 1 && (error as { code?: string }).code === UNIQUE_VIOLATION) return [{ outcome: 'duplicate', conversationId: null }];
        throw error;
      }
    },
    maxItems: options.batch?.maxEvents ?? 200,
    maxBytes: options.batch?.maxBytes ?? 4 * 2 ** 20,
    bytes: (e) => e.payload.length,
    maxInFlight: options.batch?.maxInFlight ?? 1,
  });

  return {
    ingest: groupCommit,

    enqueueQuiet: async (at) => {
      const { rows } = await db.query<{ id: string }>(
        `SELECT c.id FROM openphone_conversations c
         WHERE NOT c.processed AND c.last_message_at < $1
           AND NOT EXISTS (
             SELECT 1 FROM jobs j WHERE j.kind = $2 AND j.key = c.id::text
               AND (j.state IN ('queued', 'running') OR (j.state = 'dead' AND j.created_at > c.last_message_at)))
         ORDER BY c.last_message_at LIMIT 500`,
        [new Date(at.getTime() - options.quietMs), EXTRACT_JOB],
      );
      let queued = 0;
      for (const r of rows) if ((await queue.enqueue(EXTRACT_JOB, { conversationId: r.id }, { key: r.id })) !== null) queued++;
      return queued;
    },
  };
}
