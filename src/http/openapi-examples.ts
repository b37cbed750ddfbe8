/**
 * The examples of the OpenAPI document. Each request example has a response example of the same name
 * under the status it gets; test/http/openapi.test.ts sends every one to a running app and checks
 * the answer. Webhook examples are signed with `EXAMPLE_WEBHOOK_SECRET` at `EXAMPLE_SIGNED_AT`.
 */
import { signWebhook } from '../openphone/index.ts';

type Example = { summary: string; value: unknown };

/** A published example key (base64), never a real one: a service configured with it accepts the examples. */
export const EXAMPLE_WEBHOOK_SECRET = Buffer.from('openapi example signing key, not a secret').toString('base64');
export const EXAMPLE_SIGNED_AT = new Date('2026-03-02T15:04:05.000Z');

const STICKY_KEY_ERROR = "stickyKey: required, the customer's phone number or conversation id (it keeps each customer in one rollout bucket)";

export const askExamples = {
  request: {
    shadowed: {
      summary: 'A booking question; in shadow mode the Assistant answers and the SOP answer is logged beside it',
      value: { message: 'how do i cancel my booking?', route: 'booking', stickyKey: '+15551234567', context: { conversationId: 'CN4f1c2a' } },
    },
    emergency: {
      summary: 'Emergency wording: escalated to staff whatever the route',
      value: {
        message: 'there is smoke coming out of the projector',
        stickyKey: '(555) 123-0002',
        context: { previousMessages: ['hi, we are in bay 3'], conversationId: 'CN9d8e7f' },
      },
    },
    missingStickyKey: { summary: 'No stickyKey: 400 naming the field', value: { message: 'the screen is frozen' } },
    badContext: {
      summary: 'context.previousMessages is not a list: 400 naming the field',
      value: { message: 'still frozen', stickyKey: '+15551234567', context: { previousMessages: 'the screen is frozen' } },
    },
  },
  response: {
    shadowed: {
      summary: "The Assistant's answer (the SOP module's confidence is null until it has answered)",
      value: {
        response: 'Thanks for reaching out! You can cancel from the link in your booking confirmation email.',
        answeredBy: 'assistant',
        confidence: null,
        structured: null,
        decision: {
          id: '0b9e3f2c-4d1a-4c6e-9f8b-2a7d5e1c3b40',
          route: 'booking',
          mode: 'shadow',
          answeredBy: 'assistant',
          reason: 'shadow',
          killSwitch: false,
          bucket: null,
          percentage: 0,
          threshold: 0.75,
          fallback: false,
          escalated: false,
          configVersion: '3f9a1c2b7d4e',
          latencyMs: { reply: 39.48 },
        },
      },
    },
    emergency: {
      summary: 'Handed to staff now, with the steps to send meanwhile',
      value: {
        response: 'Leave the bay now and call 911 if you see flames.',
        answeredBy: 'escalation',
        confidence: 0.902,
        structured: {
          route: 'emergency',
          category: 'escalation',
          steps: [],
          actions: [{ type: 'escalate', to: 'staff', reason: 'emergency messages always alert staff', when: 'now' }],
          escalation: { required: true, reason: 'emergency messages always alert staff' },
          sources: [
            { id: 'emergency/fire.md#reply', title: 'Fire or smoke', score: 3 },
            { id: 'tech/frozen-screen.md#reply', title: 'Frozen screen', score: 0.447 },
          ],
          answerer: 'extractive',
        },
        decision: {
          id: '5c2d8a41-7e3b-4f90-8a6c-1d2e3f4a5b6c',
          route: 'emergency',
          mode: 'rollout',
          answeredBy: 'escalation',
          reason: 'human_required',
          killSwitch: false,
          bucket: null,
          percentage: 100,
          threshold: 0.75,
          fallback: false,
          escalated: true,
          configVersion: '3f9a1c2b7d4e',
          latencyMs: { reply: 25.09 },
        },
      },
    },
    missingStickyKey: { summary: 'The first bad field, named', value: { error: STICKY_KEY_ERROR } },
    badContext: { summary: 'The first bad field, named', value: { error: 'context.previousMessages: must be an array of strings' } },
  },
} satisfies Record<'request' | 'response', Record<string, Example>>;

const message = {
  id: 'EVc0ffee01',
  object: 'event',
  apiVersion: 'v3',
  createdAt: EXAMPLE_SIGNED_AT.toISOString(),
  type: 'message.received',
  data: {
    object: {
      id: 'ACb4d2e6',
      object: 'message',
      from: '+15551230000',
      to: ['+15550009999'],
      direction: 'incoming',
      text: 'hi, the ball is not registering in bay 2',
      status: 'received',
      createdAt: EXAMPLE_SIGNED_AT.toISOString(),
      userId: null,
      phoneNumberId: 'PNa1b2c3',
      conversationId: 'CN4f1c2a',
    },
  },
};
const call = {
  id: 'EVc0ffee02',
  object: 'event',
  apiVersion: 'v3',
  createdAt: EXAMPLE_SIGNED_AT.toISOString(),
  type: 'call.completed',
  data: {
    object: {
      id: 'ACa7f3e9',
      object: 'call',
      from: '+15551230000',
      to: '+15550009999',
      direction: 'incoming',
      status: 'completed',
      duration: 94,
      createdAt: EXAMPLE_SIGNED_AT.toISOString(),
      completedAt: EXAMPLE_SIGNED_AT.toISOString(),
      userId: 'USx1y2z3',
      phoneNumberId: 'PNa1b2c3',
      conversationId: 'CN4f1c2a',
    },
  },
};
const { from: _from, ...fromless } = message.data.object;
const withoutFrom = { ...message, id: 'EVc0ffee03', data: { object: { ...fromless, id: 'ACdeadbeef' } } };

const sign = (scheme: 'openphone' | 'standard-webhooks', body: unknown, deliveryId?: string) =>
  signWebhook(scheme, EXAMPLE_WEBHOOK_SECRET, JSON.stringify(body), EXAMPLE_SIGNED_AT, deliveryId);

/** Webhook examples: the body, the headers it is sent with, and the response of the same name. */
export const webhookExamples = {
  request: {
    messageReceived: { summary: 'A text from a customer, signed by OpenPhone (openphone-signature)', value: message },
    callCompleted: { summary: 'A completed call, signed the Standard Webhooks way (webhook-id, -timestamp, -signature)', value: call },
    unsigned: { summary: 'No signature: 401 before the body is read', value: message },
    missingFrom: { summary: 'Signed, but data.object has no from: 400 naming the field', value: withoutFrom },
  },
  headers: {
    messageReceived: sign('openphone', message),
    callCompleted: sign('standard-webhooks', call, 'msg_2fJ7cQe0xZ'),
    missingFrom: sign('openphone', withoutFrom),
  } as Record<string, Record<string, string>>,
  response: {
    messageReceived: {
      summary: 'Stored once, in its conversation',
      value: { status: 'stored', eventId: 'EVc0ffee01', conversationId: 'b8f0c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d' },
    },
    callCompleted: {
      summary: 'Stored once, in its conversation',
      value: { status: 'stored', eventId: 'EVc0ffee02', conversationId: 'b8f0c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d' },
    },
    unsigned: {
      summary: 'The reason, after `invalid signature:`',
      value: { error: 'invalid signature: missing signature: expected an openphone-signature or webhook-signature header' },
    },
    missingFrom: {
      summary: 'The first bad field of the payload',
      value: { error: 'invalid payload: data.object.from: Invalid input: expected string, received undefined' },
    },
  },
} satisfies Record<'request' | 'response', Record<string, Example>> & { headers: Record<string, Record<string, string>> };
