import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSopModule, type Knowledge, type SopModule } from '../../src/answer/index.ts';
import { AssistantUnavailableError, createResponsesAssistant, type Assistant } from '../../src/assistant/index.ts';
import { effectiveRollout, parseRollout } from '../../src/config/index.ts';
import { createJobQueue, createWorker, type JobQueue, type Worker } from '../../src/db/index.ts';
import { createLocalPrHost } from '../../src/git/index.ts';
import { createExtractionJob, createLlmExtractor } from '../../src/extraction/index.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { createConversationStore, EXTRACT_JOB, parseEvent } from '../../src/openphone/index.ts';
import { bucketOf, createRouter, type DecisionRecord, type Escalation } from '../../src/router/index.ts';
import { repoKnowledge } from '../answer/knowledge.ts';
import { DATABASES, truncateAll, type TestDb } from '../db/databases.ts';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI, type RecordedRequest } from '../fakes/openai-server.ts';
import { captureLogger } from '../fakes/logger.ts';
import { makeSopsRepo } from '../git/sops-repo.ts';

// OpenAI failing under the clients src/main.ts builds (createRuntime: one client with OPENAI_TIMEOUT_MS
// and maxRetries 2), against the fake server. Every call must end, and within a bound we can name.

/** OPENAI_TIMEOUT_MS: each try of a chat completion. */
const TIMEOUT_MS = 300;
/** ASSISTANT_TIMEOUT_MS: the Responses Assistant's whole budget, its one retry included. */
const ASSISTANT_TIMEOUT_MS = 1500;
/** main.ts builds the client with maxRetries 2: three tries. */
const TRIES = 3;
/**
 * The longest a chat completion may take to fail: three tries of at most TIMEOUT_MS and the SDK's waits
 * between them (its back-off, 0.5 s then 1 s, or `retry-after: 1` twice: at most 2 s).
 */
const RETRIES_MS = TRIES * TIMEOUT_MS + 2000;
/** The extraction budget the test gives the LLM extractor (main.ts: 60 s), so a long retry-after ends the attempt here too. */
const EXTRACTION_BUDGET_MS = RETRIES_MS + 1000;
/**
 * The longest an extraction attempt may take: its budget, and the job's own work around it (claim, load the
 * conversation, record the failure), which on a busy CI machine has taken over a second.
 */
const BOUND_MS = EXTRACTION_BUDGET_MS + 3000;
const SLACK_MS = 500;
/** SHADOW_TIMEOUT_MS (default): the LLM answerer gives up 300 ms before the router stops waiting. */
const ANSWER_BUDGET_MS = 2000 - 300;

const SOLUTION = 'Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.';
const CONFIDENT = 'how do I cancel my booking';
const UNSURE = 'what is the capital of france';

/** The ways OpenAI fails: each makes all three tries of a chat completion fail, and no more. */
const FAULTS: [string, (fake: FakeOpenAI) => void, RegExp][] = [
  ['times out', (fake) => fake.delay(TIMEOUT_MS * 10), /^Request timed out\.$/],
  ['answers 500', (fake) => fake.failNext(TRIES, { status: 500 }), /^500 fake failure 500$/],
  ['answers 429 with retry-after: 1', (fake) => fake.failNext(TRIES, { status: 429, retryAfterSeconds: 1 }), /^429 fake failure 429$/],
];

const STILL_RUNNING = Symbol('still running');
/** The promise's value, or STILL_RUNNING once `ms` have passed; a later rejection is dropped (the test is over). */
function within<T>(ms: number, promise: Promise<T>): Promise<T | typeof STILL_RUNNING> {
  promise.catch(() => {});
  return Promise.race([promise, sleep(ms).then((): typeof STILL_RUNNING => STILL_RUNNING)]);
}

let knowledge: Knowledge;
/** The SOP module without an LLM: what the LLM answerer falls back to. */
let extractive: SopModule;
beforeAll(async () => {
  knowledge = await repoKnowledge();
  extractive = createSopModule({ knowledge, log: captureLogger() });
});

type OpenAIUnderTest = {
  fake: FakeOpenAI;
  runtime: Runtime;
  chatCalls(): RecordedRequest[];
  responseCalls(): RecordedRequest[];
  close(): Promise<void>;
};

/** A healthy fake OpenAI of the test's own, and the runtime main.ts builds over it. */
async function openAI(): Promise<OpenAIUnderTest> {
  const fake = await startFakeOpenAI({
    // A grounded extraction, and an answer citing the first section given: what a healthy OpenAI says.
    chat: (body: ChatRequest) =>
      body.response_format?.json_schema?.name === 'knowledge_items'
        ? JSON.stringify({
            items: [
              {
                problem: 'Ball not registering from the left side of the mat',
                questions: [],
                solution: SOLUTION,
                steps: [],
                confidence: 0.9,
                evidence: `Staff: ${SOLUTION}`,
              },
            ],
          })
        : JSON.stringify({
            response: 'Use the Manage booking link in your confirmation email.',
            steps: [],
            used_sources: [(JSON.parse(body.messages[1]!.content) as { sop_sections: { id: string }[] }).sop_sections[0]!.id],
            needs_human: false,
            reason: '',
          }),
    responses: () => 'Thanks! Please try restarting the simulator.',
  });
  return {
    fake,
    runtime: createRuntime({
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: fake.url,
      OPENAI_TIMEOUT_MS: String(TIMEOUT_MS),
      SOP_ANSWERER: 'llm',
    }),
    chatCalls: () => fake.requests.filter((r) => r.path === '/v1/chat/completions'),
    responseCalls: () => fake.requests.filter((r) => r.path === '/v1/responses'),
    close: () => fake.close(),
  };
}

describe.each(DATABASES)('(a) LLM extraction on $name while OpenAI fails', ({ open }) => {
  const T0 = Date.parse('2026-11-25T12:00:00Z');
  let t: TestDb;
  let ai: OpenAIUnderTest;
  let repo: string;
  let clock: number;
  let queue: JobQueue;
  let worker: Worker;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());
  beforeEach(async () => {
    await truncateAll(t.db);
    ai = await openAI();
    repo = mkdtempSync(join(tmpdir(), 'sop-faults-repo-'));
    makeSopsRepo(repo);
    clock = T0;
    // The queue's clock is the test's: a failed job is due again exactly when the test moves it on.
    queue = createJobQueue({ db: t.db, now: () => new Date(clock), random: () => 0.5, baseBackoffMs: 1000 });
    const host = createLocalPrHost({ repo, now: () => new Date(T0) });
    // As main.ts composes it: the LLM extractor over the runtime's OpenAI client.
    const llm = createLlmExtractor({ client: ai.runtime.openai!, model: 'gpt-4o-mini', budgetMs: EXTRACTION_BUDGET_MS });
    worker = createWorker({
      queue,
      handlers: { [EXTRACT_JOB]: createExtractionJob({ db: t.db, knowledge: () => knowledge, host, llm, now: () => new Date(T0), log: captureLogger() }) },
      log: captureLogger(),
    });
    return async () => {
      await ai.close();
      rmSync(repo, { recursive: true, force: true });
    };
  });

  const queueExtraction = async () => {
    const store = createConversationStore({ db: t.db, queue, windowMs: 86_400_000, quietMs: 0 });
    const turns = [
      ['incoming', 'hi, the ball is not registering when we hit from the left side of the mat'],
      ['outgoing', SOLUTION],
      ['incoming', 'that worked, thanks!'],
    ] as const;
    for (const [i, [direction, text]] of turns.entries()) {
      const [from, to] = direction === 'incoming' ? ['+15551230000', '+15550009999'] : ['+15550009999', '+15551230000'];
      await store.ingest(
        parseEvent(
          {
            id: `EV-${i}`,
            type: direction === 'incoming' ? 'message.received' : 'message.delivered',
            data: {
              object: { id: `AC-${i}`, conversationId: 'CN-ai', from, to, direction, text, createdAt: new Date(Date.UTC(2026, 10, 20, 18, i)).toISOString() },
            },
          },
          null,
        ),
      );
    }
    expect(await store.enqueueQuiet(new Date(clock))).toBe(1);
  };
  const extracted = async () => (await t.db.query<{ status: string; problem: string }>('SELECT status, problem FROM extracted_knowledge')).rows;
  const processed = async () => (await t.db.query<{ processed: boolean }>('SELECT processed FROM openphone_conversations')).rows[0]?.processed;
  const branches = () => git('for-each-ref', '--format=%(refname:short)', 'refs/heads/knowledge/');

  it.each(FAULTS)(
    'OpenAI %s: three tries, then the job waits for a retry (no offline fallback), and extracts once OpenAI is back',
    async (_name, inject, error) => {
      inject(ai.fake);
      await queueExtraction();
      const started = performance.now();
      expect(await worker.drain()).toBe(1);
      const took = performance.now() - started;

      expect(ai.chatCalls()).toHaveLength(TRIES);
      expect(took).toBeLessThan(BOUND_MS);
      expect(await queue.list()).toEqual([
        expect.objectContaining({ kind: EXTRACT_JOB, state: 'queued', attempts: 1, lastError: expect.stringMatching(error) }),
      ]);
      // Nothing extracted the offline way, nothing proposed: the conversation waits whole for the retry.
      expect(await extracted()).toEqual([]);
      expect(await processed()).toBe(false);
      expect(branches()).toBe('');

      // OpenAI is back; the retry is due after the queue's back-off (1 s on the queue's clock).
      ai.fake.delay(0);
      expect(await worker.drain()).toBe(0);
      clock += 1000;
      expect(await worker.drain()).toBe(1);
      expect(ai.chatCalls()).toHaveLength(TRIES + 1);
      expect(await queue.list()).toEqual([expect.objectContaining({ state: 'done', attempts: 2 })]);
      expect(await extracted()).toEqual([{ status: 'proposed', problem: 'Ball not registering from the left side of the mat' }]);
      expect(await processed()).toBe(true);
      expect(git('diff', `main...${branches()}`)).toContain(`+${SOLUTION}`);
    },
  );

  it('a 429 asking to retry after 30 s does not hold the worker: the attempt ends within the bound and the job is retried later', async () => {
    ai.fake.failNext(TRIES, { status: 429, retryAfterSeconds: 30 });
    await queueExtraction();
    const started = performance.now();
    const ran = await within(BOUND_MS, worker.drain());
    expect(ran, `the extraction attempt was still running after ${BOUND_MS} ms, with ${ai.chatCalls().length} request(s) sent`).toBe(1);
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(await queue.list()).toEqual([
      expect.objectContaining({ state: 'queued', attempts: 1, lastError: `the model did not answer within ${EXTRACTION_BUDGET_MS} ms` }),
    ]);
  });
});

// (b) and (c) only wait on sockets and timers, each test on a fake of its own: they run side by side.
describe.concurrent('(b) answering with the LLM answerer (runtime.createModule) while OpenAI fails', () => {
  it('answers with the model when OpenAI is healthy (so the fault cases below really go through the LLM)', async ({ expect, onTestFinished }) => {
    const ai = await openAI();
    onTestFinished(() => ai.close());
    const answer = await ai.runtime.createModule(knowledge).processWithContext(CONFIDENT);
    expect(answer.structured.answerer).toBe('llm');
    expect(answer.response).toBe('Use the Manage booking link in your confirmation email.');
    expect(ai.chatCalls()).toHaveLength(1);
  });

  it.for(FAULTS)(
    'OpenAI %s: at most three tries, then the extractive answer, before the router stops waiting',
    async ([, inject], { expect, onTestFinished }) => {
      const ai = await openAI();
      onTestFinished(() => ai.close());
      inject(ai.fake);
      const module = ai.runtime.createModule(knowledge);
      const started = performance.now();
      const answer = await module.processWithContext(CONFIDENT);
      const took = performance.now() - started;

      expect(answer.structured.answerer).toBe('extractive');
      expect(answer).toEqual(await extractive.processWithContext(CONFIDENT));
      expect(answer.structured.escalation.required).toBe(false);
      expect(ai.chatCalls().length).toBeGreaterThanOrEqual(1);
      expect(ai.chatCalls().length).toBeLessThanOrEqual(TRIES);
      expect(took).toBeLessThan(ANSWER_BUDGET_MS + SLACK_MS);
    },
  );

  it('a 429 asking to retry after 30 s does not hold the answer: the extractive answer comes within the bound', async ({ expect, onTestFinished }) => {
    const ai = await openAI();
    onTestFinished(() => ai.close());
    ai.fake.failNext(TRIES, { status: 429, retryAfterSeconds: 30 });
    const answer = await within(BOUND_MS, ai.runtime.createModule(knowledge).processWithContext(CONFIDENT));
    expect(answer, `no answer after ${BOUND_MS} ms, with ${ai.chatCalls().length} request(s) sent`).not.toBe(STILL_RUNNING);
    expect(answer).toEqual(await extractive.processWithContext(CONFIDENT));
  });
});

describe.concurrent('(c) the Responses-API Assistant, and the router, while OpenAI fails', () => {
  /** The control as main.ts builds it: the runtime's client, ASSISTANT_TIMEOUT_MS for the whole answer. */
  const assistantOf = (ai: OpenAIUnderTest): Assistant =>
    createResponsesAssistant({ client: ai.runtime.openai!, model: 'gpt-4o-mini', vectorStoreId: 'vs_legacy', timeoutMs: ASSISTANT_TIMEOUT_MS });
  const timedOut = `the Responses API did not answer within ${ASSISTANT_TIMEOUT_MS} ms`;

  /** Failure, the Assistant's error reason and message, and how many requests it may send (its one retry). */
  const ASSISTANT_FAULTS: [string, (fake: FakeOpenAI) => void, { reason: string; message: string | RegExp }, number][] = [
    ['times out', (f) => f.delay(ASSISTANT_TIMEOUT_MS * 10), { reason: 'timeout', message: timedOut }, 1],
    ['answers 500', (f) => f.failNext(9, { status: 500 }), { reason: 'failed', message: /^the Responses API answered 500 / }, 2],
    [
      'answers 429 with retry-after: 1',
      (f) => f.failNext(9, { status: 429, retryAfterSeconds: 1 }),
      { reason: 'failed', message: /^the Responses API answered 429 / },
      2,
    ],
    ['answers 429 with retry-after: 30', (f) => f.failNext(9, { status: 429, retryAfterSeconds: 30 }), { reason: 'timeout', message: timedOut }, 1],
  ];
  const matching = (message: string | RegExp) => (typeof message === 'string' ? message : expect.stringMatching(message));

  it.for(ASSISTANT_FAULTS)(
    'OpenAI %s: the Assistant rejects within its timeout, after at most one retry',
    async ([, inject, expected, requests], { expect, onTestFinished }) => {
      const ai = await openAI();
      onTestFinished(() => ai.close());
      inject(ai.fake);
      const started = performance.now();
      const error = await assistantOf(ai)
        .ask({ message: 'the screen froze', route: 'tech' })
        .then(
          () => expect.unreachable('the Assistant answered'),
          (e: unknown) => e,
        );
      const took = performance.now() - started;
      expect(error).toBeInstanceOf(AssistantUnavailableError);
      expect(error).toMatchObject({ reason: expected.reason, message: matching(expected.message) });
      expect(ai.responseCalls()).toHaveLength(requests);
      expect(took).toBeLessThan(ASSISTANT_TIMEOUT_MS + SLACK_MS);
    },
  );

  /** Every route in rollout at 100 %: each customer is in the rollout. */
  const rolloutAll = () => {
    const routes = [...knowledge.routes.keys()];
    const text = `defaults:
  mode: rollout
  percentage: 100
  confidence_threshold: 0.75
  gates: { min_confident_correct: 0.8, min_precision: 0.95, max_false_answer_rate: 0.05, max_p95_latency_ms: 1000, max_regression_points: 2 }
routes: {}
costs:
  baseline_monthly_usd: 750
  per_million_tokens: { gpt-4o-mini: { input: 0.15, output: 0.6 } }
  file_search_per_1k_calls: 2.5
`;
    return effectiveRollout(parseRollout(text, 'rollout.yaml', routes), {}, routes);
  };

  /** The router as main.ts builds it, over the runtime's SOP module (LLM answerer) and the Responses Assistant. */
  const routerOf = (ai: OpenAIUnderTest, sopTimeoutMs: number) => {
    const records: DecisionRecord[] = [];
    const escalations: Escalation[] = [];
    const module = ai.runtime.createModule(knowledge);
    const config = rolloutAll();
    const router = createRouter({
      answering: () => ({ module, knowledge }),
      assistant: assistantOf(ai),
      rollout: () => config,
      record: (d) => records.push(d),
      compare: () => {},
      escalate: (e) => void escalations.push(e),
      sopTimeoutMs,
      log: captureLogger(),
    });
    return { router, records, escalations };
  };

  it.for(ASSISTANT_FAULTS)(
    'OpenAI %s: a customer in rollout whose SOP answer is unsure is handed over, not kept waiting',
    async ([, inject, expected, requests], { expect, onTestFinished }) => {
      const ai = await openAI();
      onTestFinished(() => ai.close());
      inject(ai.fake);
      const { router, records, escalations } = routerOf(ai, 2000);
      const stickyKey = '+15551230001';
      const started = performance.now();
      const reply = await router.ask({ message: UNSURE, route: 'tech', stickyKey });
      const took = performance.now() - started;

      expect(reply).toMatchObject({
        answeredBy: 'escalation',
        response: knowledge.routes.get('tech')!.escalation,
        structured: null,
        decision: { route: 'tech', mode: 'rollout', reason: 'assistant_unavailable', escalated: true, fallback: false, bucket: bucketOf('tech', stickyKey) },
      });
      expect(reply.confidence).toBeLessThan(0.75);
      expect(took).toBeLessThan(ASSISTANT_TIMEOUT_MS + SLACK_MS);
      expect(escalations).toEqual([expect.objectContaining({ route: 'tech', reason: 'assistant unavailable', message: UNSURE })]);
      // The SOP side never asked the model (nothing confident to ground it in); the Assistant tried at most twice.
      expect(ai.chatCalls()).toEqual([]);
      expect(ai.responseCalls()).toHaveLength(requests);
      await router.drain();
      expect(records).toHaveLength(1);
      expect(records[0]!.assistant?.error).toEqual(matching(expected.message));
    },
  );

  it('OpenAI times out: a customer in rollout asking what an SOP covers gets the extractive SOP answer when the router waits long enough', async ({
    expect,
    onTestFinished,
  }) => {
    const ai = await openAI();
    onTestFinished(() => ai.close());
    ai.fake.delay(TIMEOUT_MS * 10);
    const { router } = routerOf(ai, BOUND_MS);
    const started = performance.now();
    const reply = await router.ask({ message: CONFIDENT, route: 'booking', stickyKey: '+15551230002' });
    expect(reply).toMatchObject({ answeredBy: 'sop', decision: { reason: 'confident', escalated: false }, structured: { answerer: 'extractive' } });
    expect(reply.response).toBe((await extractive.processWithContext(CONFIDENT, 'booking')).response);
    expect(performance.now() - started).toBeLessThan(ANSWER_BUDGET_MS + SLACK_MS);
    expect(ai.chatCalls().length).toBeLessThanOrEqual(TRIES);
    expect(ai.responseCalls()).toEqual([]);
    await router.drain();
  });
});
