/**
 * The shapes the API answers with, as zod schemas for the OpenAPI document. The request schemas are
 * the ones the router and the webhook validate with (`askRequestSchema`, `webhookEventSchemas`);
 * these describe responses, and the checks at the end make tsc fail when one drifts from its type.
 */
import { z } from 'zod';
import type { Structured } from '../answer/index.ts';
import { costsSchema, gatesSchema, MODES, type EffectiveRollout } from '../config/index.ts';
import type { IngestResult } from '../openphone/conversation-store.ts';
import type { askRequestSchema, AskReply, AskRequest } from '../router/index.ts';

/** Every error, whatever the status: one sentence naming what is wrong (a bad field is named first: `stickyKey: required, ...`). */
export const errorSchema = z.object({ error: z.string().describe('What went wrong, naming the field or setting involved.') });

const ANSWERED_BY = ['sop', 'assistant', 'escalation'] as const;
const REASONS = [
  'kill_switch',
  'mode_off',
  'shadow',
  'outside_rollout',
  'confident',
  'low_confidence',
  'sop_failed',
  'assistant_unavailable',
  'human_required',
] as const;

const structuredSchema = z
  .object({
    route: z.string(),
    category: z.enum(['solution', 'information', 'escalation', 'clarification']),
    steps: z.array(z.string()),
    actions: z.array(
      z.union([
        z.object({ type: z.literal('escalate'), to: z.literal('staff'), reason: z.string(), when: z.enum(['now', 'if_unresolved']) }),
        z.object({ type: z.literal('human_only'), action: z.string(), reason: z.string() }),
      ]),
    ),
    escalation: z.object({ required: z.boolean(), reason: z.string().nullable() }),
    sources: z.array(z.object({ id: z.string().describe('`<route>/<file>.md#<section>`'), title: z.string(), score: z.number() })),
    answerer: z.enum(['extractive', 'llm']),
    clarify: z
      .object({ options: z.array(z.string()), confidence: z.number() })
      .optional()
      .describe('With the category `clarification`: the two documents the customer is asked to choose between.'),
    version: z.string().optional().describe('The deployed version that answered.'),
  })
  .describe("The SOP answer's structure.");

const decisionSchema = z.object({
  id: z.string().describe('The decision id (a UUID), as in the decision log.'),
  route: z.string(),
  mode: z.enum(MODES),
  answeredBy: z.enum(ANSWERED_BY),
  reason: z.enum(REASONS),
  killSwitch: z.boolean(),
  bucket: z.number().int().min(1).max(100).nullable().describe("The customer's bucket on this route (rollout mode)."),
  percentage: z.number(),
  threshold: z.number(),
  fallback: z.boolean().describe('In the SOP share, but the Assistant answered.'),
  escalated: z.boolean(),
  configVersion: z.string(),
  latencyMs: z.object({ reply: z.number() }),
});

export const askReplySchema = z.object({
  response: z.string().describe('The text to send the customer.'),
  answeredBy: z.enum(ANSWERED_BY),
  confidence: z.number().min(0).max(1).nullable().describe("The SOP module's calibrated confidence, when it had answered by the time of the reply."),
  structured: structuredSchema.nullable().describe("null for the Assistant's answers."),
  decision: decisionSchema,
});

const setting = <T extends z.ZodType>(value: T) =>
  z.object({
    value,
    from: z.enum(['file', 'env', 'default']),
    ref: z.string().describe('Which file field (and version), env variable or default the value comes from.'),
  });

/** `GET /api/rollout`: the effective rollout as JSON (what `EffectiveRollout` serialises to). */
export const rolloutSchema = z.object({
  version: z.string().describe("The rollout file's version, or `built-in`."),
  killSwitch: setting(z.boolean()),
  routes: z.array(
    z.object({ route: z.string(), mode: setting(z.enum(MODES)), percentage: setting(z.number()), threshold: setting(z.number()), gates: gatesSchema }),
  ),
  costs: costsSchema,
});

export const webhookReplySchema = z.object({
  status: z
    .enum(['stored', 'duplicate', 'ignored'])
    .describe('`duplicate`: delivered before (same event or message id), nothing changed; `ignored`: a type kept but not processed.'),
  eventId: z.string(),
  conversationId: z.string().nullable(),
  repaired: z.array(z.string()).optional().describe('What was wrong with the event and how it was stored anyway.'),
});

// Compile-time ties between the schemas and the types the code really returns.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const ties: [
  Same<z.input<typeof askRequestSchema>, AskRequest>,
  Same<z.output<typeof askReplySchema>, AskReply>,
  Same<z.output<typeof structuredSchema>, Structured>,
  Same<z.output<typeof rolloutSchema>, Omit<EffectiveRollout, 'route'>>,
  Same<z.output<typeof webhookReplySchema>['status'], IngestResult['outcome']>,
] = [true, true, true, true, true];
void ties;
