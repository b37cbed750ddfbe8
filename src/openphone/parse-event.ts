import { z } from 'zod';
import { InputError } from '../errors.ts';
import { normalizePhone } from '../text/index.ts';

export const PROCESSED = ['message.received', 'message.delivered', 'call.completed', 'call.transcript.completed', 'call.summary.completed'] as const;

const text = z.string().min(1);
const phone = z.string().min(1);
const time = z.union([z.string(), z.number()]).optional();

const envelopeSchema = z.object({
  id: text.optional(),
  object: z.literal('event').optional(),
  apiVersion: z.string().optional(),
  createdAt: time,
  type: text,
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/** What texts and calls share: who, which way, which OpenPhone conversation and line. */
const exchangeFields = {
  id: text,
  conversationId: z.string().optional().nullable(),
  from: phone,
  to: z.union([phone, z.array(phone).min(1)]),
  direction: z.enum(['incoming', 'outgoing']),
  createdAt: time,
  userId: z.string().optional().nullable(),
  phoneNumberId: z.string().optional().nullable(),
};

const messageSchema = z.object({
  ...exchangeFields,
  text: z.string().optional().nullable(),
  body: z.string().optional().nullable(),
});

const callSchema = z.object({
  ...exchangeFields,
  status: z.string().optional().nullable(),
  duration: z.number().optional().nullable(),
  completedAt: time.nullable(),
});

const transcriptSchema = z.object({
  callId: text,
  dialogue: z.array(z.object({ content: z.string(), identifier: z.string().optional().nullable(), userId: z.string().optional().nullable() })),
  createdAt: time,
});

const summarySchema = z.object({
  callId: text,
  summary: z.union([z.string(), z.array(z.string())]),
  nextSteps: z.array(z.string()).optional().nullable(),
  createdAt: time,
});

/**
 * The schemas a webhook body is checked with, for the OpenAPI document: the envelope, then
 * `data.object` by event type (`message.*`, `call.completed`, `call.transcript.completed`,
 * `call.summary.completed`; other types keep any object).
 */
export const webhookEventSchemas = {
  envelope: envelopeSchema,
  message: messageSchema,
  call: callSchema,
  transcript: transcriptSchema,
  summary: summarySchema,
} as const;

/** One line of a conversation as stored in `openphone_conversation_entries.entry`. */
export type ConversationEntry = {
  id: string;
  kind: 'message' | 'call' | 'transcript' | 'summary';
  direction: 'incoming' | 'outgoing' | null;
  from: string | null;
  to: string | null;
  text: string;
  at: string;
  userId?: string | null;
};

type EventBase = {
  eventId: string;
  type: string;
  createdAt: string;
  /** The message or call id: the same one delivered again is a duplicate. */
  objectId: string | null;
  /** The event as received (JSON text), stored as it came (made storable by `sanitiseJson`). */
  payload: string;
  /** What was wrong with the event and how it was stored anyway, for the log and the sender. */
  repairs: string[];
};

/** A text or a call: filed by its conversation id or the customer's number. */
export type MessageOrCallEvent = EventBase & {
  kind: 'message' | 'call';
  customerPhone: string | null;
  conversationId: string | null;
  callId: string | null;
  entry: ConversationEntry;
};

/** A call's transcript or summary: filed under its call. */
export type CallContentEvent = EventBase & { kind: 'transcript' | 'summary'; callId: string; entry: ConversationEntry };

/** A type this service stores but does not process. */
export type OtherEvent = EventBase & { kind: 'other' };

export type ParsedEvent = MessageOrCallEvent | CallContentEvent | OtherEvent;

/**
 * Parses a verified webhook body (already made storable by `sanitiseJson`). Tolerant of what
 * OpenPhone really sends: an envelope wrapped once more in `object`, `data.resource` for
 * `data.object`, message text in `text` or `body`, `to` as a string or a list. A malformed payload is
 * an InputError naming the field; a time that is no date between 1970 and 9999 is ignored (the
 * event's own, or the time received, stands in) and said in `repairs`.
 */
export function parseEvent(json: unknown, deliveryId: string | null, raw: string = JSON.stringify(json)): ParsedEvent {
  const unwrapped = unwrap(json);
  const envelope = check(envelopeSchema, unwrapped, '');
  const eventId = envelope.id ?? deliveryId;
  if (!eventId) throw new InputError('invalid payload: id: the event has no id (and no webhook-id header)');
  const object = envelope.data.object;
  const repairs: string[] = [];
  const toIso = (value: string | number | null | undefined, field: string) => dateOf(value, field, repairs);
  const createdAt = toIso(envelope.createdAt, 'createdAt') ?? new Date().toISOString();
  const base = { eventId, type: envelope.type, createdAt, payload: raw, repairs };
  // Events of other types are kept one per event id: a contact updated twice is two events.
  if (!(PROCESSED as readonly string[]).includes(envelope.type)) return { ...base, objectId: null, kind: 'other' };

  if (envelope.type.startsWith('message.')) {
    const m = check(messageSchema, object, 'data.object.');
    const to = Array.isArray(m.to) ? m.to[0]! : m.to;
    const customer = m.direction === 'incoming' ? m.from : to;
    return {
      ...base,
      objectId: m.id,
      kind: 'message',
      customerPhone: normalizePhone(customer),
      conversationId: m.conversationId ?? null,
      callId: null,
      entry: {
        id: m.id,
        kind: 'message',
        direction: m.direction,
        from: normalizePhone(m.from),
        to: normalizePhone(to),
        text: m.text ?? m.body ?? '',
        at: toIso(m.createdAt, 'data.object.createdAt') ?? createdAt,
        userId: m.userId ?? null,
      },
    };
  }
  if (envelope.type === 'call.completed') {
    const c = check(callSchema, object, 'data.object.');
    const to = Array.isArray(c.to) ? c.to[0]! : c.to;
    return {
      ...base,
      objectId: c.id,
      kind: 'call',
      customerPhone: normalizePhone(c.direction === 'incoming' ? c.from : to),
      conversationId: c.conversationId ?? null,
      callId: c.id,
      entry: {
        id: c.id,
        kind: 'call',
        direction: c.direction,
        from: normalizePhone(c.from),
        to: normalizePhone(to),
        text: `${c.direction} call, ${c.status ?? 'completed'}${c.duration != null ? `, ${c.duration} s` : ''}`,
        at: toIso(c.completedAt, 'data.object.completedAt') ?? toIso(c.createdAt, 'data.object.createdAt') ?? createdAt,
        userId: c.userId ?? null,
      },
    };
  }
  if (envelope.type === 'call.transcript.completed') {
    const t = check(transcriptSchema, object, 'data.object.');
    const lines = t.dialogue.map((d) => `${d.identifier ?? d.userId ?? 'speaker'}: ${d.content}`);
    return {
      ...base,
      objectId: t.callId,
      kind: 'transcript',
      callId: t.callId,
      entry: {
        id: `${t.callId}:transcript`,
        kind: 'transcript',
        direction: null,
        from: null,
        to: null,
        text: lines.join('\n'),
        at: toIso(t.createdAt, 'data.object.createdAt') ?? createdAt,
      },
    };
  }
  const s = check(summarySchema, object, 'data.object.');
  const summary = [...(Array.isArray(s.summary) ? s.summary : [s.summary]), ...(s.nextSteps ?? []).map((n) => `Next step: ${n}`)];
  return {
    ...base,
    objectId: s.callId,
    kind: 'summary',
    callId: s.callId,
    entry: {
      id: `${s.callId}:summary`,
      kind: 'summary',
      direction: null,
      from: null,
      to: null,
      text: summary.join('\n'),
      at: toIso(s.createdAt, 'data.object.createdAt') ?? createdAt,
    },
  };
}

function unwrap(json: unknown): unknown {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new InputError('the body is not a JSON object');
  let value = json as Record<string, unknown>;
  if (value.type === undefined && value.object && typeof value.object === 'object') value = value.object as Record<string, unknown>;
  const data = value.data as Record<string, unknown> | undefined;
  if (data && typeof data === 'object' && data.object === undefined && data.resource && typeof data.resource === 'object') {
    value = { ...value, data: { ...data, object: data.resource } };
  }
  return value;
}

function check<T extends z.ZodType>(schema: T, value: unknown, prefix: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InputError(`invalid payload: ${prefix}${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);

/** An ISO time, or null when there is none or it is no date between 1970 and 9999 (then said in `repairs`). */
function dateOf(value: string | number | null | undefined, field: string, repairs: string[]): string | null {
  if (value === undefined || value === null) return null;
  const t = new Date(value).getTime();
  if (Number.isNaN(t) || t < EARLIEST || t > LATEST) {
    repairs.push(`${field}: ${JSON.stringify(value).slice(0, 40)} is not a date between 1970 and 9999, so it was ignored`);
    return null;
  }
  return new Date(t).toISOString();
}
