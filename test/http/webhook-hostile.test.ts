/**
 * Hostile webhook bodies, signed as OpenPhone signs them: whatever the sender puts in an event, the
 * answer is 2xx with the event stored, or 400 naming the problem; never a 500, which OpenPhone would
 * redeliver forever. The service keeps serving throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, type TestDb } from '../db/databases.ts';
import { deliver, messageEvent, SECRET, startTestService, WHSEC, type TestService } from './test-service.ts';

type Body = { name: string; body: unknown };

const VALUES: [string, unknown][] = [
  ['a NUL', 'a\u0000b'],
  ['only a NUL', '\u0000'],
  ['a lone high surrogate', 'x\ud800y'],
  ['a lone low surrogate', '\udc00x'],
  ['half an emoji at the end', 'ok \ud83d'],
  ['a thousand emoji', '💥'.repeat(1000)],
  ['an empty string', ''],
  ['a space', ' '],
  ['100,000 characters', 'x'.repeat(100_000)],
  ['HTML', '<script>alert(1)</script>'],
  ['SQL', "'; DROP TABLE webhook_events; --"],
  ['a right-to-left override', 'abc\u202edef'],
  ['a number', 42],
  ['null', null],
  ['an array', ['a']],
  ['an object', { a: 1 }],
  ['true', true],
  ['a huge number', 1e308],
];

const FIELDS: [string, (event: ReturnType<typeof messageEvent>, value: unknown) => unknown][] = [
  ['id', (e, v) => ({ ...e, id: v })],
  ['type', (e, v) => ({ ...e, type: v })],
  ['data.object.id', (e, v) => ({ ...e, data: { object: { ...e.data.object, id: v } } })],
  ['data.object.conversationId', (e, v) => ({ ...e, data: { object: { ...e.data.object, conversationId: v } } })],
  ['data.object.userId', (e, v) => ({ ...e, data: { object: { ...e.data.object, userId: v } } })],
  ['data.object.from', (e, v) => ({ ...e, data: { object: { ...e.data.object, from: v } } })],
  ['data.object.text', (e, v) => ({ ...e, data: { object: { ...e.data.object, text: v } } })],
  ['a key', (e, v) => ({ ...e, data: { object: { ...e.data.object, [String(typeof v === 'string' ? v : JSON.stringify(v))]: 'value' } } })],
];

const transcript = (speaker: unknown, id: string) => ({
  id,
  object: 'event',
  type: 'call.transcript.completed',
  data: { object: { callId: `CA-${id}`, dialogue: [{ content: 'the screen froze', identifier: speaker }] } },
});

function hostileBodies(): Body[] {
  const bodies: Body[] = [];
  let n = 0;
  for (const [field, put] of FIELDS)
    for (const [what, value] of VALUES) bodies.push({ name: `${what} in ${field}`, body: put(messageEvent({ id: `EV-hostile-${++n}` }), value) });
  for (const [what, value] of VALUES) bodies.push({ name: `${what} as a transcript speaker`, body: transcript(value, `EV-hostile-${++n}`) });
  for (const at of [8.64e15, -8.64e15, '0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', 1e300, 'yesterday', '', -1, 0]) {
    bodies.push({ name: `createdAt ${JSON.stringify(at)}`, body: { ...messageEvent({ id: `EV-hostile-${++n}` }), createdAt: at } });
    const e = messageEvent({ id: `EV-hostile-${++n}` });
    bodies.push({ name: `data.object.createdAt ${JSON.stringify(at)}`, body: { ...e, data: { object: { ...e.data.object, createdAt: at } } } });
  }
  const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  const e = messageEvent({ id: `EV-hostile-${++n}` });
  bodies.push(
    { name: 'nesting 100,000 deep', body: JSON.stringify(e).replace('"object":"event"', `"object":"event","x":${deep(100_000)}`) },
    {
      name: 'nesting 65 deep',
      body: JSON.stringify(messageEvent({ id: `EV-hostile-${++n}` })).replace('"object":"event"', `"object":"event","x":${deep(65)}`),
    },
    {
      name: 'nesting 30 deep',
      body: JSON.stringify(messageEvent({ id: `EV-hostile-${++n}` })).replace('"object":"event"', `"object":"event","x":${deep(30)}`),
    },
    { name: 'a 100,000-item array', body: { ...messageEvent({ id: `EV-hostile-${++n}` }), extra: Array.from({ length: 100_000 }, (_, i) => i) } },
    {
      name: 'to as 50,000 numbers',
      body: (() => {
        const m = messageEvent({ id: `EV-hostile-${++n}` });
        return { ...m, data: { object: { ...m.data.object, to: Array.from({ length: 50_000 }, () => '+15550009999') } } };
      })(),
    },
    { name: 'a __proto__ key', body: `{"__proto__":{"polluted":true},${JSON.stringify(messageEvent({ id: `EV-hostile-${++n}` })).slice(1)}` },
    { name: 'a key repeated', body: `{"id":"EV-first",${JSON.stringify(messageEvent({ id: `EV-hostile-${++n}` })).slice(1)}` },
    { name: 'a top-level array', body: [messageEvent()] },
    { name: 'a top-level string', body: '"hello"' },
    { name: 'a top-level number', body: '42' },
    { name: 'null', body: 'null' },
    { name: 'an empty body', body: '' },
    { name: 'a NUL byte outside a string', body: '{"id":"x"\u0000}' },
  );
  // Random text: control characters, Latin-1 and astral characters, and JSON punctuation.
  let seed = 17;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 12; i++) {
    const chars = Array.from({ length: 50 + Math.floor(random() * 500) }, () => {
      const r = random();
      return r < 0.3
        ? '{}[]":,\\'[Math.floor(random() * 8)]!
        : r < 0.9
          ? String.fromCharCode(Math.floor(random() * 256))
          : String.fromCodePoint(0x1f300 + Math.floor(random() * 200));
    });
    bodies.push({ name: `random text ${i + 1}`, body: chars.join('') });
  }
  return bodies;
}

describe.each(DATABASES)('hostile webhook bodies on $name', ({ open }) => {
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

  it('answers every one 200 with the event stored, or 400 naming the problem, and keeps serving', { timeout: 240_000 }, async () => {
    const bodies = hostileBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(100);
    const outcomes: Record<string, string[]> = {};
    for (const { name, body } of bodies) {
      const res = await deliver(service.url, body);
      (outcomes[res.status] ??= []).push(name);
      if (res.status === 200) {
        const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events WHERE event_id = $1', [res.body.eventId]);
        expect(rows[0]!.n, name).toBe(1);
      } else {
        expect(res.status, `${name}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(400);
        expect(typeof res.body.error, name).toBe('string');
      }
    }
    expect(Object.keys(outcomes).sort()).toEqual(['200', '400']);
    // What must be stored, repaired rather than refused forever.
    for (const name of [
      'a NUL in id',
      'a lone high surrogate in data.object.conversationId',
      'a NUL in a key',
      'half an emoji at the end as a transcript speaker',
      'createdAt 8640000000000000',
      'data.object.createdAt "0000-01-01T00:00:00Z"',
      'nesting 30 deep',
      'a __proto__ key',
    ]) {
      expect(outcomes['200'], name).toContain(name);
    }
    expect(outcomes['400']).toContain('nesting 100,000 deep');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Whatever `type` the bodies carried, the metric has a label per known type and `other`.
    const series = (await (await fetch(`${service.url}/metrics`)).text()).split('\n').filter((l) => l.startsWith('sop_webhook_events_total{'));
    expect(series.some((l) => l.includes('type="other"'))).toBe(true);
    expect(series.every((l) => /type="(?:message\.received|call\.transcript\.completed|other|unknown)"/.test(l))).toBe(true);

    const healthy = await fetch(`${service.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect((await deliver(service.url, messageEvent({ id: 'EV-after' }))).body).toMatchObject({ status: 'stored', eventId: 'EV-after' });
  });

  it('says what it repaired: the characters replaced, the dates ignored', async () => {
    const e = messageEvent({ id: 'EV-repaired', text: 'broken \ud83d' });
    const res = await deliver(service.url, { ...e, createdAt: -8.64e15 });
    expect(res.status).toBe(200);
    expect(res.body.repaired).toEqual([
      '1 NUL or lone surrogate character(s) replaced with U+FFFD',
      'createdAt: -8640000000000000 is not a date between 1970 and 9999, so it was ignored',
    ]);
    const { rows } = await t.db.query<{ texts: string[] }>(
      `SELECT jsonb_path_query_array(messages, '$[*].text') AS texts FROM openphone_conversations_with_messages WHERE id = $1`,
      [res.body.conversationId],
    );
    expect(rows[0]!.texts).toContain('broken \ufffd');
  });
});
