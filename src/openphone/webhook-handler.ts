import { isUnavailable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { ConversationStore } from './conversation-store.ts';
import { PROCESSED, parseEvent } from './parse-event.ts';
import { checkDepth, sanitiseJson } from './sanitise.ts';
import { verifyWebhookSignature } from './verify-signature.ts';

export type WebhookResponse = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

export type WebhookHandler = (request: { headers: Record<string, string | string[] | undefined>; rawBody: Buffer }) => Promise<WebhookResponse>;

/** OpenPhone's event types: the ones processed, and the others it is known to send. */
const KNOWN_TYPES = [...PROCESSED, 'message.updated', 'call.ringing', 'call.recording.completed', 'contact.updated', 'contact.deleted'] as const;

export type WebhookOutcome = 'stored' | 'duplicate' | 'ignored' | 'unauthorized' | 'invalid' | 'unavailable' | 'error';

type Options = {
  secrets: readonly string[];
  store: ConversationStore;
  now: () => Date;
  log: Logger;
  /** Told of every delivery's outcome (metrics). */
  onOutcome?: (outcome: WebhookOutcome, type: string) => void;
};

/**
 * The OpenPhone webhook, independent of any HTTP framework: signature on the raw bytes first, then
 * the schema, then one transaction. 2xx only once the event is committed; 503 when the database
 * cannot be reached, so the sender retries; a redelivery answers 200 and changes nothing.
 */
export function createWebhookHandler(options: Options): WebhookHandler {
  const { log } = options;
  const report = (outcome: WebhookOutcome, type = 'unknown') => options.onOutcome?.(outcome, type);
  if (options.secrets.length === 0) log.warn('OPENPHONE_WEBHOOK_SECRET is not set: unsigned webhooks are accepted (development only)');

  return async ({ headers, rawBody }) => {
    const check = verifyWebhookSignature({ headers, rawBody, secrets: options.secrets, now: options.now() });
    if (!check.ok) {
      report('unauthorized');
      log.warn({ reason: check.reason }, 'webhook rejected');
      return { status: 401, body: { error: `invalid signature: ${check.reason}` } };
    }
    let event: ReturnType<typeof parseEvent>;
    try {
      const text = rawBody.toString('utf8');
      checkDepth(text);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        // The parser's message quotes the body, which is customer text: keep only where it broke.
        const at = /position (\d+)/.exec((error as Error).message)?.[1];
        throw new InputError(`malformed JSON${at ? ` at byte ${at}` : ''} (${rawBody.length} bytes)`);
      }
      // NULs and lone surrogates cannot be stored: replaced, counted and said, never refused forever.
      const { value, replaced } = sanitiseJson(json, text);
      event = parseEvent(value, check.deliveryId, replaced ? JSON.stringify(value) : text);
      if (replaced) event.repairs.unshift(`${replaced} NUL or lone surrogate character(s) replaced with U+FFFD`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      report('invalid');
      log.warn({ reason: error.message }, 'webhook payload rejected');
      return { status: 400, body: { error: error.message } };
    }
    // A metric label per type the service knows; any other type, whatever its text, is `other`.
    const type = (KNOWN_TYPES as readonly string[]).includes(event.type) ? event.type : 'other';
    try {
      const result = await options.store.ingest(event);
      report(result.outcome, type);
      const repaired = event.repairs.length ? { repaired: event.repairs } : {};
      if (event.repairs.length) log.warn({ eventId: event.eventId, repairs: event.repairs }, 'webhook event stored with repairs');
      log.info({ eventId: event.eventId, type, outcome: result.outcome, conversationId: result.conversationId }, 'webhook event');
      return { status: 200, body: { status: result.outcome, eventId: event.eventId, conversationId: result.conversationId, ...repaired } };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isUnavailable(error)) {
        report('unavailable', type);
        log.error({ eventId: event.eventId, err: message }, 'database unavailable; webhook refused for redelivery');
        return { status: 503, body: { error: 'database unavailable, retry later' }, headers: { 'retry-after': '5' } };
      }
      report('error', type);
      log.error({ eventId: event.eventId, err: message }, 'webhook event could not be stored');
      return { status: 500, body: { error: 'the event could not be stored' } };
    }
  };
}
