import { createHash } from 'node:crypto';
import { z } from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import { PROCESSED_EVENT_TYPES, webhookEventSchemas } from '../openphone/index.ts';
import { askRequestSchema } from '../router/index.ts';
import { askReplySchema, errorSchema, rolloutSchema, webhookReplySchema } from './api-schemas.ts';
import { askExamples, webhookExamples } from './openapi-examples.ts';

/** The body limits the app enforces, stated in the 413 responses. */
export type BodyLimits = { askBytes: number; webhookBytes: number };

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect): requests as accepted (`input`), responses as sent (`output`). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'throw' });
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, examples?: object) => ({ 'application/json': { schema, ...(examples ? { examples } : {}) } });
const error = (description: string, examples?: object, headers?: object) => ({
  description,
  ...(headers ? { headers } : {}),
  content: json(ref('Error'), examples),
});
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1 } } };
const pick = (examples: Record<string, unknown>, names: string[]) => Object.fromEntries(names.map((n) => [n, examples[n]]));

/** The webhook body: the envelope, with `data.object` checked by event type as the parser does. */
function webhookEventSchema(): Record<string, unknown> {
  const byType: [string[], string][] = [
    [PROCESSED_EVENT_TYPES.filter((t) => t.startsWith('message.')), 'OpenPhoneMessage'],
    [['call.completed'], 'OpenPhoneCall'],
    [['call.transcript.completed'], 'OpenPhoneCallTranscript'],
    [['call.summary.completed'], 'OpenPhoneCallSummary'],
  ];
  return {
    ...jsonSchema(webhookEventSchemas.envelope, 'input'),
    description:
      'An OpenPhone webhook event. `data.object` is checked by event type; other types are acknowledged and kept unprocessed. Also accepted as OpenPhone sends them: the envelope wrapped once more in `object`, and `data.resource` for `data.object`.',
    allOf: byType.map(([types, name]) => ({
      if: { properties: { type: { enum: types } }, required: ['type'] },
      // biome-ignore lint/suspicious/noThenProperty: `if`/`then` is JSON Schema's conditional, not a thenable
      then: { properties: { data: { properties: { object: ref(name) } } } },
    })),
  };
}

const signatureHeaders: [string, string][] = [
  ['openphone-signature', 'OpenPhone\'s signature: `hmac;1;<timestamp ms>;<base64 HMAC-SHA256 of "<timestamp>.<raw body>">`.'],
  ['webhook-id', 'Standard Webhooks: the delivery id (also the event id when the body has none).'],
  ['webhook-timestamp', 'Standard Webhooks: Unix seconds; more than 300 s from the server clock is refused.'],
  ['webhook-signature', 'Standard Webhooks: space-separated `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>">`.'],
];

/** Header parameters of the webhook, each with the values the signed examples are sent with. */
function signatureParameters() {
  return signatureHeaders.map(([name, description]) => {
    const examples = Object.fromEntries(
      Object.entries(webhookExamples.headers).flatMap(([example, headers]) => (headers[name] ? [[example, { value: headers[name] }]] : [])),
    );
    return { name, in: 'header', required: false, description, schema: { type: 'string' }, examples };
  });
}

/** The OpenAPI 3.1 document of the service's API, generated from the zod schemas the routes validate with. */
export function createOpenApiDocument(limits: BodyLimits): Record<string, unknown> {
  const common = {
    '413': error(
      `The body is over the size limit (${limits.askBytes} bytes for /api/ask, ${limits.webhookBytes} for the webhook): \`request body over <limit> bytes\`.`,
    ),
    '429': error('Over the per-source rate (RATE_LIMIT_ASK_PER_SECOND / RATE_LIMIT_WEBHOOK_PER_SECOND, when set).', undefined, retryAfter),
    '500': error('An unexpected failure: `{"error": "internal error"}`.'),
  };
  const unauthorized = error('Missing or wrong bearer token.', undefined, { 'WWW-Authenticate': { schema: { type: 'string', const: 'Bearer' } } });
  return {
    openapi: '3.1.1',
    info: {
      title: 'ClubOS SOP service',
      version: packageJson.version,
      description:
        "Answers customer messages from SOPs (or the legacy Assistant, per the rollout), and receives OpenPhone webhooks. Every response carries `X-Request-Id` (the caller's, when well-formed). Each request example has a response example of the same name under the status it gets.",
    },
    paths: {
      '/api/ask': {
        post: {
          operationId: 'ask',
          summary: 'Answer one customer message',
          description: 'One routing decision: kill switch, shadow, sticky rollout bucket, confidence threshold, escalation.',
          security: [{ askToken: [] }],
          requestBody: { required: true, content: json(ref('AskRequest'), askExamples.request) },
          responses: {
            '200': {
              description: 'The reply to send, who made it and why.',
              content: json(ref('AskReply'), pick(askExamples.response, ['shadowed', 'emergency'])),
            },
            '400': error(
              'Malformed JSON, a bad field (named first in `error`), or an unknown route.',
              pick(askExamples.response, ['missingStickyKey', 'badContext']),
            ),
            '401': unauthorized,
            ...common,
          },
        },
      },
      '/api/rollout': {
        get: {
          operationId: 'getRollout',
          summary: 'The effective rollout, each value with where it comes from',
          security: [{ askToken: [] }],
          responses: {
            '200': { description: 'The active rollout version and per-route settings.', content: json(ref('Rollout')) },
            '401': unauthorized,
            '500': common['500'],
          },
        },
      },
      '/api/openphone/webhook': {
        post: {
          operationId: 'receiveOpenPhoneWebhook',
          summary: 'Receive an OpenPhone event',
          description:
            'The signature is checked on the raw bytes before anything is parsed (either scheme; several secrets during a rotation). 2xx only once the event is committed; a redelivery answers 200 and changes nothing. Without OPENPHONE_WEBHOOK_SECRET (development only) unsigned events are accepted. The signed examples use a published example secret and a fixed time, so a real deployment answers them 401.',
          security: [{ openphoneSignature: [] }, { webhookId: [], webhookTimestamp: [], webhookSignature: [] }],
          parameters: signatureParameters(),
          requestBody: { required: true, content: json(ref('WebhookEvent'), webhookExamples.request) },
          responses: {
            '200': {
              description: 'Stored, a duplicate, or a type kept but not processed.',
              content: json(ref('WebhookReply'), pick(webhookExamples.response, ['messageReceived', 'callCompleted'])),
            },
            '400': error('Malformed JSON, or a payload of the wrong shape (the field is named).', pick(webhookExamples.response, ['missingFrom'])),
            '401': error(
              'Missing, malformed, stale (over 300 s) or wrong signature: `invalid signature: <reason>`.',
              pick(webhookExamples.response, ['unsigned']),
            ),
            ...common,
            '503': error('The database is unreachable: retry (OpenPhone redelivers).', undefined, retryAfter),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'This document',
          security: [],
          responses: {
            '200': { description: 'The OpenAPI 3.1 document (cacheable; ETag).', content: json({ type: 'object' }) },
            '304': { description: 'Unchanged since the ETag given in If-None-Match.' },
          },
        },
      },
    },
    components: {
      schemas: {
        AskRequest: jsonSchema(askRequestSchema, 'input'),
        AskReply: jsonSchema(askReplySchema, 'output'),
        Rollout: jsonSchema(rolloutSchema, 'output'),
        WebhookEvent: webhookEventSchema(),
        OpenPhoneMessage: jsonSchema(webhookEventSchemas.message, 'input'),
        OpenPhoneCall: jsonSchema(webhookEventSchemas.call, 'input'),
        OpenPhoneCallTranscript: jsonSchema(webhookEventSchemas.transcript, 'input'),
        OpenPhoneCallSummary: jsonSchema(webhookEventSchemas.summary, 'input'),
        WebhookReply: jsonSchema(webhookReplySchema, 'output'),
        Error: jsonSchema(errorSchema, 'output'),
      },
      securitySchemes: {
        askToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            '`Authorization: Bearer <ASK_API_TOKEN>`, compared in constant time. Required in production (at least 16 characters); unchecked when ASK_API_TOKEN is unset.',
        },
        openphoneSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'openphone-signature',
          description: `${signatureHeaders[0]![1]} The key is OPENPHONE_WEBHOOK_SECRET, base64-decoded; the timestamp may be seconds or milliseconds, within 300 s.`,
        },
        webhookId: { type: 'apiKey', in: 'header', name: 'webhook-id', description: signatureHeaders[1]![1] },
        webhookTimestamp: { type: 'apiKey', in: 'header', name: 'webhook-timestamp', description: signatureHeaders[2]![1] },
        webhookSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'webhook-signature',
          description: `${signatureHeaders[3]![1]} The key is the secret base64-decoded, \`whsec_\` prefix dropped.`,
        },
      },
    },
  };
}

/** The document as served: its JSON text and a strong ETag, built once. */
export function createOpenApiResponse(limits: BodyLimits): { body: string; etag: string } {
  const body = JSON.stringify(createOpenApiDocument(limits));
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}
