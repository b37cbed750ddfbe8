import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGapReport, type GapTopic, markTopic } from '../../src/gaps/index.ts';
import { createDecisionLog } from '../../src/metrics/index.ts';
import type { DecisionRecord } from '../../src/router/index.ts';
import { buildIndex, createLocalEmbedder, unitsOfDocuments } from '../../src/search/index.ts';
import { DATABASES, type TestDb } from '../db/databases.ts';
import { captureLogger } from '../fakes/logger.ts';
import { smallCorpus } from '../search/fixtures.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const DAY = 86_400_000;

/** Texts about a topic none of the fixture SOPs covers. */
const PARKING = [
  'hi this is Priya, where can i park my car',
  'is there free parking near the building',
  'parking lot is full, where else can i park',
  'can i park on the street outside',
  'any parking nearby that is free after 6',
  'do you validate parking at the garage',
];
/** Texts about the fixture's projector SOP that it answered below threshold. */
const PROJECTOR = [
  'projector screen is blank again',
  'the projector shows no signal',
  'projector blank in bay 3',
  'projector went dark, says no signal',
  'no signal on the projector screen',
];
const EARLIER_PROJECTOR = ['projector is blank, no signal', 'projector screen blank since we arrived'];
const ONE_OFFS = ['do you sell golf balls', 'what is the wifi called'];

let seq = 0;
function decision(at: Date, route: string, message: string, confidence: number, conversationId: string | null = null): DecisionRecord {
  return {
    id: `9a1c2d1e-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
    at,
    route,
    mode: 'rollout',
    answeredBy: 'assistant',
    reason: 'low_confidence',
    killSwitch: false,
    bucket: 3,
    percentage: 100,
    threshold: 0.75,
    fallback: true,
    escalated: false,
    configVersion: 'v1',
    latencyMs: { reply: 5 },
    conversationId,
    message,
    sop: { latencyMs: 2, confidence, error: null, tokens: 0, costUsd: 0 },
    assistant: { latencyMs: 800, error: null, tokens: 10, costUsd: 0.001 },
  };
}

describe.each(DATABASES)('the gap report on $name', ({ open }) => {
  let t: TestDb;
  let worseId: string;
  beforeAll(async () => {
    t = await open();
    const log = createDecisionLog({ db: t.db, similarity: async () => 0, log: captureLogger() });
    const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
    PARKING.forEach((text, i) => log.record(decision(hoursAgo(i + 1), 'brand', text, 0.2, i === 1 ? 'CN-staff' : `CN-p${i}`)));
    PROJECTOR.forEach((text, i) => log.record(decision(hoursAgo(i + 2), 'tech', text, 0.5)));
    ONE_OFFS.forEach((text, i) => log.record(decision(hoursAgo(i + 3), 'brand', text, 0.3)));
    EARLIER_PROJECTOR.forEach((text, i) => log.record(decision(new Date(NOW.getTime() - 10 * DAY - i * 3_600_000), 'tech', text, 0.4)));
    // Confident answers: traffic, but no text kept and no gap.
    for (let i = 0; i < 20; i++) log.record(decision(hoursAgo(i + 1), i % 2 ? 'brand' : 'tech', 'how do i cancel', 0.95));
    // Shadowed and confident, but a reviewer judged the SOP answer worse: a gap too.
    const worse = decision(hoursAgo(4), 'brand', 'where do i park for free', 0.9);
    worseId = worse.id;
    log.record(worse);
    await log.flush();
    await t.db.query(
      `INSERT INTO sop_shadow_comparisons (decision_id, route, query, sop_confidence, verdict) VALUES ($1, 'brand', 'where do i park for free', 0.9, 'worse')`,
      [worse.id],
    );
    // Staff answered one of the parking conversations, and knowledge was extracted from it.
    const { rows } = await t.db.query<{ id: string }>(`INSERT INTO openphone_conversations (openphone_conversation_id) VALUES ('CN-staff') RETURNING id`);
    await t.db.query(`INSERT INTO openphone_conversation_entries (conversation_id, entry) VALUES ($1, $2), ($1, $3)`, [
      rows[0]!.id,
      { kind: 'message', direction: 'incoming', text: 'is there free parking near the building' },
      { kind: 'message', direction: 'outgoing', text: 'yes, the lot behind us is free' },
    ]);
    await t.db.query(
      `INSERT INTO extracted_knowledge (conversation_id, route, problem, solution) VALUES ($1, 'brand', 'Where to park', 'The lot behind is free')`,
      [rows[0]!.id],
    );
  });
  afterAll(() => t.drop());

  // A handful of differently worded texts per topic is far below a month's volume, where near repeats
  // make the default threshold right (`npm run bench -- gaps`): these texts join at a looser one.
  const clustering = { threshold: 0.1 };
  const index = () => buildIndex(unitsOfDocuments(smallCorpus()), createLocalEmbedder());
  const topicWith = (topics: GapTopic[], word: RegExp) => topics.find((topic) => topic.words.some((w) => word.test(w)));

  it('groups the texts answered below threshold or judged worse into named topics, with their counts, trend, share and staff replies', async () => {
    const report = await buildGapReport({ db: t.db, to: NOW, days: 7, index: await index(), clustering });
    expect(report.texts).toBe(PARKING.length + PROJECTOR.length + ONE_OFFS.length + 1);
    expect(report.topics).toHaveLength(2);
    // The one-offs join no topic (a topic text or two may not either).
    const inTopics = report.topics.flatMap((topic) => topic.members.map((m) => m.text));
    expect(inTopics.filter((text) => ONE_OFFS.includes(text))).toEqual([]);
    expect(report.unclustered).toBe(report.texts - inTopics.length);

    const parking = topicWith(report.topics, /^park/)!;
    expect(parking).toMatchObject({ previous: 0, trend: 'new', route: 'brand', worse: 1 });
    expect(parking.texts).toBeGreaterThanOrEqual(5);
    expect(parking.members.every((m) => /park/.test(m.text))).toBe(true);
    // Every parking text came from a conversation of its own, and the one judged worse had none: a customer each.
    expect(parking.customers).toBe(parking.texts);
    // Its share of the week's 19 brand requests (6 parking texts, the one judged worse, 2 one-offs, 10 confident answers).
    expect(parking.share).toBeCloseTo(parking.texts / 19, 3);
    expect(parking.members.map((m) => m.decisionId)).toContain(worseId);
    expect(parking.staff).toEqual({
      conversations: 1,
      replied: 1,
      knowledge: [{ problem: 'Where to park', solution: 'The lot behind is free', status: 'new' }],
    });
    // Texts were redacted when they were stored.
    expect(parking.members.map((m) => m.text)).toContain('hi this is [name], where can i park my car');
    expect(JSON.stringify(report)).not.toContain('Priya');

    const projector = topicWith(report.topics, /^projector$/)!;
    expect(projector).toMatchObject({ previous: 2, trend: 'growing', route: 'tech' });
    expect(projector.texts).toBeGreaterThanOrEqual(4);
    expect(projector.members.every((m) => /projector/.test(m.text))).toBe(true);
    expect(projector.closest?.sop).toBe('tech/projector.md');
    expect(projector.closest!.similarity).toBeGreaterThan(0);
    expect(projector.examples).toHaveLength(3);
    expect(projector.confidence).toBeCloseTo(0.5, 3);
  });

  it("carries a reviewer's mark on the topic it was made on, the newest one", async () => {
    const before = await buildGapReport({ db: t.db, to: NOW, days: 7, clustering });
    const parking = topicWith(before.topics, /^park/)!;
    expect(parking.mark).toBeNull();
    await markTopic(t.db, { topic: parking, mark: 'new_sop', by: 'Ana' });
    await markTopic(t.db, { topic: parking, mark: 'out_of_scope', by: 'Ben', link: 'branch knowledge/x' });
    const after = await buildGapReport({ db: t.db, to: NOW, days: 7, clustering });
    expect(topicWith(after.topics, /^park/)!.mark).toMatchObject({ mark: 'out_of_scope', by: 'Ben', link: 'branch knowledge/x' });
    expect(topicWith(after.topics, /^projector$/)!.mark).toBeNull();
  });

  it('keeps to one route, and places nothing without an index', async () => {
    const report = await buildGapReport({ db: t.db, to: NOW, days: 7, route: 'tech', clustering });
    expect(report.topics.map((topic) => topic.route)).toEqual(['tech']);
    expect(report.topics[0]!.closest).toBeNull();
  });

  it('is empty for a period with no gaps', async () => {
    const report = await buildGapReport({ db: t.db, to: new Date('2025-01-01T00:00:00Z'), days: 7 });
    expect(report).toMatchObject({ texts: 0, unclustered: 0, topics: [] });
  });
});
