import type { Db, JobQueue, Queryable } from '../db/index.ts';
import type { CallContentEvent, ConversationEntry, MessageOrCallEvent, ParsedEvent } from './parse-event.ts';

export const EXTRACT_JOB = 'extract';

/** Upserting a conversation by OpenPhone's id: an existing one learns of its new entry (added as a row of its own). */
const UPSERT_BY_PROVIDER_ID = `ON CONFLICT (openphone_conversation_id) WHERE openphone_conversation_id IS NOT NULL
  DO UPDATE SET last_message_at = greatest(openphone_conversations.last_message_at, EXCLUDED.last_message_at),
    phone_number = coalesce(openphone_conversations.phone_number, EXCLUDED.phone_number),
    processed = false`;

/** Postgres' unique_violation: a concurrent duplicate lost the race on the event's unique index. */
const UNIQUE_VIOLATION = '23505';

export type IngestResult = { outcome: 'stored' | 'duplicate' | 'ignored'; conversationId: string | null };

export type ConversationStore = {
  /** Stores an event exactly once, files it under its conversation and, for a transcript, queues extraction; one transaction. */
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
};

/** The conversation store over `webhook_events`, `openphone_conversations` and `openphone_calls`. */
export function createConversationStore(options: Options): ConversationStore {
  const { db, queue } = options;

  /** An entry as a row of its own: no append rewrites what the conversation holds already. */
  const addEntry = (tx: Queryable, id: string, entry: ConversationEntry) =>
    tx.query('INSERT INTO openphone_conversation_entries (conversation_id, entry) VALUES ($1, $2::jsonb)', [id, JSON.stringify(entry)]);

  const append = async (tx: Queryable, id: string, entry: ConversationEntry) => {
    await addEntry(tx, id, entry);
    await tx.query('UPDATE openphone_conversations SET last_message_at = greatest(last_message_at, $2), processed = false WHERE id = $1', [id, entry.at]);
  };

  const create = async (tx: Queryable, phone: string | null, entry: ConversationEntry) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO openphone_conversations (phone_number, last_message_at, created_at)
       VALUES ($1, $2, $2) RETURNING id`,
      [phone, entry.at],
    );
    await addEntry(tx, rows[0]!.id, entry);
    return rows[0]!.id;
  };

  /** Files a message or call: by its call, by OpenPhone's conversationId, else by phone number within the window. */
  const fileMessageOrCall = async (tx: Queryable, e: MessageOrCallEvent): Promise<string> => {
    if (e.callId) {
      // The same lock as a transcript of this call takes, so the two never race into two conversations.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`call:${e.callId}`]);
      const known = await tx.query<{ conversation_id: string }>('SELECT conversation_id FROM openphone_calls WHERE call_id = $1', [e.callId]);
      const id = known.rows[0]?.conversation_id;
      if (id) {
        // A placeholder opened by an early transcript learns its customer and OpenPhone conversation.
        await append(tx, id, e.entry);
        await tx.query(
          `UPDATE openphone_conversations SET phone_number = coalesce(phone_number, $2),
             openphone_conversation_id = CASE WHEN openphone_conversation_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM openphone_conversations o WHERE o.openphone_conversation_id = $3) THEN $3
               ELSE openphone_conversation_id END
           WHERE id = $1`,
          [id, e.customerPhone, e.conversationId],
        );
        return id;
      }
    }
    let id: string;
    if (e.conversationId) {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO openphone_conversations (openphone_conversation_id, phone_number, last_message_at, created_at)
         VALUES ($1, $2, $3, $3)
         ${UPSERT_BY_PROVIDER_ID}
         RETURNING id`,
        [e.conversationId, e.customerPhone, e.entry.at],
      );
      id = rows[0]!.id;
      await addEntry(tx, id, e.entry);
    } else {
      // Serialise writers for one customer so two messages at once do not open two conversations.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`conversation:${e.customerPhone ?? ''}`]);
      const { rows } = await tx.query<{ id: string }>(
        `SELECT id FROM openphone_conversations WHERE phone_number = $1 AND last_message_at > $2 ORDER BY last_message_at DESC LIMIT 1`,
        [e.customerPhone, new Date(new Date(e.entry.at).getTime() - options.windowMs)],
      );
      if (rows[0]) {
        id = rows[0].id;
        await append(tx, id, e.entry);
      } else {
        id = await create(tx, e.customerPhone, e.entry);
      }
    }
    if (e.callId) await tx.query('INSERT INTO openphone_calls (call_id, conversation_id) VALUES ($1, $2) ON CONFLICT (call_id) DO NOTHING', [e.callId, id]);
    return id;
  };

  /** Files a transcript or summary under its call's conversation (a placeholder until the call itself arrives). */
  const fileCallContent = async (tx: Queryable, e: CallContentEvent): Promise<string> => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`call:${e.callId}`]);
    const known = await tx.query<{ conversation_id: string }>('SELECT conversation_id FROM openphone_calls WHERE call_id = $1', [e.callId]);
    let id = known.rows[0]?.conversation_id;
    if (id) await append(tx, id, e.entry);
    else {
      id = await create(tx, null, e.entry);
      await tx.query('INSERT INTO openphone_calls (call_id, conversation_id) VALUES ($1, $2)', [e.callId, id]);
    }
    if (e.kind === 'transcript') await queue.enqueue(EXTRACT_JOB, { conversationId: id }, { key: id, tx });
    return id;
  };

  /**
   * The common case, a text with OpenPhone's conversationId, in one statement (atomic on its own, one
   * round trip): open or touch its conversation, add the entry and record the event, unless the event
   * or message was seen. A concurrent duplicate that slips past the check fails on the unique index,
   * and the whole statement, its entry included, is undone.
   */
  const fileText = async (e: MessageOrCallEvent): Promise<IngestResult> => {
    const { rows } = await db.query<{ conversation_id: string }>(
      `WITH conv AS (
         INSERT INTO openphone_conversations (openphone_conversation_id, phone_number, last_message_at, created_at)
         SELECT $5, $6, $8, $8
         WHERE NOT EXISTS (SELECT 1 FROM webhook_events WHERE provider = 'openphone' AND (event_id = $1 OR (type = $2 AND object_id = $3)))
         ${UPSERT_BY_PROVIDER_ID}
         RETURNING id),
       entry AS (
         INSERT INTO openphone_conversation_entries (conversation_id, entry)
         SELECT id, $7::jsonb FROM conv
         RETURNING conversation_id)
       INSERT INTO webhook_events (event_id, type, object_id, payload, status, conversation_id)
       SELECT $1, $2, $3, $4::jsonb, 'stored', conversation_id FROM entry
       RETURNING conversation_id`,
      [e.eventId, e.type, e.objectId, e.payload, e.conversationId, e.customerPhone, JSON.stringify(e.entry), e.entry.at],
    );
    return rows[0] ? { outcome: 'stored', conversationId: rows[0].conversation_id } : { outcome: 'duplicate', conversationId: null };
  };

  const ingest = (event: ParsedEvent): Promise<IngestResult> =>
    db.transaction(async (tx) => {
      const inserted = await tx.query<{ id: number }>(
        `INSERT INTO webhook_events (event_id, type, object_id, payload, status) VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT DO NOTHING RETURNING id`,
        [event.eventId, event.type, event.objectId, event.payload, event.kind === 'other' ? 'ignored' : 'stored'],
      );
      const row = inserted.rows[0];
      if (!row) return { outcome: 'duplicate', conversationId: null };
      if (event.kind === 'other') return { outcome: 'ignored', conversationId: null };
      const conversationId = isCallContent(event) ? await fileCallContent(tx, event) : await fileMessageOrCall(tx, event);
      await tx.query('UPDATE webhook_events SET conversation_id = $2 WHERE id = $1', [row.id, conversationId]);
      return { outcome: 'stored', conversationId };
    });

  return {
    ingest: async (event) => {
      if (event.kind !== 'message' || !event.conversationId) return ingest(event);
      try {
        return await fileText(event);
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return { outcome: 'duplicate', conversationId: null };
        throw error;
      }
    },

    enqueueQuiet: async (now) => {
      const { rows } = await db.query<{ id: string }>(
        `SELECT c.id FROM openphone_conversations c
         WHERE NOT c.processed AND c.last_message_at < $1
           AND NOT EXISTS (
             SELECT 1 FROM jobs j WHERE j.kind = $2 AND j.key = c.id::text
               AND (j.state IN ('queued', 'running') OR (j.state = 'dead' AND j.created_at > c.last_message_at)))
         ORDER BY c.last_message_at LIMIT 500`,
        [new Date(now.getTime() - options.quietMs), EXTRACT_JOB],
      );
      let queued = 0;
      for (const r of rows) if ((await queue.enqueue(EXTRACT_JOB, { conversationId: r.id }, { key: r.id })) !== null) queued++;
      return queued;
    },
  };
}

function isCallContent(event: ParsedEvent): event is CallContentEvent {
  return event.kind === 'transcript' || event.kind === 'summary';
}
