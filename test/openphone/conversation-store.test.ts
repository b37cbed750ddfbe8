import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/db/index.ts';
import { createConversationStore, EXTRACT_JOB, parseEvent, type ConversationStore } from '../../src/openphone/index.ts';
import { DATABASES, truncateAll, type TestDb } from '../db/databases.ts';
import { messageEvent } from '../http/test-service.ts';

const HOUR = 3_600_000;
const T0 = new Date('2026-11-20T18:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const call = (id: string, o: { conversationId?: string; customer?: string; at?: Date } = {}) => ({
  id: `EV-${id}`,
  type: 'call.completed',
  data: {
    object: {
      id,
      from: o.customer ?? '+15551230000',
      to: '+15550009999',
      direction: 'incoming',
      status: 'completed',
      duration: 95,
      completedAt: (o.at ?? T0).toISOString(),
      ...(o.conversationId ? { conversationId: o.conversationId } : {}),
    },
  },
});
const transcript = (callId: string, id = `EV-t-${callId}`) => ({
  id,
  type: 'call.transcript.completed',
  data: {
    object: {
      callId,
      dialogue: [
        { identifier: '+15551230000', content: 'the screen is frozen' },
        { identifier: '+15550009999', content: 'press alt f4 and relaunch' },
      ],
      createdAt: T0.toISOString(),
    },
  },
});
const summary = (callId: string) => ({
  id: `EV-s-${callId}`,
  type: 'call.summary.completed',
  data: { object: { callId, summary: ['Frozen screen fixed by relaunch'], nextSteps: ['none'] } },
});

describe.each(DATABASES)('conversation store on $name', ({ open }) => {
  let t: TestDb;
  let store: ConversationStore;
  const ingest = (json: unknown) => store.ingest(parseEvent(json, null));
  const conversations = async () =>
    (
      await t.db.query<{ id: string; phone_number: string | null; messages: { id: string; kind: string; text: string }[] }>(
        'SELECT id, phone_number, messages FROM openphone_conversations_with_messages ORDER BY created_at',
      )
    ).rows;
  const extractJobs = async () =>
    (await t.db.query<{ key: string; state: string }>('SELECT key, state FROM jobs WHERE kind = $1 ORDER BY id', [EXTRACT_JOB])).rows;

  beforeAll(async () => {
    t = await open();
    store = createConversationStore({ db: t.db, queue: createJobQueue({ db: t.db }), windowMs: 24 * HOUR, quietMs: HOUR / 2 });
  });
  afterAll(() => t.drop());
  beforeEach(() => truncateAll(t.db));

  it("joins texts by OpenPhone's conversationId, in order, with the customer on either side", async () => {
    const a = await ingest(messageEvent({ conversationId: 'CN9', text: 'ball not registering', at: at(0) }));
    const b = await ingest(messageEvent({ conversationId: 'CN9', direction: 'outgoing', text: 'tee up on the spot', at: at(60_000) }));
    expect(b.conversationId).toBe(a.conversationId);
    const [c] = await conversations();
    expect(c!.phone_number).toBe('+15551230000');
    expect(c!.messages.map((m) => m.text)).toEqual(['ball not registering', 'tee up on the spot']);
  });

  it('joins texts without a conversationId by phone number within the window, and opens a new one after it', async () => {
    const first = await ingest(messageEvent({ conversationId: null, customer: '(555) 123-0000', at: at(0) }));
    const same = await ingest(messageEvent({ conversationId: null, customer: '+1 555 123 0000', at: at(2 * HOUR) }));
    const later = await ingest(messageEvent({ conversationId: null, customer: '+15551230000', at: at(30 * HOUR) }));
    expect(same.conversationId).toBe(first.conversationId);
    expect(later.conversationId).not.toBe(first.conversationId);
    expect((await conversations()).map((c) => c.messages.length)).toEqual([2, 1]);
  });

  it('opens one conversation for 20 simultaneous first texts from a new number', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ingest(messageEvent({ conversationId: null, customer: '+15559990000', text: `part ${i}` }))),
    );
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
    expect((await conversations())[0]!.messages).toHaveLength(20);
  });

  it("files a call's transcript and summary under the call's conversation and queues extraction once", async () => {
    const c = await ingest(call('CA1', { conversationId: 'CN5' }));
    const tr = await ingest(transcript('CA1'));
    const sm = await ingest(summary('CA1'));
    expect(tr.conversationId).toBe(c.conversationId);
    expect(sm.conversationId).toBe(c.conversationId);
    expect((await conversations())[0]!.messages.map((m) => m.kind)).toEqual(['call', 'transcript', 'summary']);
    expect((await ingest(transcript('CA1'))).outcome).toBe('duplicate');
    expect(await extractJobs()).toEqual([{ key: c.conversationId, state: 'queued' }]);
  });

  it('files a call and its transcript arriving together under one conversation', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => [ingest(call(`CAx${i}`, { conversationId: `CNx${i}` })), ingest(transcript(`CAx${i}`))]).flat(),
    );
    expect(results.every((r) => r.outcome === 'stored')).toBe(true);
    const { rows } = await t.db.query<{ n: number }>('SELECT count(DISTINCT conversation_id)::int AS n FROM openphone_calls');
    expect(rows).toEqual([{ n: 20 }]);
    expect((await conversations()).every((c) => c.messages.length === 2)).toBe(true);
  });

  it('keeps a transcript that arrives before its call, and joins the call to it', async () => {
    const tr = await ingest(transcript('CA2'));
    const c = await ingest(call('CA2'));
    expect(c.conversationId).toBe(tr.conversationId);
    const [only, ...rest] = await conversations();
    expect(rest).toEqual([]);
    expect(only!.phone_number).toBe('+15551230000');
    // Later texts of the same OpenPhone conversation find it too.
    await ingest(call('CA3', { conversationId: 'CN-late' }));
    const tr3 = await ingest(transcript('CA4'));
    const c4 = await ingest(call('CA4', { conversationId: 'CN-joined' }));
    const text = await ingest(messageEvent({ conversationId: 'CN-joined' }));
    expect(c4.conversationId).toBe(tr3.conversationId);
    expect(text.conversationId).toBe(tr3.conversationId);
  });

  it('queues extraction for quiet conversations once, and again only after new messages', async () => {
    const quiet = await ingest(messageEvent({ conversationId: 'CNq', at: at(0) }));
    await ingest(messageEvent({ conversationId: 'CNbusy', at: at(50 * 60_000) }));
    expect(await store.enqueueQuiet(at(HOUR))).toBe(1);
    expect(await store.enqueueQuiet(at(HOUR))).toBe(0);
    expect(await extractJobs()).toEqual([{ key: quiet.conversationId, state: 'queued' }]);
    // A job that died is not retried by the sweep until the conversation gets new messages.
    await t.db.query(`UPDATE jobs SET state = 'dead', created_at = $1`, [at(HOUR)]);
    expect(await store.enqueueQuiet(at(2 * HOUR))).toBe(1); // the busy one is quiet now
    expect(await store.enqueueQuiet(at(2 * HOUR))).toBe(0);
    await ingest(messageEvent({ conversationId: 'CNq', at: at(3 * HOUR) }));
    expect(await store.enqueueQuiet(at(5 * HOUR))).toBe(1);
  });

  it('commits events that arrive together in one transaction, each conversation in arrival order, duplicates once', async () => {
    const events = Array.from({ length: 60 }, (_, i) =>
      messageEvent({ id: `EVg${i}`, messageId: `ACg${i}`, conversationId: `CNg${i % 3}`, text: `text ${i}` }),
    );
    const results = await Promise.all([...events, events[7]!, events[59]!].map(ingest));
    expect(results.map((r) => r.outcome)).toEqual([...Array(60).fill('stored'), 'duplicate', 'duplicate']);
    // The first event is written at once; the rest arrived while it was in flight and share one commit.
    const { rows } = await t.db.query<{ n: number }>('SELECT count(DISTINCT xmin::text)::int AS n FROM webhook_events');
    expect(rows).toEqual([{ n: 2 }]);
    const texts = (await conversations()).map((c) => c.messages.map((m) => Number(m.text.split(' ')[1]))).sort((a, b) => a[0]! - b[0]!);
    expect(texts).toEqual([0, 1, 2].map((k) => Array.from({ length: 20 }, (_, j) => 3 * j + k)));
  });

  it('never lets one event that cannot be stored fail the others committed with it', async () => {
    const good = Array.from({ length: 9 }, (_, i) => messageEvent({ id: `EVok${i}`, conversationId: 'CNok', text: `fine ${i}` }));
    // A NUL escape that skipped the webhook's sanitising: PostgreSQL's jsonb refuses it.
    const raw = JSON.stringify(messageEvent({ id: 'EVbad', conversationId: 'CNbad', text: 'NUL' })).replace('"NUL"', '"\\u0000"');
    const results = await Promise.allSettled(
      [good[0]!, good[1]!, good[2]!, good[3]!].map(ingest).concat(store.ingest(parseEvent(JSON.parse(raw), null, raw)), good.slice(4).map(ingest)),
    );
    expect(results.map((r) => r.status)).toEqual([...Array(4).fill('fulfilled'), 'rejected', ...Array(5).fill('fulfilled')]);
    expect((await conversations()).map((c) => c.messages.length)).toEqual([9]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM webhook_events')).rows).toEqual([{ n: 9 }]);
  });

  it('does not queue a processed conversation', async () => {
    await ingest(messageEvent({ conversationId: 'CNp', at: at(0) }));
    await t.db.query('UPDATE openphone_conversations SET processed = true');
    expect(await store.enqueueQuiet(at(HOUR))).toBe(0);
  });
});
