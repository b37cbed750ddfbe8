import type OpenAI from 'openai';
import type { Env } from '../config/index.ts';
import type { ObserveDependency } from '../dependency-timing.ts';
import { InputError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { createHttpAssistant } from './http.ts';
import { createRecordedAssistant } from './recorded.ts';
import { createResponsesAssistant } from './responses.ts';
import type { Assistant } from './types.ts';

type AssistantSettings = Pick<
  Env,
  | 'ASSISTANT'
  | 'ASSISTANT_VECTOR_STORE_ID'
  | 'ASSISTANT_MODEL'
  | 'ASSISTANT_INSTRUCTIONS'
  | 'ASSISTANT_TIMEOUT_MS'
  | 'ASSISTANT_HTTP_URL'
  | 'ASSISTANT_HTTP_TOKEN'
  | 'EVALS_DIR'
  | 'NODE_ENV'
>;

/**
 * The legacy control the settings ask for: ASSISTANT, else the Responses API when a vector store is
 * set (with an OpenAI client), a legacy endpoint when its URL is, else recorded replies. Production
 * refuses recorded replies: they replay eval cases and cannot answer customers.
 */
export function chooseAssistant(env: AssistantSettings, deps: { openai: OpenAI | null; observe: ObserveDependency; log: Logger }): Assistant {
  const { openai } = deps;
  const kind = env.ASSISTANT ?? (openai && env.ASSISTANT_VECTOR_STORE_ID ? 'responses' : env.ASSISTANT_HTTP_URL ? 'http' : 'recorded');
  if (env.NODE_ENV === 'production' && kind === 'recorded') {
    throw new InputError(
      'the recorded Assistant replays eval cases and cannot answer customers: set ASSISTANT=responses (with ASSISTANT_VECTOR_STORE_ID) or ASSISTANT=http (with ASSISTANT_HTTP_URL) when NODE_ENV=production',
    );
  }
  deps.log.info({ assistant: kind }, 'the Assistant (legacy control)');
  if (kind === 'responses') {
    if (!openai || !env.ASSISTANT_VECTOR_STORE_ID)
      throw new InputError("ASSISTANT=responses needs OPENAI_API_KEY and ASSISTANT_VECTOR_STORE_ID (the old Assistant's vector store)");
    return createResponsesAssistant({
      client: openai,
      model: env.ASSISTANT_MODEL,
      vectorStoreId: env.ASSISTANT_VECTOR_STORE_ID,
      instructions: env.ASSISTANT_INSTRUCTIONS,
      timeoutMs: env.ASSISTANT_TIMEOUT_MS,
    });
  }
  if (kind === 'http') {
    if (!env.ASSISTANT_HTTP_URL) throw new InputError('ASSISTANT=http needs ASSISTANT_HTTP_URL (the legacy endpoint to POST questions to)');
    return createHttpAssistant({ url: env.ASSISTANT_HTTP_URL, token: env.ASSISTANT_HTTP_TOKEN, timeoutMs: env.ASSISTANT_TIMEOUT_MS, observe: deps.observe });
  }
  return createRecordedAssistant({ dir: env.EVALS_DIR });
}
