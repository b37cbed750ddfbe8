import type { Answer } from '../answer/index.ts';
import type { EffectiveRollout, Mode, RouteRollout } from '../config/index.ts';
import type { RouteInstructions } from '../sops/index.ts';
import { bucketOf } from './bucket.ts';
import type { AnsweredBy, DecisionReason } from './types.ts';

/** How a side ended, as the decision sees it: its value, or that it failed (an error or its timeout). */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: string };

/** Everything a decision depends on. `sop` and `assistant` are undefined until that side has been awaited. */
export type DecisionInput<Reply = unknown> = {
  /** The route known before anything runs: emergency wording, else the caller's, else the best keyword match. */
  route: string;
  /** The route came from emergency wording or the caller, not from a keyword match. */
  fixed: boolean;
  /** The customer's phone number or conversation id: their rollout bucket. */
  stickyKey: string;
  config: EffectiveRollout;
  instructions: (route: string) => RouteInstructions;
  sop?: Settled<Answer> | undefined;
  assistant?: Settled<Reply> | undefined;
};

/** The reply decided on: who answers, with which text, on which route and why. */
export type Verdict = {
  answeredBy: AnsweredBy;
  /** The text sent: the Assistant's reply, the SOP answer's, or the route's hand-over to staff. */
  text: 'assistant' | 'sop' | 'hand-over';
  route: string;
  mode: Mode;
  reason: DecisionReason;
  /** The customer's bucket 1..100 on the route, when rollout mode drew it. */
  bucket: number | null;
  /** The SOP's share of the rollout, but the Assistant answered. */
  fallback: boolean;
  /** The SOP answer the reply is made of or escalates with. */
  answer: Answer | null;
};

/** What to do next: await the SOP module, ask the Assistant (on the route decided so far), or reply. */
export type Step = { run: 'sop' } | { run: 'assistant'; route: string; shadow: boolean } | { reply: Verdict };

type Flags = { shadow?: boolean; sopIfUnavailable?: boolean; bucket?: number; fallback?: boolean };

/**
 * The router's decision, a pure function: called again with each side's outcome once awaited, it
 * asks for the side it needs next until it can reply. The mode is known before anything runs, so in
 * shadow mode the Assistant is asked for first and the SOP module never delays a reply it does not make.
 */
export function decide(input: DecisionInput): Step {
  const { fixed, config, instructions, sop, assistant } = input;
  let route = input.route;
  let settings: RouteRollout = config.route(route);

  const confident = (a: Answer) => a.confidence >= settings.threshold.value;
  /** An always-escalating route's answer that needs a human; a route found by search must be found confidently. */
  const alerts = (a: Answer) => instructions(a.structured.route).alwaysEscalate && a.structured.escalation.required && (fixed || confident(a));
  /** What a SOP answer may be used for: sent, handed to staff, or neither (unsure). */
  const use = (a: Answer): 'answer' | 'human' | 'unsure' => {
    if (alerts(a) || a.structured.actions.some((x) => x.type === 'human_only')) return 'human';
    // A question that tells two SOPs apart is sent when one of the two is likely enough right.
    if (a.structured.clarify) return a.structured.clarify.confidence >= settings.threshold.value ? 'answer' : 'unsure';
    if (!confident(a)) return 'unsure';
    return a.structured.escalation.required ? 'human' : 'answer';
  };
  const reply = (answeredBy: AnsweredBy, text: Verdict['text'], mode: Mode, reason: DecisionReason, flags: Flags, answer: Answer | null = null): Step => ({
    reply: { answeredBy, text, route, mode, reason, bucket: flags.bucket ?? null, fallback: answeredBy === 'assistant' && (flags.fallback ?? false), answer },
  });
  const handOver = (mode: Mode, reason: DecisionReason, flags: Flags = {}) => reply('escalation', 'hand-over', mode, reason, flags);

  /** The Assistant answers; with `sopIfUnavailable`, a usable SOP answer stands in when it fails. */
  const assistantAnswers = (mode: Mode, reason: DecisionReason, flags: Flags): Step => {
    if (!assistant) return { run: 'assistant', route, shadow: flags.shadow ?? false };
    if (assistant.ok) return reply('assistant', 'assistant', mode, reason, flags);
    if (flags.sopIfUnavailable) {
      if (!sop) return { run: 'sop' };
      const v = sop.ok ? use(sop.value) : 'unsure';
      if (sop.ok && v === 'answer') return reply('sop', 'sop', mode, 'assistant_unavailable', flags, sop.value);
      if (sop.ok && v === 'human') return reply('escalation', 'sop', mode, 'human_required', flags, sop.value);
    }
    return handOver(mode, 'assistant_unavailable', flags);
  };

  // 1. An always-escalating route (emergencies): the SOP's safety reply and a human, whatever the mode.
  if (instructions(route).alwaysEscalate) {
    if (!sop) return { run: 'sop' };
    if (!sop.ok && fixed) return handOver(settings.mode.value, 'human_required');
    if (sop.ok && alerts(sop.value)) {
      route = sop.value.structured.route;
      settings = config.route(route);
      return reply('escalation', 'sop', settings.mode.value, 'human_required', {}, sop.value);
    }
    // Keywords pointed here but the SOP module did not confirm it: its route decides.
    if (sop.ok && !fixed) {
      route = sop.value.structured.route;
      settings = config.route(route);
    }
  }

  // 2. The kill switch, then the route's mode.
  const mode = settings.mode.value;
  if (config.killSwitch.value) return assistantAnswers(mode, 'kill_switch', {});
  if (mode === 'off') return assistantAnswers(mode, 'mode_off', {});
  if (mode === 'shadow') return assistantAnswers(mode, 'shadow', { shadow: true, sopIfUnavailable: true });

  // 3. Rollout: the customer's sticky bucket decides who may answer; the SOP answers only when confident.
  const bucket = bucketOf(route, input.stickyKey);
  if (bucket > settings.percentage.value) return assistantAnswers(mode, 'outside_rollout', { sopIfUnavailable: true, bucket });
  if (!sop) return { run: 'sop' };
  if (!sop.ok) return assistantAnswers(mode, 'sop_failed', { bucket, fallback: true });
  const v = use(sop.value);
  if (v === 'human') return reply('escalation', 'sop', mode, 'human_required', { bucket }, sop.value);
  if (v === 'answer') return reply('sop', 'sop', mode, 'confident', { bucket }, sop.value);
  return assistantAnswers(mode, 'low_confidence', { bucket, fallback: true });
}
