import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES, truncateAll, type TestDb } from '../db/databases.ts';
import { deliver, messageEvent, SECRET, startTestService, WHSEC, type TestService } from './test-service.ts';

const count = async (t: TestDb, table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

describe.each(DATABASES)('POST /api/openphone/webhook on $name', ({ open }) => {
  let t: TestDb;
  let service: TestService;
  beforeAll(async () => {
    t = await open();
    service = await startTestService({ db: t.db, secrets: [SECRET, WHSEC] });
  });
  afterAll(async () => {
    await service.close();
    await t.drop();
  });
  beforeEach(() => truncateAll(t.db));

  it('stores a signed event once and answers 200 with its conversation', async () => {
    const res = await deliver(service.url, messageEvent({ id: 'EV-1' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'stored', eventId: 'EV-1' });
    const { rows } = await t.db.query<{ event_id: string; conversation_id: string; status: string }>(
      'SELECT event_id, conversation_id, status FROM webhook_events',
    );
    expect(rows).toEqual([{ event_id: 'EV-1', conversation_id: res.body.conversationId, status: 'stored' }]);
  });

  it('accepts Standard Webhooks signatures and either secret of a rotation', async () => {
    expect((await deliver(service.url, messageEvent(), { scheme: 'standard-webhooks' })).status).toBe(200);
    expect((await deliver(service.url, messageEvent(), { scheme: 'openphone', secret: SECRET })).status).toBe(200);
    expect(await count(t, 'webhook_events')).toBe(2);
  });

  const stale = new Date(Date.now() - 6 * 60_000);
  const future = new Date(Date.now() + 6 * 60_000);
  const wrong = Buffer.from('not the configured key').toString('base64');
  it.each([
    ['no signature header', { scheme: 'none' as const }, 'invalid signature: missing signature: expected an openphone-signature or webhook-signature header'],
    ['a wrong secret', { secret: wrong }, 'invalid signature: signature does not match any configured secret'],
    ['a stale timestamp', { at: stale }, /^invalid signature: timestamp is 3\d\d s old \(over 300 s\)$/],
    ['a future timestamp', { at: future }, /^invalid signature: timestamp is 3\d\d s in the future \(over 300 s\)$/],
    ['a missing webhook-id', { scheme: 'standard-webhooks' as const, headers: { 'webhook-id': '' } }, 'invalid signature: missing webhook-id header'],
    [
      'a malformed openphone header',
      { scheme: 'none' as const, headers: { 'openphone-signature': 'sha256=abc' } },
      'invalid signature: openphone-signature is not in the form hmac;1;<timestamp>;<signature>',
    ],
  ])('refuses %s with 401 and stores nothing', async (_name, options, reason) => {
    const res = await deliver(service.url, messageEvent(), options);
    expect(res.status).toBe(401);
    if (typeof reason === 'string') expect(res.body.error).toBe(reason);
    else expect(res.body.error).toMatch(reason);
    expect(await count(t, 'webhook_events')).toBe(0);
  });

  it('refuses a valid signature over a modified body', async () => {
    const body = JSON.stringify(messageEvent());
    const { signWebhook } = await import('../../src/openphone/index.ts');
    const headers = signWebhook('openphone', SECRET, body, new Date());
    const tampered = body.replace('not registering', 'not registerinG');
    const res = await fetch(`${service.url}/api/openphone/webhook`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: tampered,
    });
    expect(res.status).toBe(401);
    expect(await count(t, 'webhook_events')).toBe(0);
  });

  it.each([
    ['malformed JSON', '{"id": "EV", ', /^malformed JSON at byte 13 \(13 bytes\)$/],
    [
      'JSON of the wrong shape',
      { id: 'EV', type: 'message.received', data: { object: { id: 'AC', to: '+15550009999', direction: 'incoming' } } },
      /^invalid payload: data\.object\.from: /,
    ],
    ['an event without data', { id: 'EV', type: 'message.received' }, /^invalid payload: data: /],
    [
      'a bad direction',
      { ...messageEvent(), data: { object: { ...messageEvent().data.object, direction: 'sideways' } } },
      /^invalid payload: data\.object\.direction: /,
    ],
  ])('answers 400 naming the problem for %s, storing nothing', async (_name, body, reason) => {
    const res = await deliver(service.url, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(reason);
    expect(await count(t, 'webhook_events')).toBe(0);
  });

  it('acknowledges and keeps an event type it does not process', async () => {
    const res = await deliver(service.url, { id: 'EV-contact', object: 'event', type: 'contact.updated', data: { object: { id: 'CT1', firstName: 'Sam' } } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ignored');
    expect((await t.db.query('SELECT type, status FROM webhook_events')).rows).toEqual([{ type: 'contact.updated', status: 'ignored' }]);
    expect(await count(t, 'openphone_conversations')).toBe(0);
  });

  it('keeps every event of a type it does not process, even about the same object', async () => {
    const contact = (id: string) => ({ id, object: 'event', type: 'contact.updated', data: { object: { id: 'CT1', firstName: 'Sam' } } });
    expect((await deliver(service.url, contact('EV-c1'))).body.status).toBe('ignored');
    expect((await deliver(service.url, contact('EV-c2'))).body.status).toBe('ignored');
    expect(await count(t, 'webhook_events')).toBe(2);
  });

  it('stores a text holding a NUL character instead of failing it forever, and says so', async () => {
    const event = messageEvent({ id: 'EV-nul', text: 'hi\u0000there' });
    const res = await deliver(service.url, event);
    expect(res.status).toBe(200);
    expect(res.body.repaired).toEqual(['1 NUL or lone surrogate character(s) replaced with U+FFFD']);
    const { rows } = await t.db.query<{ text: string }>(`SELECT messages->0->>'text' AS text FROM openphone_conversations_with_messages`);
    expect(rows).toEqual([{ text: 'hi\ufffdthere' }]);
    const stored = await t.db.query<{ text: string }>(`SELECT payload->'data'->'object'->>'text' AS text FROM webhook_events`);
    expect(stored.rows).toEqual([{ text: 'hi\ufffdthere' }]);
  });

  it('answers 413 to a body over 1 MB', async () => {
    const big = messageEvent({ text: 'x'.repeat(1024 * 1024) });
    const res = await deliver(service.url, big);
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('request body over 1048576 bytes');
  });

  it('answers 200 to a redelivery and changes nothing', async () => {
    const event = messageEvent({ id: 'EV-dup' });
    const first = await deliver(service.url, event);
    const before = (await t.db.query('SELECT * FROM openphone_conversations')).rows;
    const again = await deliver(service.url, event);
    expect(again).toEqual({ status: 200, body: { status: 'duplicate', eventId: 'EV-dup', conversationId: null } });
    expect((await t.db.query('SELECT * FROM openphone_conversations')).rows).toEqual(before);
    expect(first.body.status).toBe('stored');
  });

  it('treats the same message under a new event id as a duplicate', async () => {
    await deliver(service.url, messageEvent({ id: 'EV-a', messageId: 'AC-same' }));
    const res = await deliver(service.url, messageEvent({ id: 'EV-b', messageId: 'AC-same' }));
    expect(res.body.status).toBe('duplicate');
    const { rows } = await t.db.query<{ n: number }>('SELECT jsonb_array_length(messages)::int AS n FROM openphone_conversations_with_messages');
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('stores exactly one of 50 concurrent deliveries of the same event', async () => {
    const event = messageEvent({ id: 'EV-storm' });
    const results = await Promise.all(Array.from({ length: 50 }, () => deliver(service.url, event)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.status === 'stored')).toHaveLength(1);
    expect(await count(t, 'webhook_events')).toBe(1);
    const { rows } = await t.db.query<{ n: number }>('SELECT jsonb_array_length(messages)::int AS n FROM openphone_conversations_with_messages');
    expect(rows).toEqual([{ n: 1 }]);
  });
});
