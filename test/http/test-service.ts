import { createJobQueue, type Db, type JobQueue } from '../../src/db/index.ts';
import { createApp, createMetrics, type Readiness } from '../../src/http/index.ts';
import type { AskReply, AskRequest } from '../../src/router/index.ts';
import { createConversationStore, createWebhookHandler, signWebhook, type ConversationStore } from '../../src/openphone/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { listen } from './listen.ts';

export type TestService = { url: string; store: ConversationStore; queue: JobQueue; log: ReturnType<typeof captureLogger>; close(): Promise<void> };

/** The real app (webhook, health, metrics) on a free port, over the given database. */
export async function startTestService(options: {
  db: Db;
  secrets?: string[];
  now?: () => Date;
  windowMs?: number;
  quietMs?: number;
  readiness?: Readiness;
  /** The router behind `/api/ask` and `/api/rollout`; without one they answer 500. */
  ask?: (request: AskRequest) => Promise<AskReply>;
  rollout?: () => unknown;
  apiToken?: string;
}): Promise<TestService> {
  const log = captureLogger();
  const queue = createJobQueue({ db: options.db, now: options.now });
  const store = createConversationStore({ db: options.db, queue, windowMs: options.windowMs ?? 86_400_000, quietMs: options.quietMs ?? 1_800_000 });
  const metrics = createMetrics();
  const webhook = createWebhookHandler({
    secrets: options.secrets ?? [],
    store,
    now: options.now ?? (() => new Date()),
    log,
    onOutcome: (outcome, type) => metrics.webhookEvents.inc({ outcome, type }),
  });
  const readiness: Readiness =
    options.readiness ??
    (async () => {
      await options.db.query('SELECT 1');
      return { ready: true, checks: { database: 'ok' } };
    });
  const noRouter = () => {
    throw new Error('this test service has no router');
  };
  const app = createApp({ webhook, readiness, metrics, log, ask: options.ask ?? noRouter, rollout: options.rollout ?? noRouter, apiToken: options.apiToken });
  const { url, close } = await listen(app);
  return { url, store, queue, log, close };
}

export const SECRET = Buffer.from('a test signing key of thirty-two bytes!').toString('base64');
export const WHSEC = `whsec_${Buffer.from('another key for standard webhooks').toString('base64')}`;

/** POSTs an event to the webhook, signed like OpenPhone (or unsigned, or with the headers given). */
export async function deliver(
  url: string,
  body: unknown,
  options: { scheme?: 'openphone' | 'standard-webhooks' | 'none'; secret?: string; at?: Date; headers?: Record<string, string>; deliveryId?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const scheme = options.scheme ?? 'openphone';
  const signed =
    scheme === 'none'
      ? {}
      : signWebhook(scheme, options.secret ?? (scheme === 'openphone' ? SECRET : WHSEC), raw, options.at ?? new Date(), options.deliveryId);
  const response = await fetch(`${url}/api/openphone/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signed, ...options.headers },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let counter = 0;

/** A realistic `message.received` (or `message.delivered`) event. */
export function messageEvent(
  o: { id?: string; messageId?: string; conversationId?: string | null; customer?: string; text?: string; direction?: 'incoming' | 'outgoing'; at?: Date } = {},
) {
  counter++;
  const customer = o.customer ?? '+15551230000';
  const line = '+15550009999';
  const direction = o.direction ?? 'incoming';
  return {
    id: o.id ?? `EV${counter}${Date.now()}`,
    object: 'event',
    apiVersion: 'v3',
    createdAt: (o.at ?? new Date()).toISOString(),
    type: direction === 'incoming' ? 'message.received' : 'message.delivered',
    data: {
      object: {
        id: o.messageId ?? `AC${counter}${Date.now()}`,
        object: 'message',
        from: direction === 'incoming' ? customer : line,
        to: direction === 'incoming' ? [line] : [customer],
        direction,
        text: o.text ?? 'hi, the ball is not registering in bay 2',
        status: direction === 'incoming' ? 'received' : 'delivered',
        createdAt: (o.at ?? new Date()).toISOString(),
        userId: direction === 'outgoing' ? 'US1' : null,
        phoneNumberId: 'PN1',
        ...(o.conversationId === null ? {} : { conversationId: o.conversationId ?? 'CN1' }),
      },
    },
  };
}
