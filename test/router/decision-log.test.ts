import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/index.ts';
import { createDecisionLog } from '../../src/router/index.ts';
import { DATABASES, type TestDb } from '../db/databases.ts';
import { captureLogger } from '../fakes/logger.ts';

const sopAnswer: Answer = {
  response: 'Thanks Priya! Press Alt+F4 and reopen TrackMan.',
  confidence: 0.9,
  structured: { route: 'tech', category: 'solution', steps: [], actions: [], escalation: { required: false, reason: null }, sources: [{ id: 'tech/frozen-screen.md#reply', title: 'Frozen', score: 1 }], answerer: 'llm' },
};

describe.each(DATABASES)('the decision log on $name', ({ open }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());

  it("stores comparisons with the customer's name and number removed from the message and from both answers", async () => {
    const log = createDecisionLog({ db: t.db, similarity: async () => 0.42, log: captureLogger() });
    log.compare({
      decisionId: '6f1c2d1e-0000-4000-8000-000000000001',
      route: 'tech',
      message: 'hi this is Priya, the screen froze, call me on 555-867-5309',
      assistantResponse: 'Sure thing Priya, we will call 555-867-5309 shortly.',
      assistantLatencyMs: 900,
      sop: sopAnswer,
      sopLatencyMs: 3,
      sopError: null,
    });
    await log.flush();
    const { rows } = await t.db.query<Record<string, unknown>>('SELECT query, assistant_response, sop_response, similarity FROM sop_shadow_comparisons');
    expect(rows).toEqual([
      {
        query: 'hi this is [name], the screen froze, call me on [phone]',
        assistant_response: 'Sure thing [name], we will call [phone] shortly.',
        sop_response: 'Thanks [name]! Press Alt+F4 and reopen TrackMan.',
        similarity: 0.42,
      },
    ]);
  });
});
