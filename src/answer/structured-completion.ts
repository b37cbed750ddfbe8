import type OpenAI from 'openai';
import type { z } from 'zod';
import { toStrictJsonSchema } from './strict-json-schema.ts';
import type { TokenUsage } from './types.ts';
import { untilAborted } from '../deadline.ts';

type Options<T extends z.ZodType> = {
  client: OpenAI;
  model: string;
  /** The name of the shape, as the API sees it. */
  name: string;
  /** The shape of the reply: sent as a strict JSON schema, and what comes back is checked against it, never trusted. */
  schema: T;
  /** What the reply is called in errors: "reply", "items". */
  noun: string;
  system: string;
  user: string;
  /** The whole budget of the call, retries and their `retry-after` waits included. */
  budgetMs: number;
};

/** Each zod schema's JSON schema, derived once. */
const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();
const jsonSchemaOf = (schema: z.ZodType) => {
  let json = jsonSchemas.get(schema);
  if (!json) jsonSchemas.set(schema, (json = toStrictJsonSchema(schema)));
  return json;
};

/**
 * One chat completion under a strict JSON schema, its content parsed and validated, with the tokens
 * the API reported, within `budgetMs` whatever the API asks to wait. No content, no JSON, the wrong
 * shape or the budget running out throws with the reason, so the caller falls back or its job retries.
 */
export async function completeStructured<T extends z.ZodType>(options: Options<T>): Promise<{ value: z.output<T>; usage: TokenUsage | null }> {
  const deadline = AbortSignal.timeout(options.budgetMs);
  const pending = options.client.chat.completions.create(
    {
      model: options.model,
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { name: options.name, strict: true, schema: jsonSchemaOf(options.schema) } },
      messages: [
        { role: 'system', content: options.system },
        { role: 'user', content: options.user },
      ],
    },
    { signal: deadline },
  );
  let completion: Awaited<typeof pending>;
  try {
    completion = await untilAborted(pending, deadline);
  } catch (error) {
    if (deadline.aborted) throw new Error(`the model did not answer within ${options.budgetMs} ms`);
    throw error;
  }
  const content = completion.choices[0]?.message?.content;
  if (!content) throw new Error('the model returned no content');
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new Error('the model did not return JSON');
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const verb = options.noun.endsWith('s') ? 'do' : 'does';
    throw new Error(`the model's ${options.noun} ${verb} not match the schema: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const usage = completion.usage
    ? { model: completion.model, inputTokens: completion.usage.prompt_tokens, outputTokens: completion.usage.completion_tokens }
    : null;
  return { value: parsed.data, usage };
}
