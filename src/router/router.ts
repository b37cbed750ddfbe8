import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { priorityRoute, type Answer } from '../answer/index.ts';
import type { AssistantReply } from '../assistant/index.ts';
import { withinMs } from '../deadline.ts';
import { InputError } from '../errors.ts';
import { roundTo } from '../numbers.ts';
import { defaultInstructions } from '../sops/route-instructions.ts';
import { costOf, unpricedModel } from './cost.ts';
import { decide, type DecisionInput, type Settled } from './decide.ts';
import { validateRequest } from './request.ts';
import type { AskReply, AskRequest, Decision, Router, RouterOptions } from './types.ts';

/** Milliseconds to two decimals, as decisions record them. */
const ms2 = (ms: number) => roundTo(ms, 2);

type Outcome<T> = Settled<T> & { ms: number };
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
    const instructions = (name: string) => knowledge.routes.get(name) ?? defaultInstructions(name);
    // The route, before anything runs: emergency wording, else the caller's, else the best keyword match
    // (no embedding, no network). The SOP module may still settle on another route for its answer.
    const given = priorityRoute(message, knowledge.routes) ?? request.route ?? null;
    const input: DecisionInput<AssistantReply> = {
      route: given ?? knowledge.index.lexicalRoute(message) ?? 'unknown',
      fixed: given !== null,
      stickyKey,
      config,
      instructions,
    };

    /** The sides started so far: the SOP module's answer, the Assistant's reply, and when the shadow SOP run began. */
    const runs: { sop?: Run<Answer>; assistant?: Run<AssistantReply>; shadow?: Promise<unknown> } = {};
    const sop = () => (runs.sop ??= run(() => module.processWithContext(message, request.route, { previousMessages, conversationId }), options.sopTimeoutMs));

    let step = decide(input);
    while (!('reply' in step)) {
      if (step.run === 'sop') {
        input.sop = await sop().promise;
        if (!input.sop.ok) log.warn({ decision: id, route: input.route, err: input.sop.error }, 'SOP module failed');
      } else {
        const { route } = step;
        runs.assistant ??= run(() => options.assistant.ask({ message, route, previousMessages }));
        // In shadow mode the SOP module runs beside the Assistant, started once the Assistant's call is under way.
        if (step.shadow) runs.shadow = new Promise<void>((done) => setImmediate(() => done(void sop())));
        input.assistant = await runs.assistant.promise;
        if (!input.assistant.ok) log.warn({ decision: id, route, err: input.assistant.error }, 'assistant unavailable');
      }
      step = decide(input);
    }

    const verdict = step.reply;
    const { route, answer } = verdict;
    const settings = config.route(route);
    const decision: Decision = {
      id,
      route,
      mode: verdict.mode,
      answeredBy: verdict.answeredBy,
      reason: verdict.reason,
      killSwitch: config.killSwitch.value,
      bucket: verdict.bucket,
      percentage: settings.percentage.value,
      threshold: settings.threshold.value,
      fallback: verdict.fallback,
      escalated: verdict.answeredBy === 'escalation',
      configVersion: config.version,
      latencyMs: { reply: ms2(performance.now() - started) },
    };
    log.info(
      {
        decision: id,
        route,
        mode: decision.mode,
        reason: decision.reason,
        answeredBy: decision.answeredBy,
        bucket: decision.bucket,
        ms: decision.latencyMs.reply,
      },
      'answered',
    );
    if (verdict.answeredBy === 'escalation') {
      const escalating = options.escalate({
        decisionId: id,
        route,
        reason: answer?.structured.escalation.reason ?? verdict.reason.replace(/_/g, ' '),
        message,
        conversationId,
      });
      if (escalating) track(escalating, 'escalation');
    }
    track(finish(decision), 'decision log');

    /** Once every side that was started is done: the decision record and, in shadow mode, the comparison. */
    async function finish(decided: Decision) {
      if (runs.shadow) await runs.shadow;
      const [s, a] = await Promise.all([runs.sop?.promise, runs.assistant?.promise]);
      const costs = config.costs;
      const usage = a?.ok ? a.value.usage : null;
      for (const model of [unpricedModel(usage, costs), unpricedModel(s?.ok ? s.value.usage : null, costs)]) {
        if (model && !unpriced.has(model)) {
          unpriced.add(model);
          log.warn({ model }, 'no price for this model under costs.per_million_tokens in rollout.yaml: its tokens are counted at $0');
        }
      }
      options.record({
        ...decided,
        at,
        conversationId: conversationId ?? null,
        message,
        sop: s
          ? {
              latencyMs: ms2(s.ms),
              confidence: s.ok ? s.value.confidence : null,
              error: s.ok ? null : s.error,
              tokens: s.ok && s.value.usage ? s.value.usage.inputTokens + s.value.usage.outputTokens : 0,
              costUsd: s.ok ? costOf(s.value.usage, costs) : 0,
            }
          : null,
        assistant: a
          ? { latencyMs: ms2(a.ms), error: a.ok ? null : a.error, tokens: usage ? usage.inputTokens + usage.outputTokens : 0, costUsd: costOf(usage, costs) }
          : null,
      });
      if (runs.shadow && s && a) {
        options.compare({
          decisionId: decided.id,
          route: decided.route,
          message,
          assistantResponse: a.ok ? a.value.response : null,
          assistantLatencyMs: ms2(a.ms),
          sop: s.ok ? s.value : null,
          sopLatencyMs: ms2(s.ms),
          sopError: s.ok ? null : s.error,
        });
      }
    }

    const response =
      verdict.text === 'assistant' && input.assistant?.ok
        ? input.assistant.value.response
        : verdict.text === 'sop' && answer
          ? answer.response
          : instructions(route).escalation;
    const known = answer ?? (runs.sop?.settled?.ok ? runs.sop.settled.value : null);
    return {
      response,
      answeredBy: verdict.answeredBy,
      confidence: known ? known.confidence : null,
      structured: verdict.answeredBy === 'assistant' ? null : (answer?.structured ?? null),
      decision,
    };
  };

  const drain = async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  };

  return { ask, drain };
}
