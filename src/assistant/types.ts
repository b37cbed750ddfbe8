/** The legacy control the SOP module replaces: one interface, whichever system answers behind it. */

export type AssistantRequest = {
  message: string;
  /** The route the router chose, when it knows one. */
  route: string | null;
  /** Earlier messages of the conversation, oldest first. */
  previousMessages?: string[];
  /** Aborted when the router stops waiting. */
  signal?: AbortSignal;
};

/** Tokens the API reported for one answer; `toolCalls` counts billed tool calls such as file_search. */
export type Usage = { model: string; inputTokens: number; outputTokens: number; toolCalls: number };

/** The reply text, trimmed and never empty; `usage` is null when the source reports none (recorded replay). */
export type AssistantReply = { response: string; usage: Usage | null };

/** One way to reach the legacy control; `ask` rejects only with `AssistantUnavailableError`. */
export type Assistant = {
  readonly name: 'responses' | 'http' | 'recorded';
  ask(request: AssistantRequest): Promise<AssistantReply>;
};

/** The control could not answer: `no_recording` (replay has none), `timeout`, or `failed` (any other error). */
export class AssistantUnavailableError extends Error {
  constructor(
    readonly reason: 'no_recording' | 'timeout' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'AssistantUnavailableError';
  }
}
