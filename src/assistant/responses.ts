import type OpenAI from 'openai';
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { untilAborted } from '../deadline.ts';
import { AssistantUnavailableError, type Assistant, type AssistantReply, type AssistantRequest, type Usage } from './types.ts';

type Options = {
  client: OpenAI;
  model: string;
  /** The vector store holding the documents the old Assistant searched. */
  vectorStoreId: string;
  instructions?: string;
  /** The whole budget of one answer, the one retry included. */
  timeoutMs: number;
};

/**
 * The legacy control on the OpenAI Responses API: the model with `file_search` over the old
 * Assistant's vector store. At most one retry, and never longer than `timeoutMs` in all.
 */
export function createResponsesAssistant(options: Options): Assistant {
  return {
    name: 'responses',
    ask: async (request) => {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
      try {
        const pending = options.client.responses.create(
          {
            model: options.model,
            instructions: options.instructions,
            input: inputOf(request),
            tools: [{ type: 'file_search', vector_store_ids: [options.vectorStoreId] }],
            // Nothing refers back to a stored response, and customer messages should not be kept.
            store: false,
          },
          { timeout: options.timeoutMs, signal, maxRetries: 1 },
        );
        return replyOf(await untilAborted(pending, signal));
      } catch (error) {
        throw unavailable(error, signal, request.signal, options.timeoutMs);
      }
    },
  };
}

/** Earlier messages of the conversation as prior user turns, then the message to answer. */
function inputOf(request: AssistantRequest): OpenAI.Responses.ResponseInput {
  return [...(request.previousMessages ?? []), request.message].map((content) => ({ role: 'user', content }));
}

function replyOf(response: OpenAI.Responses.Response): AssistantReply {
  if (response.status && response.status !== 'completed') {
    const why = response.incomplete_details?.reason ?? response.error?.message;
    throw new AssistantUnavailableError('failed', `the Responses API answered with status ${response.status}${why ? ` (${why})` : ''}`);
  }
  const text = response.output_text.trim();
  if (!text) throw new AssistantUnavailableError('failed', 'the Responses API answered no text');
  const usage: Usage | null = response.usage
    ? {
        model: response.model,
        inputTokens: response.usage.input_tokens,
        outputTokens: response.usage.output_tokens,
        toolCalls: response.output.filter((item) => item.type === 'file_search_call').length,
      }
    : null;
  return { response: text, usage };
}

function unavailable(error: unknown, signal: AbortSignal, callerSignal: AbortSignal | undefined, timeoutMs: number): AssistantUnavailableError {
  if (error instanceof AssistantUnavailableError) return error;
  if (callerSignal?.aborted) return new AssistantUnavailableError('timeout', 'the caller stopped waiting for the Responses API');
  if (signal.aborted || error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
    return new AssistantUnavailableError('timeout', `the Responses API did not answer within ${timeoutMs} ms`);
  }
  if (error instanceof APIError && error.status) return new AssistantUnavailableError('failed', `the Responses API answered ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  return new AssistantUnavailableError('failed', `the Responses API could not be reached: ${message}`);
}
