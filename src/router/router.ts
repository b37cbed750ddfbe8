import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { priorityRoute, type Answer } from '../answer/index.ts';
import type { AssistantReply } from '../assistant/index.ts';
import type { Mode } from '../config/index.ts';
import { withinMs } from '../deadline.ts';
import { InputError } from '../errors.ts';
import { defaultInstructions } from '../sops/route-instructions.ts';
import { bucketOf } from './bucket.ts';
import { costOf, unpricedModel } from './cost.ts';
import { validateRequest } from './request.ts';
import type { AnsweredBy, AskReply, AskRequest, Decision, DecisionReason, Router, RouterOptions } from './types.ts';

type Outcome<T> = ({ ok: true; value: T } | { ok: false; error: string }) & { ms: number };
type Run<T> = { promise: Promise<Outcome<T>>; settled: Outcome<T> | null };

/** Runs `fn` and settles with its value or error and duration; never rejects. */
function run<T>(fn: () => Promise<T>, timeoutMs?: number): Run<T> {
  const started = performance.now();
  const state: Run<T> = { promise: null as unknown as Promise<Outcome<T>>, settled: null };
  const attempt = Promise.resolve().then(fn);
  state.promise = (timeoutMs === undefined ? attempt : withinMs(attempt, timeoutMs)).then(
    (value): Outcome<T> => ({ ok: true, value, ms: performance.now() - started }),
    (error: unknown): Outcome<T> => ({
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      ms: performance.now() - started,
    }),
  );
  void state.promise.then((o) => {
    state.settled = o;
  });
  return state;
}

/**
 * The router: one decision per request between the SOP module and the old Assistant. The route is
 * known before anything runs (emergency wording, the caller's route, or the best keyword match), so
 * the mode is too: the Assistant is never awaited behind the SOP module in shadow mode, and the SOP
 * module never delays or fails a reply it does not make. Decisions, comparisons and escalations are
 * handed over off the reply path.
 */
export function createRouter(options: RouterOptions): Router {
  const { log } = options;
  const unpriced = new Set<string>();
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>, what: string) => {
    const p = work.catch((error: unknown) => log.error({ err: error instanceof Error ? error.message : String(error) }, `router: ${what} failed`));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  const ask = async (request: AskRequest): Promise<AskReply> => {
    const at = new Date();
    const started = performance.now();
    const { message, stickyKey } = validateRequest(request);
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
    let shadowStarted: Promise<unknown> | null = null;
    const sop = () => (sopRun ??= run(() => module.processWithContext(message, request.route, { previousMessages, conversationId }), options.sopTimeoutMs));
    const instructions = (name: string) => knowledge.routes.get(name) ?? defaultInstructions(name);

    // The route, before anything runs: emergency wording, else the caller's, else the best keyword match
    // (no embedding, no network). The SOP module may still settle on another route for its answer.
    const priority = priorityRoute(message, knowledge.routes);
    const fixed = priority ?? request.route ?? null;
    let route = fixed ?? knowledge.index.lexicalRoute(message) ?? 'unknown';
    let settings = config.route(route);

    const confident = (a: Answer) => a.confidence >= settings.threshold.value;
    /** An always-escalating route's answer that needs a human; a route found by search must be found confidently. */
    const alerts = (a: Answer) => instructions(a.structured.route).alwaysEscalate && a.structured.escalation.required && (fixed !== null || confident(a));
    /** What a SOP answer may be used for: sent, handed to staff, or neither (unsure). */
    const verdict = (a: Answer): 'answer' | 'human' | 'unsure' => {
      if (alerts(a) || a.structured.actions.some((x) => x.type === 'human_only')) return 'human';
      // A question that tells two SOPs apart is sent when one of the two is likely enough right.
      if (a.structured.clarify) return a.structured.clarify.confidence >= settings.threshold.value ? 'answer' : 'unsure';
      if (!confident(a)) return 'unsure';
      return a.structured.escalation.required ? 'human' : 'answer';
    };

    const reply = (answeredBy: AnsweredBy, response: string, mode: Mode, reason: DecisionReason, extra: { bucket?: number; fallback?: boolean; answer?: Answer } = {}): AskReply => {
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
        fallback: answeredBy === 'assistant' && (extra.fallback ?? false),
        escalated: answeredBy === 'escalation',
        configVersion: config.version,
        latencyMs: { reply: round(performance.now() - started) },
      };
      log.info({ decision: id, route, mode, reason, answeredBy, bucket: decision.bucket, ms: decision.latencyMs.reply }, 'answered');
      if (answeredBy === 'escalation') {
        const escalating = options.escalate({ decisionId: id, route, reason: answer?.structured.escalation.reason ?? reason.replace(/_/g, ' '), message, conversationId });
        if (escalating) track(escalating, 'escalation');
      }
      track(finish(decision), 'decision log');
      const known = answer ?? (sopRun?.settled?.ok ? sopRun.settled.value : null);
      return { response, answeredBy, confidence: known ? known.confidence : null, structured: answeredBy === 'assistant' ? null : (answer?.structured ?? null), decision };
    };

    /** Once every side that was started is done: the decision record and, in shadow mode, the comparison. */
    const finish = async (decision: Decision) => {
      if (shadowStarted) await shadowStarted;
      const [s, a] = await Promise.all([sopRun?.promise, assistantRun?.promise]);
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
        at,
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
      if (shadowStarted && s && a) {
        options.compare({
          decisionId: decision.id,
          route: decision.route,
          message,
          assistantResponse: a.ok ? a.value.response : null,
          assistantLatencyMs: round(a.ms),
          sop: s.ok ? s.value : null,
          sopLatencyMs: round(s.ms),
          sopError: s.ok ? null : s.error,
        });
      }
    };

    /** The route's hand-over when no answer can be sent. */
    const handOver = (mode: Mode, reason: DecisionReason, extra: { bucket?: number } = {}) => reply('escalation', instructions(route).escalation, mode, reason, extra);

    /**
     * The Assistant answers. In shadow mode the SOP module runs beside it, started once the Assistant's
     * call is under way; with `sopIfUnavailable`, a confident SOP answer stands in when the Assistant fails.
     */
    const assistantAnswers = async (mode: Mode, reason: DecisionReason, flags: { shadow?: boolean; sopIfUnavailable?: boolean; bucket?: number; fallback?: boolean }) => {
      assistantRun ??= run(() => options.assistant.ask({ message, route, previousMessages }));
      if (flags.shadow) shadowStarted = new Promise<void>((done) => setImmediate(() => done(void sop())));
      const out = await assistantRun.promise;
      if (out.ok) return reply('assistant', out.value.response, mode, reason, flags);
      log.warn({ decision: id, route, err: out.error }, 'assistant unavailable');
      if (flags.sopIfUnavailable) {
        const s = await sop().promise;
        const v = s.ok ? verdict(s.value) : 'unsure';
        if (s.ok && v === 'answer') return reply('sop', s.value.response, mode, 'assistant_unavailable', { ...flags, answer: s.value });
        if (s.ok && v === 'human') return reply('escalation', s.value.response, mode, 'human_required', { ...flags, answer: s.value });
      }
      return handOver(mode, 'assistant_unavailable', flags);
    };

    // 1. An always-escalating route (emergencies): the SOP's safety reply and a human, whatever the mode.
    if (instructions(route).alwaysEscalate) {
      const s = await sop().promise;
      if (!s.ok && fixed) return handOver(settings.mode.value, 'human_required');
      if (s.ok && alerts(s.value)) {
        route = s.value.structured.route;
        settings = config.route(route);
        return reply('escalation', s.value.response, settings.mode.value, 'human_required', { answer: s.value });
      }
      // Keywords pointed here but the SOP module did not confirm it: its route decides.
      if (s.ok && !fixed) {
        route = s.value.structured.route;
        settings = config.route(route);
      }
    }

    // 2. The kill switch, then the route's mode.
    const mode = settings.mode.value;
    if (config.killSwitch.value) return assistantAnswers(mode, 'kill_switch', {});
    if (mode === 'off') return assistantAnswers(mode, 'mode_off', {});
    if (mode === 'shadow') return assistantAnswers(mode, 'shadow', { shadow: true, sopIfUnavailable: true });

    // 3. Rollout: the customer's sticky bucket decides who may answer; the SOP answers only when confident.
    const bucket = bucketOf(route, stickyKey);
    if (bucket > settings.percentage.value) return assistantAnswers(mode, 'outside_rollout', { sopIfUnavailable: true, bucket });
    const s = await sop().promise;
    if (!s.ok) {
      log.warn({ decision: id, route, err: s.error }, 'SOP module failed; the Assistant answers');
      return assistantAnswers(mode, 'sop_failed', { bucket, fallback: true });
    }
    const v = verdict(s.value);
    if (v === 'human') return reply('escalation', s.value.response, mode, 'human_required', { bucket, answer: s.value });
    if (v === 'answer') return reply('sop', s.value.response, mode, 'confident', { bucket, answer: s.value });
    return assistantAnswers(mode, 'low_confidence', { bucket, fallback: true });
  };

  const drain = async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  };

  return { ask, drain };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
