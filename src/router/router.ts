import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { priorityRoute, MAX_MESSAGE_CHARS, type Answer, type Knowledge, type SopModule, type Structured } from '../answer/index.ts';
import type { Assistant, AssistantReply } from '../assistant/index.ts';
import type { EffectiveRollout, Mode } from '../config/index.ts';
import { InputError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { defaultInstructions } from '../sops/route-instructions.ts';
import { bucketOf } from './bucket.ts';
import { costOf, unpricedModel } from './cost.ts';

export type AskRequest = {
  message: string;
  /** The route the caller already knows; emergency wording overrides it. */
  route?: string | undefined;
  /** The customer's phone number or conversation id: it keeps a customer in one rollout bucket. */
  stickyKey: string;
  context?: { previousMessages?: string[] | undefined; conversationId?: string | undefined } | undefined;
};

export type AnsweredBy = 'sop' | 'assistant' | 'escalation';
export type DecisionReason =
  | 'kill_switch'
  | 'mode_off'
  | 'shadow'
  | 'outside_rollout'
  | 'confident'
  | 'low_confidence'
  | 'sop_failed'
  | 'assistant_unavailable'
  | 'human_required';

export type Decision = {
  id: string;
  route: string;
  mode: Mode;
  answeredBy: AnsweredBy;
  reason: DecisionReason;
  killSwitch: boolean;
  /** The customer's bucket 1..100 on this route (rollout mode). */
  bucket: number | null;
  percentage: number;
  threshold: number;
  /** In the SOP share, but the Assistant answered. */
  fallback: boolean;
  escalated: boolean;
  configVersion: string;
  latencyMs: { reply: number };
};

export type AskReply = {
  response: string;
  answeredBy: AnsweredBy;
  /** The SOP module's calibrated confidence, when it had answered by the time of the reply. */
  confidence: number | null;
  /** The SOP answer's structure when the SOP answered or escalated; null for the Assistant's answers. */
  structured: Structured | null;
  decision: Decision;
};

/** Everything known about a request once both sides are done: what the decision log stores. */
export type DecisionRecord = Decision & {
  conversationId: string | null;
  sop: { latencyMs: number; confidence: number | null; error: string | null; tokens: number; costUsd: number } | null;
  assistant: { latencyMs: number; error: string | null; tokens: number; costUsd: number } | null;
};

/** A shadowed request: both answers side by side. */
export type ComparisonRecord = {
  decisionId: string;
  route: string;
  message: string;
  assistantResponse: string | null;
  assistantLatencyMs: number;
  sop: Answer | null;
  sopLatencyMs: number;
  sopError: string | null;
};

export type Escalation = { decisionId: string; route: string; reason: string; message: string; conversationId?: string | undefined };

export type RouterOptions = {
  /** The SOP module and the knowledge it answers from, read per request (a deploy swaps them). */
  answering: () => { module: SopModule; knowledge: Knowledge };
  assistant: Assistant;
  rollout: () => EffectiveRollout;
  /** Called off the reply path once both sides are done; must not throw. */
  record: (decision: DecisionRecord) => void;
  /** Called off the reply path for every shadowed request; must not throw. */
  compare: (comparison: ComparisonRecord) => void;
  /** Tells staff; called off the reply path; must not throw. */
  escalate: (escalation: Escalation) => void;
  /** How long the SOP module may take beside the Assistant, or before the Assistant takes over. */
  sopTimeoutMs: number;
  log: Logger;
};

export type Router = { ask(request: AskRequest): Promise<AskReply> };

type Outcome<T> = ({ ok: true; value: T } | { ok: false; error: string }) & { ms: number };
type Run<T> = { promise: Promise<Outcome<T>>; settled: Outcome<T> | null };

/** Runs `fn` and settles with its value or error and duration; never rejects. */
function run<T>(fn: () => Promise<T>, timeoutMs?: number): Run<T> {
  const started = performance.now();
  const state: Run<T> = { promise: null as unknown as Promise<Outcome<T>>, settled: null };
  let timer: NodeJS.Timeout | undefined;
  const attempt = Promise.resolve().then(fn);
  const timeout =
    timeoutMs === undefined
      ? null
      : new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        });
  state.promise = (timeout ? Promise.race([attempt, timeout]) : attempt).then(
    (value): Outcome<T> => ({ ok: true, value, ms: performance.now() - started }),
    (error: unknown): Outcome<T> => ({
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      ms: performance.now() - started,
    }),
  );
  void state.promise.then((o) => {
    clearTimeout(timer);
    state.settled = o;
  });
  return state;
}

/**
 * The router: one decision per request between the SOP module and the old Assistant. The Assistant is
 * never awaited behind the SOP module in shadow mode, the SOP module never delays or fails a reply it
 * does not make, and every decision, comparison and escalation is handed to the log off the reply path.
 */
export function createRouter(options: RouterOptions): Router {
  const { log } = options;
  const unpriced = new Set<string>();

  const ask = async (request: AskRequest): Promise<AskReply> => {
    const started = performance.now();
    const message = validate(request);
    const config = options.rollout();
    const { module, knowledge } = options.answering();
    const id = randomUUID();
    const previousMessages = request.context?.previousMessages;
    const conversationId = request.context?.conversationId;
    if (request.route !== undefined && !knowledge.routes.has(request.route)) {
      throw new InputError(`route: unknown route "${request.route}" (known: ${[...knowledge.routes.keys()].join(', ')})`);
    }

    let sopRun: Run<Answer> | null = null;
    let assistantRun: Run<AssistantReply> | null = null;
    const sop = () => (sopRun ??= run(() => module.processWithContext(message, request.route, { previousMessages, conversationId }), options.sopTimeoutMs));
    const assistant = (route: string | null) => (assistantRun ??= run(() => options.assistant.ask({ message, route, previousMessages })));
    /** The SOP's answer, when it is already known. */
    const sopAnswer = (): Answer | null => (sopRun?.settled?.ok ? sopRun.settled.value : null);
    const instructions = (route: string) => knowledge.routes.get(route) ?? defaultInstructions(route);
    /** An answer on an always-escalating route (emergencies) that needs a human. */
    const alerts = (a: Answer) => instructions(a.structured.route).alwaysEscalate && a.structured.escalation.required;
    /** Staff are alerted whatever the mode; a route found by search must be found confidently. */
    const urgent = (a: Answer) => alerts(a) && a.confidence >= config.route(a.structured.route).threshold.value;
    const needsHuman = (a: Answer) => urgent(a) || a.structured.actions.some((x) => x.type === 'human_only');

    let shadowStarted: Promise<Run<Answer>> | null = null;
    const reply = (answeredBy: AnsweredBy, response: string, route: string, mode: Mode, reason: DecisionReason, extra: { bucket?: number; fallback?: boolean; answer?: Answer | null } = {}): AskReply => {
      const settings = config.route(route);
      const answer = extra.answer ?? null;
      const decision: Decision = {
        id,
        route,
        mode,
        answeredBy,
        reason,
        killSwitch: config.killSwitch.value,
        bucket: extra.bucket ?? null,
        percentage: settings.percentage.value,
        threshold: settings.threshold.value,
        fallback: extra.fallback ?? false,
        escalated: answeredBy === 'escalation',
        configVersion: config.version,
        latencyMs: { reply: round(performance.now() - started) },
      };
      log.info({ decision: id, route, mode, reason, answeredBy, bucket: decision.bucket, ms: decision.latencyMs.reply }, 'answered');
      if (answeredBy === 'escalation') {
        const why = answer?.structured.escalation.reason ?? reason.replace(/_/g, ' ');
        options.escalate({ decisionId: id, route, reason: why, message, conversationId });
      }
      void finish(decision);
      const known = answer ?? sopAnswer();
      return {
        response,
        answeredBy,
        confidence: known ? known.confidence : null,
        structured: answeredBy === 'assistant' ? null : (answer?.structured ?? null),
        decision,
      };
    };

    /** Once every side that was started is done: the decision record and, in shadow mode, the comparison. */
    const finish = async (decision: Decision) => {
      const shadowRun = shadowStarted ? await shadowStarted : null;
      const [s, a] = await Promise.all([sopRun?.promise, assistantRun?.promise]);
      // A route the reply could not name yet is the one the SOP module found.
      const route = decision.route === 'unknown' && s?.ok ? s.value.structured.route : decision.route;
      const costs = config.costs;
      const usage = a?.ok ? a.value.usage : null;
      for (const model of [unpricedModel(usage, costs), unpricedModel(s?.ok ? s.value.usage : null, costs)]) {
        if (model && !unpriced.has(model)) {
          unpriced.add(model);
          log.warn({ model }, 'no price for this model under costs.per_million_tokens in rollout.yaml: its tokens are counted at $0');
        }
      }
      options.record({
        ...decision,
        route,
        conversationId: conversationId ?? null,
        sop: s
          ? {
              latencyMs: round(s.ms),
              confidence: s.ok ? s.value.confidence : null,
              error: s.ok ? null : s.error,
              tokens: s.ok && s.value.usage ? s.value.usage.inputTokens + s.value.usage.outputTokens : 0,
              costUsd: s.ok ? costOf(s.value.usage, costs) : 0,
            }
          : null,
        assistant: a
          ? { latencyMs: round(a.ms), error: a.ok ? null : a.error, tokens: usage ? usage.inputTokens + usage.outputTokens : 0, costUsd: costOf(usage, costs) }
          : null,
      });
      if (shadowRun && s && a && config.route(route).mode.value === 'shadow') {
        options.compare({
          decisionId: decision.id,
          route,
          message,
          assistantResponse: a.ok ? a.value.response : null,
          assistantLatencyMs: round(a.ms),
          sop: s.ok ? s.value : null,
          sopLatencyMs: round(s.ms),
          sopError: s.ok ? null : s.error,
        });
      }
    };

    /** The route-level escalation reply when no SOP answer can be sent. */
    const handOver = (route: string, mode: Mode, reason: DecisionReason, extra: { bucket?: number; fallback?: boolean } = {}) =>
      reply('escalation', instructions(route).escalation, route, mode, reason, extra);

    /**
     * The Assistant answers. With `shadow`, the SOP module runs beside it, started after the Assistant's
     * call is under way; with `sopIfUnavailable`, a confident SOP answer stands in when the Assistant fails.
     */
    const assistantAnswers = async (known: string | null, mode: Mode, reason: DecisionReason, flags: { shadow?: boolean; sopIfUnavailable?: boolean; bucket?: number; fallback?: boolean }) => {
      const a = assistant(known);
      if (flags.shadow) shadowStarted = new Promise((done) => setImmediate(() => done(sop())));
      const out = await a.promise;
      const early = sopAnswer();
      const route = known ?? early?.structured.route ?? 'unknown';
      const finalMode = known ? mode : config.route(route).mode.value;
      const extra = { bucket: flags.bucket, fallback: flags.fallback };
      if (early && urgent(early)) return reply('escalation', early.response, route, finalMode, 'human_required', { ...extra, answer: early });
      if (out.ok) return reply('assistant', out.value.response, route, finalMode, reason, extra);
      log.warn({ decision: id, route, err: out.error }, 'assistant unavailable');
      if (flags.sopIfUnavailable) {
        const s = await sop().promise;
        if (s.ok) {
          const settings = config.route(s.value.structured.route);
          if (needsHuman(s.value)) return reply('escalation', s.value.response, s.value.structured.route, finalMode, 'human_required', { ...extra, answer: s.value });
          if (s.value.confidence >= settings.threshold.value) return reply('sop', s.value.response, s.value.structured.route, finalMode, 'assistant_unavailable', { ...extra, answer: s.value });
        }
      }
      return handOver(route, finalMode, 'assistant_unavailable', extra);
    };

    // 1. Emergency wording (or an emergency route from the caller): the SOP's safety reply and a human, whatever the mode.
    const fixed = priorityRoute(message, knowledge.routes) ?? request.route ?? null;
    if (fixed && instructions(fixed).alwaysEscalate) {
      const s = await sop().promise;
      const mode = config.route(fixed).mode.value;
      if (!s.ok) return handOver(fixed, mode, 'human_required');
      if (alerts(s.value)) return reply('escalation', s.value.response, s.value.structured.route, mode, 'human_required', { answer: s.value });
    }

    // 2. The kill switch: the Assistant, and nothing of the SOP module.
    if (config.killSwitch.value) return assistantAnswers(fixed, 'off', 'kill_switch', {});

    // 3. The route's mode. Without a route, the SOP module finds it first only if some route is in rollout.
    let route = fixed;
    if (!route && config.routes.some((r) => r.mode.value === 'rollout')) {
      const s = await sop().promise;
      route = s.ok ? s.value.structured.route : 'unknown';
    }
    const settings = route ? config.route(route) : null;
    const mode: Mode = settings?.mode.value ?? (config.routes.some((r) => r.mode.value === 'shadow') ? 'shadow' : 'off');

    if (mode === 'off') return assistantAnswers(route, mode, 'mode_off', {});
    if (mode === 'shadow' || !route || !settings) return assistantAnswers(route, 'shadow', 'shadow', { shadow: true, sopIfUnavailable: true });

    // 4. Rollout: the customer's sticky bucket decides who may answer; the SOP answers only when confident.
    const bucket = bucketOf(route, request.stickyKey);
    if (bucket > settings.percentage.value) return assistantAnswers(route, mode, 'outside_rollout', { sopIfUnavailable: true, bucket });
    const s = await sop().promise;
    if (!s.ok) {
      log.warn({ decision: id, route, err: s.error }, 'SOP module failed; the Assistant answers');
      return assistantAnswers(route, mode, 'sop_failed', { bucket, fallback: true });
    }
    if (needsHuman(s.value)) return reply('escalation', s.value.response, route, mode, 'human_required', { bucket, answer: s.value });
    if (s.value.confidence >= settings.threshold.value) return reply('sop', s.value.response, route, mode, 'confident', { bucket, answer: s.value });
    return assistantAnswers(route, mode, 'low_confidence', { bucket, fallback: true });
  };

  return { ask };
}

function validate(request: AskRequest): string {
  if (!request || typeof request !== 'object') throw new InputError('the body must be a JSON object {message, stickyKey, route?, context?}');
  if (typeof request.message !== 'string' || !request.message.trim()) throw new InputError('message: required, the customer message to answer');
  if (request.message.length > MAX_MESSAGE_CHARS) throw new InputError(`message: ${request.message.length} characters; the limit is ${MAX_MESSAGE_CHARS}`);
  if (typeof request.stickyKey !== 'string' || !request.stickyKey.trim()) {
    throw new InputError("stickyKey: required, the customer's phone number or conversation id (it keeps each customer in one rollout bucket)");
  }
  if (request.route !== undefined && typeof request.route !== 'string') throw new InputError('route: must be a string');
  const context = request.context;
  if (context !== undefined) {
    if (typeof context !== 'object' || context === null) throw new InputError('context: must be an object {previousMessages?, conversationId?}');
    if (context.previousMessages !== undefined && !(Array.isArray(context.previousMessages) && context.previousMessages.every((m) => typeof m === 'string'))) {
      throw new InputError('context.previousMessages: must be an array of strings');
    }
    if (context.conversationId !== undefined && typeof context.conversationId !== 'string') throw new InputError('context.conversationId: must be a string');
  }
  return request.message.trim();
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
