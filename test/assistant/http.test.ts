import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssistantUnavailableError, createHttpAssistant, type Assistant } from '../../src/assistant/index.ts';

type Answer = { status?: number; body: string; delayMs?: number };
type Received = { headers: IncomingHttpHeaders; body: unknown };

/** A stand-in for the legacy endpoint: answers whatever `answer` says and keeps what it received. */
async function startLegacyEndpoint() {
  const received: Received[] = [];
  let answer: Answer = { body: JSON.stringify({ response: 'Hi' }) };
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const { status = 200, body, delayMs = 0 } = answer;
      if (delayMs) await sleep(delayMs);
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ask`,
    received,
    answer: (next: Answer) => void (answer = next),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function unavailable(promise: Promise<unknown>): Promise<AssistantUnavailableError> {
  const error = await promise.then(
    () => expect.unreachable('the assistant answered'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssistantUnavailableError);
  return error as AssistantUnavailableError;
}

describe('createHttpAssistant against a local endpoint', () => {
  let endpoint: Awaited<ReturnType<typeof startLegacyEndpoint>>;
  beforeEach(async () => void (endpoint = await startLegacyEndpoint()));
  afterEach(() => endpoint.close());

  const assistantFor = (options: { token?: string; timeoutMs?: number } = {}): Assistant =>
    createHttpAssistant({ url: endpoint.url, timeoutMs: 5000, ...options });

  it('POSTs the message, route and earlier messages as JSON with the bearer token', async () => {
    await assistantFor({ token: 'legacy-secret' }).ask({ message: 'still frozen', route: 'tech', previousMessages: ['bay 3 screen is frozen'] });
    expect(endpoint.received).toHaveLength(1);
    const [request] = endpoint.received;
    expect(request!.headers).toMatchObject({ authorization: 'Bearer legacy-secret', 'content-type': 'application/json' });
    expect(request!.body).toEqual({ message: 'still frozen', route: 'tech', previousMessages: ['bay 3 screen is frozen'] });
  });

  it('sends no authorization header without a token, and an empty history and null route as such', async () => {
    await assistantFor().ask({ message: 'hello', route: null });
    const [request] = endpoint.received;
    expect(request!.headers).not.toHaveProperty('authorization');
    expect(request!.body).toEqual({ message: 'hello', route: null, previousMessages: [] });
  });

  it.each([
    [{ response: 'from response' }, 'from response'],
    [{ answer: 'from answer' }, 'from answer'],
    [{ text: 'from text' }, 'from text'],
    [{ text: 'from text', answer: 'from answer' }, 'from answer'],
    [{ text: 'from text', answer: 'from answer', response: 'from response' }, 'from response'],
  ])('reads the reply from %j', async (body, expected) => {
    endpoint.answer({ body: JSON.stringify(body) });
    await expect(assistantFor().ask({ message: 'hello', route: null })).resolves.toEqual({ response: expected, usage: null });
  });

  it('reads the usage the endpoint reports; it reports no tool calls', async () => {
    endpoint.answer({ body: JSON.stringify({ response: 'Hi', usage: { model: 'gpt-4o', input_tokens: 812, output_tokens: 40 } }) });
    const reply = await assistantFor().ask({ message: 'hello', route: null });
    expect(reply.usage).toEqual({ model: 'gpt-4o', inputTokens: 812, outputTokens: 40, toolCalls: 0 });
  });

  it('leaves out a usage that is incomplete', async () => {
    endpoint.answer({ body: JSON.stringify({ response: 'Hi', usage: { model: 'gpt-4o', input_tokens: 812 } }) });
    await expect(assistantFor().ask({ message: 'hello', route: null })).resolves.toEqual({ response: 'Hi', usage: null });
  });

  it.each([
    [{ status: 503, body: JSON.stringify({ response: 'down for maintenance' }) }, 'legacy assistant answered 503'],
    [{ body: '<html>502 Bad Gateway</html>' }, 'legacy assistant answered a body that is not JSON'],
    [{ body: JSON.stringify({ reply: 'Hi' }) }, "legacy assistant's answer has no string field response, answer or text"],
    [{ body: JSON.stringify({ response: 42 }) }, "legacy assistant's answer has no string field response, answer or text"],
    [{ body: JSON.stringify(['Hi']) }, "legacy assistant's answer has no string field response, answer or text"],
    [{ body: JSON.stringify({ response: ' ' }) }, "legacy assistant's answer has an empty response"],
  ])('fails on %j', async (answer, message) => {
    endpoint.answer(answer);
    const error = await unavailable(assistantFor().ask({ message: 'hello', route: null }));
    expect(error).toMatchObject({ reason: 'failed', message });
  });

  it('times out soon after timeoutMs when the endpoint is slow', async () => {
    endpoint.answer({ body: JSON.stringify({ response: 'late' }), delayMs: 10_000 });
    const started = performance.now();
    const error = await unavailable(assistantFor({ timeoutMs: 300 }).ask({ message: 'hello', route: null }));
    expect(error).toMatchObject({ reason: 'timeout', message: 'legacy assistant did not answer within 300 ms' });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('stops waiting when the caller aborts', async () => {
    endpoint.answer({ body: JSON.stringify({ response: 'late' }), delayMs: 10_000 });
    const started = performance.now();
    const error = await unavailable(assistantFor().ask({ message: 'hello', route: null, signal: AbortSignal.timeout(100) }));
    expect(error).toMatchObject({ reason: 'timeout', message: 'the caller stopped waiting for the legacy assistant' });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('fails, not times out, when the endpoint cannot be reached', async () => {
    const gone = await startLegacyEndpoint();
    await gone.close();
    const error = await unavailable(createHttpAssistant({ url: gone.url, timeoutMs: 5000 }).ask({ message: 'hello', route: null }));
    expect(error).toMatchObject({ reason: 'failed', message: expect.stringMatching(/^legacy assistant could not be reached: fetch failed: .*ECONNREFUSED/) });
  });
});
