import { timeDependency, type ObserveDependency } from '../dependency-timing.ts';
import { AssistantUnavailableError, type Assistant, type AssistantReply, type Usage } from './types.ts';

type Options = {
  /** The legacy endpoint; it takes `{ message, route, previousMessages }`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  timeoutMs: number;
  /** Told the duration of each call (`assistant` / `ask`), the response body included. */
  observe?: ObserveDependency;
};

/** Where the reply text may be, in order of preference. */
const TEXT_FIELDS = ['response', 'answer', 'text'] as const;

/**
 * The legacy control behind an existing HTTP endpoint: POSTs the question as JSON and reads the reply
 * from `response` (or `answer`, or `text`), and the token usage when the endpoint reports it.
 */
export function createHttpAssistant(options: Options): Assistant {
  return {
    name: 'http',
    ask: async (request) => {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
      let response: Response;
      let text: string;
      try {
        ({ response, text } = await timeDependency(
          options.observe,
          'assistant',
          'ask',
          async () => {
            const answered = await fetch(options.url, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                accept: 'application/json',
                ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
              },
              body: JSON.stringify({ message: request.message, route: request.route, previousMessages: request.previousMessages ?? [] }),
              signal,
            });
            return { response: answered, text: await answered.text() };
          },
          (r) => !r.response.ok,
        ));
      } catch (error) {
        if (request.signal?.aborted) throw new AssistantUnavailableError('timeout', 'the caller stopped waiting for the legacy assistant');
        if (signal.aborted) throw new AssistantUnavailableError('timeout', `legacy assistant did not answer within ${options.timeoutMs} ms`);
        throw new AssistantUnavailableError('failed', `legacy assistant could not be reached: ${reasonOf(error)}`);
      }
      if (!response.ok) throw new AssistantUnavailableError('failed', `legacy assistant answered ${response.status}`);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new AssistantUnavailableError('failed', 'legacy assistant answered a body that is not JSON');
      }
      return replyOf(body);
    },
  };
}

function replyOf(body: unknown): AssistantReply {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const found = TEXT_FIELDS.find((field) => typeof fields[field] === 'string');
  if (!found) throw new AssistantUnavailableError('failed', "legacy assistant's answer has no string field response, answer or text");
  const text = (fields[found] as string).trim();
  if (!text) throw new AssistantUnavailableError('failed', `legacy assistant's answer has an empty ${found}`);
  return { response: text, usage: usageOf(fields.usage) };
}

/** The endpoint's `usage`, when it is complete; it reports no tool calls, so they count as 0. */
function usageOf(value: unknown): Usage | null {
  if (typeof value !== 'object' || value === null) return null;
  const { model, input_tokens, output_tokens } = value as Record<string, unknown>;
  if (typeof model !== 'string' || !isCount(input_tokens) || !isCount(output_tokens)) return null;
  return { model, inputTokens: input_tokens, outputTokens: output_tokens, toolCalls: 0 };
}

/** fetch's own message is only "fetch failed"; the reason is in its cause. */
const reasonOf = (error: unknown): string =>
  error instanceof Error ? [error.message, error.cause instanceof Error ? error.cause.message : ''].filter(Boolean).join(': ') : String(error);

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
