import type OpenAI from 'openai';
import type { Logger } from '../logger.ts';
import { createLlmAnswerer } from './llm-answerer.ts';
import type { Answerer, Knowledge } from './types.ts';

/**
 * The answerer a deployment asks for: the LLM when `setting` is `llm`, or unset with an OpenAI client;
 * else none, and the SOP module answers extractively. The router stops waiting for the SOP module after
 * `sopTimeoutMs`: the LLM gives up 300 ms before that, so the extractive answer still arrives in time.
 */
export function chooseAnswerer(options: {
  setting: 'llm' | 'extractive' | undefined;
  client: OpenAI | null;
  model: string;
  sopTimeoutMs: number;
  knowledge: () => Knowledge;
  log: Logger;
}): Answerer | undefined {
  const { setting, client } = options;
  const useLlm = setting ? setting === 'llm' : client !== null;
  if (useLlm && client)
    return createLlmAnswerer({ client, model: options.model, knowledge: options.knowledge, budgetMs: Math.max(200, options.sopTimeoutMs - 300) });
  if (useLlm) options.log.warn('SOP_ANSWERER=llm needs OPENAI_API_KEY; answering with the extractive answerer');
  return undefined;
}
