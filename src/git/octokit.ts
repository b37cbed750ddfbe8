import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { timeDependency, type ObserveDependency } from '../dependency-timing.ts';
import type { Logger } from '../logger.ts';

const RetryingOctokit = Octokit.plugin(retry, throttling);

/**
 * The GitHub client: server errors retried with back-off, primary and secondary rate limits waited
 * out (honouring `retry-after`) up to `retries` times, every request bounded by a timeout. With
 * `observe`, each request is timed as `github` / `METHOD /route/{template}`, its retries included.
 */
export function createOctokit(options: {
  token: string;
  baseUrl?: string;
  log: Logger;
  retries?: number;
  retryBaseMs?: number;
  timeoutMs?: number;
  observe?: ObserveDependency;
}): Octokit {
  const retries = options.retries ?? 3;
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    options.log.warn({ kind, retryAfter, method: request.method, url: request.url, retryCount }, 'GitHub rate limit');
    return retryCount < retries;
  };
  const octokit = new RetryingOctokit({
    auth: options.token,
    baseUrl: options.baseUrl ?? 'https://api.github.com',
    userAgent: 'sop-knowledge',
    // Octokit's own request log lines go through the service logger (JSON on stderr), not console.
    log: {
      debug: (message: string) => options.log.debug({ octokit: message }, 'GitHub request'),
      info: (message: string) => options.log.debug({ octokit: message }, 'GitHub request'),
      warn: (message: string) => options.log.warn({ octokit: message }, 'GitHub request'),
      error: (message: string) => options.log.warn({ octokit: message }, 'GitHub request failed'),
    },
    request: { timeout: options.timeoutMs ?? 15_000 },
    // 429 is the throttling plugin's to wait out (it honours retry-after); retrying it here as well
    // multiplied the requests a rate-limited client sends.
    retry: { retries, retryAfterBaseValue: options.retryBaseMs ?? 1000, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
  });
  const { observe } = options;
  // The route template (`/repos/{owner}/{repo}/pulls`), not the expanded URL: a label with a bound.
  if (observe)
    octokit.hook.wrap('request', (request, endpoint) => timeDependency(observe, 'github', `${endpoint.method} ${endpoint.url}`, async () => request(endpoint)));
  return octokit;
}
