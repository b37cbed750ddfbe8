import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A parsed `POST /v1/chat/completions` body, as much of it as the handlers look at. */
export type ChatRequest = {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
  [key: string]: unknown;
};

/** Produces the assistant message content of a chat completion from the request. */
export type ChatHandler = (body: ChatRequest) => string;

/** A parsed `POST /v1/responses` body, as much of it as the handlers look at. */
export type ResponsesRequest = {
  model: string;
  instructions?: string;
  input: string | { role: string; content: string }[];
  tools?: { type: string; vector_store_ids?: string[] }[];
  [key: string]: unknown;
};

/** The reply text of a response; with `incomplete`, the response stops early for that reason. */
export type ResponsesHandler = (body: ResponsesRequest) => string | { text: string; incomplete: 'max_output_tokens' | 'content_filter' };

export type Fault = { status: number; retryAfterSeconds?: number };

export type FakeOpenAIOptions = {
  /** Content of every chat completion; a missing handler makes chat requests fail with 500. */
  chat?: ChatHandler;
  /** Text of every response (`/v1/responses`); a missing handler makes those requests fail with 500. */
  responses?: ResponsesHandler;
  /** Size of embeddings when a request names no `dimensions`. */
  dimensions?: number;
  /** Answer embeddings in reverse order (with correct `index` fields), as the API is allowed to. */
  reverseEmbeddings?: boolean;
  /** Faults and delay from the start; `failNext` and `delay` change them later. */
  failNext?: Fault & { count: number };
  delayMs?: number;
};

/** `status` is what the fake answered (0 while the request is still being handled). */
export type RecordedRequest = { path: string; body: unknown; status: number };

export type FakeOpenAI = {
  /** Base URL for `new OpenAI({ baseURL })`, ending in `/v1`. */
  url: string;
  requests: RecordedRequest[];
  /** The next `count` requests (any endpoint) answer `fault.status` with an OpenAI-style error body. */
  failNext(count: number, fault: Fault): void;
  /** Every request waits this long before it is answered (0: no delay). */
  delay(ms: number): void;
  setChat(handler: ChatHandler): void;
  setResponses(handler: ResponsesHandler): void;
  close(): Promise<void>;
};

/** A deterministic hashed bag of words (not normalised, so a client has to do it), never all zero. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of [...(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []), '\u0000bias']) {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    vector[(h >>> 0) % dimensions]! += 1 + ((h >>> 16) & 0xff) / 255;
  }
  return vector;
}

/** Little-endian float32, base64: what the API answers for `encoding_format: "base64"`. */
function toBase64(vector: number[]): string {
  const view = new DataView(new ArrayBuffer(vector.length * 4));
  vector.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return Buffer.from(view.buffer).toString('base64');
}

const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/**
 * A Response object as the API answers it: a `file_search_call` item when the request offers the
 * tool, then the assistant message. Token counts are word counts, so tests can predict them.
 */
function responseObject(id: string, body: ResponsesRequest, reply: ReturnType<ResponsesHandler>): Record<string, unknown> {
  const { text, incomplete } = typeof reply === 'string' ? { text: reply, incomplete: null } : reply;
  const turns = typeof body.input === 'string' ? [body.input] : body.input.map((item) => item.content);
  const searches = (body.tools ?? []).some((tool) => tool.type === 'file_search');
  const output = [
    ...(searches ? [{ type: 'file_search_call', id: `fs_${id}`, status: 'completed', queries: turns.slice(-1), results: null }] : []),
    {
      type: 'message',
      id: `msg_${id}`,
      role: 'assistant',
      status: incomplete ? 'incomplete' : 'completed',
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    },
  ];
  const inputTokens = countWords([body.instructions ?? '', ...turns].join(' '));
  const outputTokens = countWords(text);
  const now = Math.floor(Date.now() / 1000);
  return {
    id: `resp_${id}`,
    object: 'response',
    created_at: now,
    status: incomplete ? 'incomplete' : 'completed',
    completed_at: incomplete ? null : now,
    background: false,
    error: null,
    incomplete_details: incomplete ? { reason: incomplete } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: null,
    metadata: {},
    model: body.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: body.store ?? true,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: body.tools ?? [],
    top_p: 1,
    truncation: 'disabled',
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    },
    user: null,
  };
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = Array.from({ length: options.failNext?.count ?? 0 }, () => options.failNext!);
  let delayMs = options.delayMs ?? 0;
  let chat = options.chat;
  let responses = options.responses;

  const route = (path: string, body: Record<string, unknown>): { status: number; json: unknown; headers?: Record<string, string> } => {
    const fault = faults.shift();
    if (fault) {
      const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      return { status: fault.status, headers, json: { error: { message: `fake failure ${fault.status}`, type: 'fake_error', code: null } } };
    }
    if (path === '/v1/embeddings') {
      const input = Array.isArray(body.input) ? body.input.map(String) : [String(body.input)];
      const dimensions = typeof body.dimensions === 'number' ? body.dimensions : (options.dimensions ?? 1536);
      const format = body.encoding_format ?? 'float';
      if (format !== 'float' && format !== 'base64')
        return { status: 400, json: { error: { message: `bad encoding_format ${String(format)}`, type: 'invalid_request_error' } } };
      const data = input.map((text, index) => {
        const vector = fakeEmbedding(text, dimensions);
        return { object: 'embedding', index, embedding: format === 'base64' ? toBase64(vector) : vector };
      });
      if (options.reverseEmbeddings) data.reverse();
      return { status: 200, json: { object: 'list', model: body.model, data, usage: { prompt_tokens: 0, total_tokens: 0 } } };
    }
    if (path === '/v1/chat/completions') {
      if (!chat) return { status: 500, json: { error: { message: 'no chat handler configured', type: 'server_error' } } };
      const content = chat(body as ChatRequest);
      const choice = { index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null };
      // Words stand in for tokens, so tests can predict the usage.
      const promptTokens = countWords((body as ChatRequest).messages.map((m) => m.content).join(' '));
      const completionTokens = countWords(content);
      const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
      return {
        status: 200,
        json: {
          id: `chatcmpl-fake-${requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [choice],
          usage,
        },
      };
    }
    if (path === '/v1/responses') {
      if (!responses) return { status: 500, json: { error: { message: 'no responses handler configured', type: 'server_error' } } };
      const request = body as ResponsesRequest;
      return { status: 200, json: responseObject(`fake${requests.length}`, request, responses(request)) };
    }
    return { status: 404, json: { error: { message: `no route ${path}`, type: 'invalid_request_error' } } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const recorded: RecordedRequest = { path, body, status: 0 };
    requests.push(recorded);
    const answer = req.method === 'POST' ? route(path, body) : { status: 405, json: { error: { message: 'POST only' } } };
    recorded.status = answer.status;
    if (delayMs) await sleep(delayMs);
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.json));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: error instanceof Error ? error.message : String(error), type: 'fake_crash' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    failNext: (count, fault) => faults.push(...Array.from({ length: count }, () => fault)),
    delay: (ms) => void (delayMs = ms),
    setChat: (handler) => void (chat = handler),
    setResponses: (handler) => void (responses = handler),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
