import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseEvent } from '../../src/openphone/parse-event.ts';
import { normalizePhone } from '../../src/text/index.ts';

type Json = Record<string, unknown>;
type Envelope = Json & { id?: string; type: string; createdAt: string; data: Json & { object: Json } };

/** A fresh copy of a fixture under test/fixtures/openphone/, so tests can change it freely. */
function fixture(name: string): Envelope {
  return JSON.parse(readFileSync(new URL(`../fixtures/openphone/${name}.json`, import.meta.url), 'utf8')) as Envelope;
}

/** A copy of a fixture with fields of `data.object` replaced (undefined deletes). */
function withObject(name: string, changes: Json): Envelope {
  const event = fixture(name);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete event.data.object[key];
    else event.data.object[key] = value;
  }
  return event;
}

const DELIVERY_ID = 'msg_2fZ9yG2sWKfNQb1Ykz3x0aB9cD';
const CALL_ID = 'ACa1b2c3d4e5f60718293a4b5c6d7e8f90';
const CONVERSATION_ID = 'CN78ba0373683c48fd8fd96bc836c51f79';

describe('parseEvent: messages', () => {
  it('message.received: incoming, the customer is `from`', () => {
    const json = fixture('message.received');
    expect(parseEvent(json, DELIVERY_ID)).toEqual({
      eventId: 'EVc67ec998b35c41d388af50799aeeba3e',
      type: 'message.received',
      createdAt: '2024-05-01T11:59:58.557Z',
      objectId: 'AC24a8b8321c4f4cf2be110f4250793d51',
      payload: JSON.stringify(json),
      repairs: [],
      kind: 'message',
      customerPhone: '+15551234567',
      conversationId: CONVERSATION_ID,
      callId: null,
      entry: {
        id: 'AC24a8b8321c4f4cf2be110f4250793d51',
        kind: 'message',
        direction: 'incoming',
        from: '+15551234567',
        to: '+15559876543',
        text: "Hi, the projector in bay 3 won't turn on. Can someone reset it?",
        at: '2024-05-01T11:59:58.420Z',
        userId: 'USu5AsEHuQ',
      },
    });
  });

  it('message.delivered: outgoing, the customer is `to`, given as a list', () => {
    const json = fixture('message.delivered');
    expect(parseEvent(json, null)).toEqual({
      eventId: 'EV2b1e5c1d8e8f4a43a1c1a9e2b77b3f10',
      type: 'message.delivered',
      createdAt: '2024-05-01T12:01:04.113Z',
      objectId: 'AC9f1d0c3e6a2b4c7d8e9f0a1b2c3d4e5f',
      payload: JSON.stringify(json),
      repairs: [],
      kind: 'message',
      customerPhone: '+15551234567',
      conversationId: CONVERSATION_ID,
      callId: null,
      entry: {
        id: 'AC9f1d0c3e6a2b4c7d8e9f0a1b2c3d4e5f',
        kind: 'message',
        direction: 'outgoing',
        from: '+15559876543',
        to: '+15551234567',
        text: 'Done: bay 3 projector has been reset. Enjoy your session!',
        at: '2024-05-01T12:01:03.870Z',
        userId: 'USu5AsEHuQ',
      },
    });
  });

  it('normalises formatted numbers, and takes the first of several recipients', () => {
    const json = withObject('message.delivered', { from: '(555) 987-6543', to: ['1 555 123 4567', '+15550001111'] });
    expect(parseEvent(json, null)).toMatchObject({ customerPhone: '+15551234567', entry: { from: '+15559876543', to: '+15551234567' } });
  });

  it('takes the text from `body` when there is no `text`', () => {
    const json = withObject('message.received', { text: undefined, body: 'Is the bar open until midnight?' });
    expect(parseEvent(json, null)).toMatchObject({ kind: 'message', entry: { text: 'Is the bar open until midnight?' } });
  });

  it('prefers `text` to `body`, and `text: null` falls back to `body`', () => {
    expect(parseEvent(withObject('message.received', { text: 'from text', body: 'from body' }), null)).toMatchObject({ entry: { text: 'from text' } });
    expect(parseEvent(withObject('message.received', { text: null, body: 'from body' }), null)).toMatchObject({ entry: { text: 'from body' } });
  });

  it('a message without any text (media only) has empty text, and optional fields default to null', () => {
    const json = withObject('message.received', {
      text: undefined,
      media: [{ url: 'https://example.com/m.jpg', type: 'image/jpeg' }],
      conversationId: undefined,
      userId: undefined,
    });
    expect(parseEvent(json, null)).toMatchObject({ conversationId: null, entry: { text: '', userId: null } });
  });

  it('unwraps an envelope wrapped once more in `{ "object": {...} }`', () => {
    const inner = fixture('message.received');
    const json = { object: inner };
    const event = parseEvent(json, null);
    expect(event).toMatchObject({
      eventId: inner.id,
      type: 'message.received',
      kind: 'message',
      customerPhone: '+15551234567',
      objectId: 'AC24a8b8321c4f4cf2be110f4250793d51',
    });
    // The payload kept is what was received, wrapper included.
    expect(event.payload).toBe(JSON.stringify(json));
  });

  it('ignores a time that is no date between 1970 and 9999, and says so in repairs', () => {
    const original = fixture('message.received');
    const json = { ...original, createdAt: 8.64e15, data: { object: { ...original.data.object, createdAt: '0000-01-01T00:00:00Z' } } };
    const event = parseEvent(json, null);
    expect(event.repairs).toEqual([
      'createdAt: 8640000000000000 is not a date between 1970 and 9999, so it was ignored',
      'data.object.createdAt: "0000-01-01T00:00:00Z" is not a date between 1970 and 9999, so it was ignored',
    ]);
    expect(Date.now() - Date.parse(event.createdAt)).toBeLessThan(60_000);
  });

  it('reads `data.resource` in place of `data.object`', () => {
    const original = fixture('message.received');
    const json = { ...original, data: { resource: original.data.object } };
    expect(parseEvent(json, null)).toEqual({ ...parseEvent(original, null), payload: JSON.stringify(json) });
  });

  it('reads `data.resource` inside the extra `object` wrapper too', () => {
    const original = fixture('message.delivered');
    const json = { object: { ...original, data: { resource: original.data.object } } };
    expect(parseEvent(json, null)).toMatchObject({ kind: 'message', customerPhone: '+15551234567', entry: { direction: 'outgoing' } });
  });

  it('takes dates given as epoch milliseconds', () => {
    const json = {
      ...withObject('message.received', { createdAt: Date.parse('2024-05-01T11:59:58.420Z') }),
      createdAt: Date.parse('2024-05-01T11:59:58.557Z'),
    };
    expect(parseEvent(json, null)).toMatchObject({ createdAt: '2024-05-01T11:59:58.557Z', entry: { at: '2024-05-01T11:59:58.420Z' } });
  });

  it("falls back to the envelope's createdAt when the message's is missing or not a date", () => {
    expect(parseEvent(withObject('message.received', { createdAt: undefined }), null)).toMatchObject({ entry: { at: '2024-05-01T11:59:58.557Z' } });
    expect(parseEvent(withObject('message.received', { createdAt: 'yesterday-ish' }), null)).toMatchObject({ entry: { at: '2024-05-01T11:59:58.557Z' } });
  });
});

describe('parseEvent: calls', () => {
  it('call.completed', () => {
    const json = fixture('call.completed');
    expect(parseEvent(json, null)).toEqual({
      eventId: 'EVd41c8f2a0b6e4e0f9a7c3b5d2e1f0a9b',
      type: 'call.completed',
      createdAt: '2024-05-01T12:10:31.002Z',
      objectId: CALL_ID,
      payload: JSON.stringify(json),
      repairs: [],
      kind: 'call',
      customerPhone: '+15551234567',
      conversationId: CONVERSATION_ID,
      callId: CALL_ID,
      entry: {
        id: CALL_ID,
        kind: 'call',
        direction: 'incoming',
        from: '+15551234567',
        to: '+15559876543',
        text: 'incoming call, completed, 142 s',
        at: '2024-05-01T12:10:29.000Z',
        userId: 'USu5AsEHuQ',
      },
    });
  });

  it('call.completed outgoing, missed, without duration or completedAt', () => {
    const json = withObject('call.completed', {
      direction: 'outgoing',
      from: '+15559876543',
      to: '+15551234567',
      status: 'no-answer',
      duration: null,
      completedAt: null,
    });
    expect(parseEvent(json, null)).toMatchObject({
      kind: 'call',
      customerPhone: '+15551234567',
      entry: { direction: 'outgoing', text: 'outgoing call, no-answer', at: '2024-05-01T12:07:58.000Z' },
    });
  });

  it('call.transcript.completed: dialogue joined as `identifier: content` lines', () => {
    const json = fixture('call.transcript.completed');
    expect(parseEvent(json, null)).toEqual({
      eventId: 'EV0f9e8d7c6b5a49382716a5b4c3d2e1f0',
      type: 'call.transcript.completed',
      createdAt: '2024-05-01T12:11:40.500Z',
      objectId: CALL_ID,
      payload: JSON.stringify(json),
      repairs: [],
      kind: 'transcript',
      callId: CALL_ID,
      entry: {
        id: `${CALL_ID}:transcript`,
        kind: 'transcript',
        direction: null,
        from: null,
        to: null,
        text: [
          '+15559876543: Thanks for calling, how can I help?',
          '+15551234567: The ball tracking in bay 3 stopped working.',
          // No identifier: the user id, then 'speaker'.
          "USu5AsEHuQ: I'll restart the tracking software now.",
          'speaker: Great, thanks.',
        ].join('\n'),
        at: '2024-05-01T12:11:39.000Z',
      },
    });
  });

  it('call.summary.completed: summary lines, then next steps', () => {
    const json = fixture('call.summary.completed');
    expect(parseEvent(json, null)).toEqual({
      eventId: 'EV5a4b3c2d1e0f49e8d7c6b5a4938271f6',
      type: 'call.summary.completed',
      // No createdAt on the summary: the envelope's.
      createdAt: '2024-05-01T12:12:02.250Z',
      objectId: CALL_ID,
      payload: JSON.stringify(json),
      repairs: [],
      kind: 'summary',
      callId: CALL_ID,
      entry: {
        id: `${CALL_ID}:summary`,
        kind: 'summary',
        direction: null,
        from: null,
        to: null,
        text: [
          'Customer reported ball tracking not working in bay 3.',
          'Staff restarted the tracking software remotely.',
          'Next step: Confirm bay 3 tracking works before the 6 pm booking.',
          'Next step: Log the incident in the maintenance sheet.',
        ].join('\n'),
        at: '2024-05-01T12:12:02.250Z',
      },
    });
  });

  it('call.summary.completed with a single summary string and no next steps', () => {
    const json = withObject('call.summary.completed', { summary: 'Short call about opening hours.', nextSteps: null });
    expect(parseEvent(json, null)).toMatchObject({ kind: 'summary', entry: { text: 'Short call about opening hours.' } });
  });
});

describe('parseEvent: other types and ids', () => {
  it('keeps an unknown type as kind "other"', () => {
    const json = fixture('contact.updated');
    expect(parseEvent(json, DELIVERY_ID)).toEqual({
      eventId: 'EV7e6d5c4b3a2948f1e0d9c8b7a6f5e4d3',
      type: 'contact.updated',
      createdAt: '2024-05-01T12:20:00.000Z',
      objectId: null,
      payload: JSON.stringify(json),
      repairs: [],
      kind: 'other',
    });
  });

  it('does not validate the object of an unknown type', () => {
    const json = { id: 'EVx', type: 'message.failed', createdAt: '2024-05-01T12:00:00Z', data: { object: { id: 42, anything: true } } };
    expect(parseEvent(json, null)).toMatchObject({ eventId: 'EVx', kind: 'other', objectId: null });
  });

  it('uses the webhook-id delivery id when the envelope has no id', () => {
    const json = fixture('message.received');
    delete json.id;
    expect(parseEvent(json, DELIVERY_ID)).toMatchObject({ eventId: DELIVERY_ID, kind: 'message', objectId: 'AC24a8b8321c4f4cf2be110f4250793d51' });
  });

  it("prefers the envelope's id to the delivery id", () => {
    expect(parseEvent(fixture('message.received'), DELIVERY_ID)).toMatchObject({ eventId: 'EVc67ec998b35c41d388af50799aeeba3e' });
  });

  it('is an InputError without an envelope id or a delivery id', () => {
    const json = fixture('message.received');
    delete json.id;
    expect(() => parseEvent(json, null)).toThrow(InputError);
    expect(() => parseEvent(json, null)).toThrow('invalid payload: id: the event has no id (and no webhook-id header)');
  });
});

describe('parseEvent: malformed payloads', () => {
  const received = () => fixture('message.received');
  const noType = () => {
    const json = received();
    delete (json as Json).type;
    return json;
  };

  it.each<[string, unknown, string]>([
    ['a string', 'message.received', 'the body is not a JSON object'],
    ['null', null, 'the body is not a JSON object'],
    ['a number', 42, 'the body is not a JSON object'],
    ['an array', [received()], 'the body is not a JSON object'],
    ['missing `type`', noType(), 'invalid payload: type: Invalid input: expected string, received undefined'],
    ['an empty `type`', { ...received(), type: '' }, 'invalid payload: type: Too small: expected string to have >=1 characters'],
    ['missing `data`', { ...received(), data: undefined }, 'invalid payload: data: Invalid input: expected object, received undefined'],
    ['missing `data.object`', { ...received(), data: {} }, 'invalid payload: data.object: Invalid input: expected record, received undefined'],
    ['`object` not "event"', { ...received(), object: 'message' }, 'invalid payload: object: Invalid input: expected "event"'],
    [
      '`data.object.from` missing',
      withObject('message.received', { from: undefined }),
      'invalid payload: data.object.from: Invalid input: expected string, received undefined',
    ],
    [
      '`data.object.id` missing',
      withObject('message.received', { id: undefined }),
      'invalid payload: data.object.id: Invalid input: expected string, received undefined',
    ],
    [
      '`direction` neither incoming nor outgoing',
      withObject('message.received', { direction: 'inbound' }),
      'invalid payload: data.object.direction: Invalid option: expected one of "incoming"|"outgoing"',
    ],
    ['`to` an empty list', withObject('message.delivered', { to: [] }), 'invalid payload: data.object.to: Too small: expected array to have >=1 items'],
    [
      'call: `direction` missing',
      withObject('call.completed', { direction: undefined }),
      'invalid payload: data.object.direction: Invalid option: expected one of "incoming"|"outgoing"',
    ],
    [
      'transcript: `dialogue` missing',
      withObject('call.transcript.completed', { dialogue: undefined }),
      'invalid payload: data.object.dialogue: Invalid input: expected array, received undefined',
    ],
    [
      'summary: `callId` missing',
      withObject('call.summary.completed', { callId: undefined }),
      'invalid payload: data.object.callId: Invalid input: expected string, received undefined',
    ],
  ])('%s', (_name, json, message) => {
    let thrown: unknown;
    try {
      parseEvent(json, DELIVERY_ID);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).message).toBe(message);
  });
});

describe('normalizePhone', () => {
  it.each<[string | null | undefined, string | null]>([
    ['(555) 123-4567', '+15551234567'],
    ['555.123.4567', '+15551234567'],
    ['5551234567', '+15551234567'],
    ['15551234567', '+15551234567'],
    ['1-555-123-4567', '+15551234567'],
    ['+1 (555) 123-4567', '+15551234567'],
    ['  +15551234567  ', '+15551234567'],
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['00442079460958', '+442079460958'],
    ['+123456789012345', '+123456789012345'], // 15 digits, the E.164 maximum
    // Short codes are kept as +digits.
    ['12345', '+12345'],
    ['4567', '+4567'],
    ['262966', '+262966'],
    // Not phone numbers.
    ['123', null],
    ['+1234567890123456', null], // 16 digits
    ['abc', null],
    ['n/a', null],
    ['', null],
    ['   ', null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it('takes a 10-digit number in the given default country', () => {
    expect(normalizePhone('7946095800', '44')).toBe('+447946095800');
  });

  it('accepts a 15-digit number written with the 00 prefix', () => {
    expect(normalizePhone('00 123456789012345')).toBe('+123456789012345');
  });

  it.each([
    ['020 7946 0958', '1'],
    ['020 7946 0958', '44'],
  ])('gives no number for %j (default country %s): a trunk 0 cannot be placed', (raw, country) => {
    expect(normalizePhone(raw, country)).toBeNull();
  });
});
