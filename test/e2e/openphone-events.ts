/**
 * OpenPhone webhook events as OpenPhone sends them (v3 shapes, as in test/fixtures/openphone/), for
 * the end-to-end tests: texts either way, a completed call and its transcript.
 */

/** The support line's number: every text and call is to or from it. */
export const LINE = '+15550009999';
/** The staff member who answers the line. */
const STAFF_USER = 'USstaff01';

type Envelope = { id: string; object: 'event'; apiVersion: 'v3'; createdAt: string; type: string; data: { object: Record<string, unknown> } };

const envelope = (id: string, type: string, at: Date, object: Record<string, unknown>): Envelope => ({
  id,
  object: 'event',
  apiVersion: 'v3',
  createdAt: at.toISOString(),
  type,
  data: { object },
});

/** A text the customer sent (`message.received`) or staff sent (`message.delivered`). */
export function textEvent(o: {
  id: string;
  messageId: string;
  conversationId: string;
  customer: string;
  from: 'customer' | 'staff';
  text: string;
  at: Date;
}): Envelope {
  const incoming = o.from === 'customer';
  return envelope(o.id, incoming ? 'message.received' : 'message.delivered', o.at, {
    id: o.messageId,
    object: 'message',
    from: incoming ? o.customer : LINE,
    to: [incoming ? LINE : o.customer],
    direction: incoming ? 'incoming' : 'outgoing',
    text: o.text,
    media: [],
    status: incoming ? 'received' : 'delivered',
    createdAt: o.at.toISOString(),
    userId: incoming ? null : STAFF_USER,
    phoneNumberId: 'PNsupport1',
    conversationId: o.conversationId,
  });
}

/** A call from the customer that staff answered (`call.completed`). */
export function callEvent(o: { id: string; callId: string; conversationId: string; customer: string; at: Date; seconds: number }): Envelope {
  const started = new Date(o.at.getTime() - o.seconds * 1000);
  return envelope(o.id, 'call.completed', o.at, {
    id: o.callId,
    object: 'call',
    from: o.customer,
    to: [LINE],
    direction: 'incoming',
    status: 'completed',
    duration: o.seconds,
    media: [],
    voicemail: null,
    answeredAt: started.toISOString(),
    completedAt: o.at.toISOString(),
    createdAt: started.toISOString(),
    userId: STAFF_USER,
    phoneNumberId: 'PNsupport1',
    conversationId: o.conversationId,
  });
}

/** The transcript of a call (`call.transcript.completed`): each line said by the customer or by staff. */
export function transcriptEvent(o: { id: string; callId: string; customer: string; at: Date; lines: ['customer' | 'staff', string][] }): Envelope {
  let t = 0.4;
  const dialogue = o.lines.map(([who, content]) => {
    const start = t;
    t += 2 + content.length / 15;
    return { content, start, end: Math.round(t * 10) / 10, identifier: who === 'customer' ? o.customer : LINE, userId: who === 'customer' ? null : STAFF_USER };
  });
  return envelope(o.id, 'call.transcript.completed', o.at, {
    object: 'callTranscript',
    callId: o.callId,
    status: 'completed',
    duration: Math.ceil(t),
    createdAt: o.at.toISOString(),
    dialogue,
  });
}
