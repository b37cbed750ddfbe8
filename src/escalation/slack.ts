import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import { redact } from '../privacy/index.ts';
import { timeDependency, type ObserveDependency } from '../dependency-timing.ts';
import type { Logger } from '../logger.ts';
import type { Escalation } from '../router/index.ts';

/** `unconfigured`: no webhook URL, nothing was sent. */
export type NotifyOutcome = 'posted' | 'failed' | 'unconfigured';

/** A Slack message: `text` is what notifications show, `blocks` what the channel shows. */
export type SlackMessage = { text: string; blocks: unknown[] };

export type SlackNotifier = {
  notify(escalation: Escalation): Promise<NotifyOutcome>;
  /** Posts any other message (a digest), with the same retries; `what` names it in the log. */
  post(message: SlackMessage, what: string): Promise<NotifyOutcome>;
};

export type SlackNotifierOptions = {
  /** The incoming-webhook URL (SLACK_WEBHOOK_URL); without it escalations are only counted. */
  url?: string;
  log: Logger;
  /** Bound on each attempt, the response body included. */
  timeoutMs?: number;
  /** Tries in all, the first included. */
  attempts?: number;
  /** The service's public base URL, for links to the admin pages. */
  publicUrl: string;
  /** Told the duration of each attempt (`slack` / `post_message`), the response body included. */
  observe?: ObserveDependency;
};

const SUMMARY_CHARS = 300;
const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5_000;
const MAX_RETRY_AFTER_MS = 10_000;

/**
 * Posts escalations to a Slack incoming webhook: a header with the route and reason, the redacted
 * customer message (truncated), and a link to the conversation. 429 waits out `retry-after`; 5xx,
 * timeouts and network errors are retried with exponential back-off (p-retry); other 4xx are final. Never
 * throws, and never logs the message: the log gets the route, reason, decision id and status.
 */
export function createSlackNotifier(options: SlackNotifierOptions): SlackNotifier {
  const { url, log } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const attempts = Math.max(1, options.attempts ?? 3);
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  let warnedUnconfigured = false;
  // A bad URL would fail every attempt, and fetch's error would put the secret URL in the log.
  if (url !== undefined && !URL.canParse(url)) throw new Error('SLACK_WEBHOOK_URL is not a valid URL: copy it from the Slack app\'s "Incoming Webhooks" page');

  /** One message, retried: 429 waits out `retry-after`; 5xx, timeouts and network errors back off; other 4xx are final. */
  const send = async (message: SlackMessage, what: string, context: Record<string, unknown>): Promise<NotifyOutcome> => {
    if (url === undefined) {
      if (!warnedUnconfigured) log.warn('SLACK_WEBHOOK_URL unset: escalations are counted but not posted');
      warnedUnconfigured = true;
      return 'unconfigured';
    }
    const body = JSON.stringify(message);
    const post = async (attempt: number): Promise<{ status: number; attempt: number }> => {
      let answer: { response: Response; text: string };
      try {
        answer = await timeDependency(
          options.observe,
          'slack',
          'post_message',
          async () => {
            const answered = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
              signal: AbortSignal.timeout(timeoutMs),
            });
            return { response: answered, text: (await answered.text()).slice(0, 200) };
          },
          (r) => !r.response.ok,
        );
      } catch (thrown) {
        throw new SlackFailure(attempt, 0, describeFetchError(thrown));
      }
      const { response, text } = answer;
      if (response.ok) return { status: response.status, attempt };
      const { status } = response;
      if (status === 429) throw new SlackFailure(attempt, status, text, parseRetryAfter(response.headers.get('retry-after')));
      const failure = new SlackFailure(attempt, status, text);
      throw failure.final ? new AbortError(failure) : failure;
    };
    try {
      const posted = await pRetry(post, {
        retries: attempts - 1,
        minTimeout: FIRST_BACKOFF_MS,
        maxTimeout: MAX_BACKOFF_MS,
        onFailedAttempt: async ({ error, retriesLeft }) => {
          if (retriesLeft === 0 || !(error instanceof SlackFailure)) return;
          const { attempt, status, detail, retryAfterMs } = error;
          log.debug({ ...context, status, attempt, error: detail, retryAfterMs }, 'retrying the Slack webhook');
          // Slack's own wait comes first; the back-off follows it.
          if (retryAfterMs !== undefined) await sleep(retryAfterMs);
        },
      });
      log.info({ ...context, ...posted }, `${what} posted to Slack`);
      return 'posted';
    } catch (error) {
      if (!(error instanceof SlackFailure)) throw error;
      const { attempt, status, detail } = error;
      log.warn({ ...context, status, attempt, error: detail }, error.final ? `Slack refused the ${what}` : `${what} not posted to Slack`);
      return 'failed';
    }
  };

  const notify = (given: Escalation): Promise<NotifyOutcome> => {
    // A reason written by the LLM answerer may quote the customer: it is redacted like the message.
    const escalation = { ...given, reason: redact(given.reason).text };
    return send(buildSlackMessage(escalation, publicUrl), 'escalation', {
      route: escalation.route,
      reason: escalation.reason,
      decisionId: escalation.decisionId,
    });
  };

  return {
    notify: async (escalation) => {
      try {
        return await notify(escalation);
      } catch (error) {
        // Only a bug gets here; an escalation must never fail the request that raised it.
        log.error(
          { route: escalation.route, decisionId: escalation.decisionId, err: error instanceof Error ? error.message : String(error) },
          'Slack notifier failed',
        );
        return 'failed';
      }
    },
    post: async (message, what) => {
      try {
        return await send(message, what, {});
      } catch (error) {
        log.error({ what, err: error instanceof Error ? error.message : String(error) }, 'Slack notifier failed');
        return 'failed';
      }
    },
  };
}

/** The webhook payload of an escalation. */
function buildSlackMessage(escalation: Escalation, publicUrl: string): SlackMessage {
  const title = `Escalation: ${escalation.route} (${escalation.reason})`;
  const summary = truncateOnWord(redact(escalation.message).text.replace(/\s+/g, ' ').trim(), SUMMARY_CHARS);
  const where =
    escalation.conversationId === undefined
      ? `Decision ${escapeMrkdwn(escalation.decisionId)} (no conversation)`
      : `<${publicUrl}/admin/conversations/${encodeURIComponent(escalation.conversationId)}|Open the conversation> · decision ${escapeMrkdwn(escalation.decisionId)}`;
  return {
    text: title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: `>${escapeMrkdwn(summary || '(empty message)')}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: where }] },
    ],
  };
}

/** At most `max` characters, cut at the last space when there is one in the second half. */
function truncateOnWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Slack's three control characters: a customer's "<!channel>" must not ping the channel. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attempt that failed: its number, Slack's status (0: no answer), what Slack or the network said, and Slack's wait. */
class SlackFailure extends Error {
  constructor(
    readonly attempt: number,
    readonly status: number,
    readonly detail: string,
    readonly retryAfterMs?: number,
  ) {
    super(`Slack webhook: ${status || detail}`);
  }

  /** Slack refused the message itself (a 4xx other than 429): sending it again cannot help. */
  get final(): boolean {
    return this.status > 0 && this.status < 500 && this.status !== 429;
  }
}

function parseRetryAfter(header: string | null): number | undefined {
  const seconds = Number(header);
  return header === null || header.trim() === '' || !Number.isFinite(seconds) || seconds < 0 ? undefined : Math.min(MAX_RETRY_AFTER_MS, seconds * 1000);
}

/** A timeout, or the network cause (`ECONNREFUSED`...): never the URL, which is a secret. */
function describeFetchError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (error instanceof Error ? error.name : 'network error');
}
