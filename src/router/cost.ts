import type { Costs } from '../config/index.ts';
import type { TokenUsage } from '../answer/index.ts';

/** Tokens of one call, and the billed tool calls (file_search) that went with it. */
type Billed = TokenUsage & { toolCalls?: number };

/**
 * Estimated cost in USD of one call from the usage the API reported: tokens at the price of the longest
 * configured model name that starts the model id (`gpt-4o-mini-2024-07-18` is priced as `gpt-4o-mini`),
 * plus billed tool calls. An unpriced model costs 0 and is reported by `unpricedModel`.
 */
export function costOf(usage: Billed | null | undefined, costs: Costs): number {
  if (!usage) return 0;
  const price = priceOf(usage.model, costs);
  const tokens = price ? (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1e6 : 0;
  return tokens + ((usage.toolCalls ?? 0) * costs.file_search_per_1k_calls) / 1000;
}

export function unpricedModel(usage: Billed | null | undefined, costs: Costs): string | null {
  return usage && !priceOf(usage.model, costs) ? usage.model : null;
}

function priceOf(model: string, costs: Costs): { input: number; output: number } | undefined {
  const name = Object.keys(costs.per_million_tokens)
    .filter((n) => model === n || model.startsWith(`${n}-`))
    .sort((a, b) => b.length - a.length)[0];
  return name === undefined ? undefined : costs.per_million_tokens[name];
}
