import { z } from 'zod';
import { MAX_MESSAGE_CHARS } from '../answer/index.ts';
import { InputError } from '../errors.ts';
import { normalizePhone } from '../text/index.ts';
import type { AskRequest } from './types.ts';

const MESSAGE = 'message: required, the customer message to answer';
const STICKY_KEY = "stickyKey: required, the customer's phone number or conversation id (it keeps each customer in one rollout bucket)";
const PREVIOUS = 'context.previousMessages: must be an array of strings';

/**
 * The body of `POST /api/ask`: what the router checks and what the OpenAPI document shows. Each
 * field's error message names the field; unknown fields are ignored.
 */
export const askRequestSchema = z.object(
  {
    message: z
      .string({ error: MESSAGE })
      .trim()
      .min(1, { error: MESSAGE })
      .max(MAX_MESSAGE_CHARS, { error: (issue) => `message: ${String(issue.input).length} characters; the limit is ${MAX_MESSAGE_CHARS}` })
      .describe('The customer message to answer (surrounding white space is dropped before the length is checked).'),
    stickyKey: z
      .string({ error: STICKY_KEY })
      .trim()
      .min(1, { error: STICKY_KEY })
      .describe("The customer's phone number (any format: it is normalised) or conversation id: it keeps each customer in one rollout bucket."),
    route: z
      .string({ error: 'route: must be a string' })
      .optional()
      .describe('The route the caller already knows (a SOP folder: booking, tech, ...); emergency wording overrides it; an unknown route is a 400.'),
    context: z
      .object(
        {
          previousMessages: z
            .array(z.string({ error: PREVIOUS }), { error: PREVIOUS })
            .optional()
            .describe('Earlier messages of the conversation, oldest first.'),
          conversationId: z
            .string({ error: 'context.conversationId: must be a string' })
            .optional()
            .describe("OpenPhone's conversation id, linked from escalations."),
        },
        { error: 'context: must be an object {previousMessages?, conversationId?}' },
      )
      .optional(),
  },
  { error: 'the body must be a JSON object {message, stickyKey, route?, context?}' },
);

/** The checked message and sticky key of a request; a bad field is an InputError naming it (HTTP 400). */
export function validateRequest(request: AskRequest): { message: string; stickyKey: string } {
  const parsed = askRequestSchema.safeParse(request);
  if (!parsed.success) throw new InputError(parsed.error.issues[0]!.message);
  return { message: parsed.data.message, stickyKey: stickyKeyOf(parsed.data.stickyKey) };
}

/** A phone number in any format is one customer: `(555) 123-4567` and `+15551234567` share a bucket. */
function stickyKeyOf(key: string): string {
  return /^[+\d\s().-]+$/.test(key) ? (normalizePhone(key) ?? key) : key;
}
