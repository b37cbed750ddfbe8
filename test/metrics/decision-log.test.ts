import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/index.ts';
import { createDecisionLog } from '../../src/metrics/index.ts';
import { DATABASES, type TestDb } from '../db/databases.ts';
import { captureLogger } from '../fakes/logger.ts';

const sopAnswer: Answer = {
  response: 'Thanks Priya! Press Alt+F4 and reopen TrackMan.',
  confidence: 0.9,
  structured: {
    route: 'tech',
    category: 'solution',
    steps: [],
    actions: [],
    escalation: { required: false, reason: null },
    sources: [{ id: 'tech/frozen-screen.md#reply', title: 'Frozen', score: 1 }],
    answerer: 'llm',
  },
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

  it('writes a burst of decisions as a few multi-row INSERTs, all of them, and a failed batch is counted', async () => {
    const statements: string[] = [];
    // The real database, with its statements counted.
    const counted = {
      ...t.db,
      query: (sql: string, params?: readonly unknown[]) => {
        statements.push(sql);
        return t.db.query(sql, params);
      },
    } as typeof t.db;
    const outcomes: string[] = [];
    const log = createDecisionLog({
      db: counted,
      similarity: async () => 0,
      log: captureLogger(),
      batchSize: 100,
      batchMs: 1000,
      onWrite: (_table, outcome) => outcomes.push(outcome),
    });
    const decision = (i: number) => ({
      id: `6f1c2d1e-0000-4000-8000-${String(i).padStart(12, '0')}`,
      at: new Date(),
      route: 'tech',
      mode: 'rollout' as const,
      answeredBy: 'sop' as const,
      reason: 'confident' as const,
      killSwitch: false,
      bucket: 7,
      percentage: 100,
      threshold: 0.75,
      fallback: false,
      escalated: false,
      sop: null,
      assistant: null,
      latencyMs: { reply: 1 },
      configVersion: 'v1',
      conversationId: null,
    });
    for (let i = 1; i <= 250; i++) log.record(decision(i) as never);
    await log.flush();
    expect(statements.filter((q) => q.startsWith('INSERT INTO sop_decisions'))).toHaveLength(3);
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sop_decisions')).rows[0]!.n).toBe(250);
    expect(outcomes.filter((o) => o === 'written')).toHaveLength(250);
    // The same ids again: the batch fails, is retried row by row, and each duplicate is counted as failed.
    log.record(decision(1) as never);
    log.record(decision(2) as never);
    await log.flush();
    expect(outcomes.filter((o) => o === 'failed')).toHaveLength(2);
  });

  it("never loses the other customers' decisions to one bad row, and stores text with a NUL or a lone surrogate", async () => {
    await t.db.query('DELETE FROM sop_decisions');
    const outcomes: string[] = [];
    const logger = captureLogger();
    const log = createDecisionLog({
      db: t.db,
      similarity: async () => 0,
      log: logger,
      batchSize: 100,
      batchMs: 1000,
      onWrite: (_table, outcome) => outcomes.push(outcome),
    });
    const decision = (i: number, o: Record<string, unknown> = {}) => ({
      id: `7f1c2d1e-0000-4000-8000-${String(i).padStart(12, '0')}`,
      at: new Date(),
      route: 'tech',
      mode: 'rollout' as const,
      answeredBy: 'sop' as const,
      reason: 'confident' as const,
      killSwitch: false,
      bucket: 7,
      percentage: 100,
      threshold: 0.75,
      fallback: false,
      escalated: false,
      sop: null,
      assistant: null,
      latencyMs: { reply: 1 },
      configVersion: 'v1',
      conversationId: null,
      ...o,
    });
    for (let i = 1; i <= 50; i++)
      log.record(decision(i, i === 7 ? { conversationId: 'conv\u0000evil' } : i === 9 ? { conversationId: 'half \ud83d' } : {}) as never);
    // A row the database refuses (a bucket no integer holds), with the customer's text beside it.
    log.record(decision(51, { bucket: 2 ** 40, conversationId: 'call me on 555-867-5309' }) as never);
    await log.flush();
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sop_decisions');
    expect(rows[0]!.n).toBe(50);
    expect(outcomes.filter((o) => o === 'written')).toHaveLength(50);
    expect(outcomes.filter((o) => o === 'failed')).toHaveLength(1);
    const stored = await t.db.query<{ conversation_id: string }>(
      `SELECT conversation_id FROM sop_decisions WHERE conversation_id IS NOT NULL ORDER BY conversation_id`,
    );
    expect(stored.rows.map((r) => r.conversation_id)).toEqual(['conv\ufffdevil', 'half \ufffd']);
    const failures = logger.entries.filter((e) => e.level === 'error');
    expect(failures.map((e) => e.args)).toEqual([
      [expect.objectContaining({ table: 'sop_decisions', decision: '7f1c2d1e-0000-4000-8000-000000000051' }), 'router log write failed'],
    ]);
    expect(JSON.stringify(logger.entries)).not.toContain('555-867-5309');
  });

  it('keeps the redacted message of a request answered below its threshold, and no text of a confident one', async () => {
    await t.db.query('DELETE FROM sop_decisions');
    const log = createDecisionLog({ db: t.db, similarity: async () => 0, log: captureLogger() });
    const decision = (i: number, confidence: number | null, error: string | null = null) => ({
      id: `8f1c2d1e-0000-4000-8000-${String(i).padStart(12, '0')}`,
      at: new Date(),
      route: 'brand',
      mode: 'rollout' as const,
      answeredBy: 'assistant' as const,
      reason: 'low_confidence' as const,
      killSwitch: false,
      bucket: 7,
      percentage: 100,
      threshold: 0.75,
      fallback: true,
      escalated: false,
      sop: { latencyMs: 2, confidence, error, tokens: 0, costUsd: 0 },
      assistant: null,
      latencyMs: { reply: 1 },
      configVersion: 'v1',
      conversationId: null,
      message: `is there parking out back? this is Priya, 555-867-5309 (${i})`,
    });
    log.record(decision(1, 0.3));
    log.record(decision(2, 0.9));
    log.record(decision(3, null, 'timed out'));
    await log.flush();
    const { rows } = await t.db.query<{ id: string; message: string | null }>('SELECT id, message FROM sop_decisions ORDER BY id');
    expect(rows.map((r) => r.message)).toEqual(['is there parking out back? this is [name], [phone] (1)', null, null]);
  });
});
