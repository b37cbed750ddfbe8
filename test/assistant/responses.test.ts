import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssistantUnavailableError, createResponsesAssistant, type Assistant } from '../../src/assistant/index.ts';
import { startFakeOpenAI, type FakeOpenAI, type ResponsesRequest } from '../fakes/openai-server.ts';

const MODEL = 'gpt-fake-mini';
const VECTOR_STORE = 'vs_clubos_legacy';
const INSTRUCTIONS = 'You answer ClubOS customers by text message.';
const REPLY = 'Press the reset button on the TrackMan unit and wait a minute.';

/** The error `promise` rejects with, checked to be the adapter's. */
async function unavailable(promise: Promise<unknown>): Promise<AssistantUnavailableError> {
  const error = await promise.then(
    () => expect.unreachable('the assistant answered'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssistantUnavailableError);
  return error as AssistantUnavailableError;
}

describe('createResponsesAssistant through the real SDK against the fake server', () => {
  let fake: FakeOpenAI;
  beforeEach(async () => void (fake = await startFakeOpenAI({ responses: () => REPLY })));
  afterEach(() => fake.close());

  const responseCalls = () => fake.requests.filter((r) => r.path === '/v1/responses');
  // The client keeps its default of 2 retries: the adapter has to bound them per request.
  const assistantFor = (overrides: Partial<Parameters<typeof createResponsesAssistant>[0]> = {}): Assistant =>
    createResponsesAssistant({
      client: new OpenAI({ apiKey: 'test', baseURL: fake.url }),
      model: MODEL,
      vectorStoreId: VECTOR_STORE,
      instructions: INSTRUCTIONS,
      timeoutMs: 5000,
      ...overrides,
    });

  it('asks the model with file_search over the vector store, earlier messages as prior user turns', async () => {
    const reply = await assistantFor().ask({
      message: 'still frozen',
      route: 'tech',
      previousMessages: ['the screen in bay 3 is frozen', 'I tried turning it off'],
    });

    expect(responseCalls()).toHaveLength(1);
    expect(responseCalls()[0]!.body).toEqual({
      model: MODEL,
      instructions: INSTRUCTIONS,
      input: [
        { role: 'user', content: 'the screen in bay 3 is frozen' },
        { role: 'user', content: 'I tried turning it off' },
        { role: 'user', content: 'still frozen' },
      ],
      tools: [{ type: 'file_search', vector_store_ids: [VECTOR_STORE] }],
      store: false,
    });
    // The fake counts words: 7 of instructions and 7 + 5 + 2 of input; 12 of reply; one file_search_call.
    expect(reply).toEqual({ response: REPLY, usage: { model: MODEL, inputTokens: 21, outputTokens: 12, toolCalls: 1 } });
  });

  it('sends the message alone, and no instructions, when there is no history and none are configured', async () => {
    await assistantFor({ instructions: undefined }).ask({ message: 'what is the wifi password', route: null });
    const body = responseCalls()[0]!.body as ResponsesRequest;
    expect(body.input).toEqual([{ role: 'user', content: 'what is the wifi password' }]);
    expect(body).not.toHaveProperty('instructions');
  });

  it('retries a 500 once and then answers', async () => {
    fake.failNext(1, { status: 500 });
    const reply = await assistantFor().ask({ message: 'the ball is not registering', route: 'tech' });
    expect(reply.response).toBe(REPLY);
    expect(responseCalls().map((r) => r.status)).toEqual([500, 200]);
  });

  it('fails after one retry when the API keeps answering 500', async () => {
    fake.failNext(5, { status: 500 });
    const error = await unavailable(assistantFor().ask({ message: 'the ball is not registering', route: 'tech' }));
    expect(error.reason).toBe('failed');
    expect(error.message).toMatch(/answered 500/);
    expect(responseCalls().map((r) => r.status)).toEqual([500, 500]);
  });

  it('fails without a retry on a 400', async () => {
    fake.failNext(1, { status: 400 });
    const error = await unavailable(assistantFor().ask({ message: 'hello', route: null }));
    expect(error).toMatchObject({ reason: 'failed', message: expect.stringMatching(/answered 400/) });
    expect(responseCalls()).toHaveLength(1);
  });

  it('times out soon after timeoutMs when the API is slow', async () => {
    fake.delay(10_000);
    const started = performance.now();
    const error = await unavailable(assistantFor({ timeoutMs: 300 }).ask({ message: 'is the bay frozen', route: 'tech' }));
    expect(error).toMatchObject({ reason: 'timeout', message: 'the Responses API did not answer within 300 ms' });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('keeps to timeoutMs although a 429 asks to retry after 30 seconds', async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 30 });
    const started = performance.now();
    const error = await unavailable(assistantFor({ timeoutMs: 300 }).ask({ message: 'is the bay frozen', route: 'tech' }));
    expect(error.reason).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(3000);
    expect(responseCalls().map((r) => r.status)).toEqual([429]);
  });

  it('stops waiting when the caller aborts', async () => {
    fake.delay(10_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await unavailable(assistantFor().ask({ message: 'is the bay frozen', route: 'tech', signal: controller.signal }));
    expect(error).toMatchObject({ reason: 'timeout', message: 'the caller stopped waiting for the Responses API' });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('fails when the response has no text', async () => {
    fake.setResponses(() => '  ');
    const error = await unavailable(assistantFor().ask({ message: 'hello', route: null }));
    expect(error).toMatchObject({ reason: 'failed', message: 'the Responses API answered no text' });
  });

  it('fails on an incomplete response rather than send a cut-off reply', async () => {
    fake.setResponses(() => ({ text: 'Press the reset', incomplete: 'content_filter' }));
    const error = await unavailable(assistantFor().ask({ message: 'hello', route: null }));
    expect(error).toMatchObject({ reason: 'failed', message: 'the Responses API answered with status incomplete (content_filter)' });
  });

  it('fails, not times out, when the API cannot be reached', async () => {
    const gone = await startFakeOpenAI();
    await gone.close();
    const error = await unavailable(assistantFor({ client: new OpenAI({ apiKey: 'test', baseURL: gone.url }) }).ask({ message: 'hello', route: null }));
    expect(error).toMatchObject({ reason: 'failed', message: expect.stringMatching(/could not be reached/) });
  });
});
