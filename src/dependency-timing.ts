import { performance } from 'node:perf_hooks';

/**
 * How long outside systems take: the shape every capability reports calls in, and the histogram they
 * land in. Here, beside the logger, so `db/`, `assistant/`, `git/` and `router/` can report without
 * importing the HTTP layer; `http/metrics.ts` registers the histogram per service.
 */

export const DEPENDENCIES = ['database', 'openai', 'github', 'slack', 'assistant'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];
/** `error`: it threw, timed out, or answered with an HTTP status of 400 or more. */
export type DependencyOutcome = 'ok' | 'error';
export type DependencyCall = { dependency: Dependency; operation: string; outcome: DependencyOutcome; seconds: number };
/** Told about every call to an outside system once it ends; must not throw (a throw is swallowed). */
export type ObserveDependency = (call: DependencyCall) => void;

/** `sop_dependency_duration_seconds{dependency, operation, outcome}`: `operation` is a kind (`select`, `POST /repos/{owner}/{repo}/pulls`), never SQL text or ids. */
export const DEPENDENCY_DURATION = {
  name: 'sop_dependency_duration_seconds',
  help: 'Duration of calls to outside systems (database, OpenAI, GitHub, Slack, the legacy Assistant) by operation and outcome',
  labelNames: ['dependency', 'operation', 'outcome'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
};

/** Reports one call; metrics must never fail the work they measure. */
function report(observe: ObserveDependency | undefined, call: DependencyCall): void {
  if (!observe) return;
  try {
    observe(call);
  } catch {
    // a broken metric sink is not the caller's problem
  }
}

/**
 * Runs `fn` and reports its duration under `dependency` and `operation`; `failed` says whether a value
 * that did not throw is still a failure (an HTTP 5xx). The value or error passes through untouched.
 */
export async function timeDependency<T>(
  observe: ObserveDependency | undefined,
  dependency: Dependency,
  operation: string,
  fn: () => Promise<T>,
  failed: (value: T) => boolean = () => false,
): Promise<T> {
  if (!observe) return fn();
  const started = performance.now();
  try {
    const value = await fn();
    report(observe, { dependency, operation, outcome: failed(value) ? 'error' : 'ok', seconds: (performance.now() - started) / 1000 });
    return value;
  } catch (error) {
    report(observe, { dependency, operation, outcome: 'error', seconds: (performance.now() - started) / 1000 });
    throw error;
  }
}

/**
 * A `fetch` that reports every call, timed to the response's headers, as `operationOf(url, method)`.
 * For clients that take their own fetch (the `openai` client's `fetch` option).
 */
export function timedFetch(
  observe: ObserveDependency | undefined,
  dependency: Dependency,
  operationOf: (url: URL, method: string) => string,
  fetchImpl: typeof fetch = globalThis.fetch,
): typeof fetch {
  return (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase();
    return timeDependency(
      observe,
      dependency,
      operationOf(url, method),
      () => fetchImpl(input, init),
      (response) => response.status >= 400,
    );
  };
}

const OPENAI_ENDPOINTS = new Set([
  'embeddings',
  'chat.completions',
  'responses',
  'completions',
  'files',
  'vector_stores',
  'models',
  'threads',
  'assistants',
  'moderations',
]);

/** The OpenAI endpoint a URL calls (`embeddings`, `chat.completions`, `responses`...), never an id; `other` for the rest. */
export function openaiOperation(url: URL): string {
  const parts = url.pathname.split('/').filter((p) => p && p !== 'v1');
  const name = parts[0] === 'chat' ? 'chat.completions' : (parts[0] ?? '');
  return OPENAI_ENDPOINTS.has(name) ? name : 'other';
}
