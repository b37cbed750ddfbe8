import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSopModule, InputError, type Knowledge, type SopModule } from '../../src/answer/index.ts';
import { AssistantUnavailableError, type Assistant, type AssistantRequest } from '../../src/assistant/index.ts';
import { effectiveRollout, parseRollout, type RolloutOverrides } from '../../src/config/index.ts';
import { bucketOf, createRouter, type ComparisonRecord, type DecisionRecord, type Escalation, type RouterOptions } from '../../src/router/index.ts';
import { repoKnowledge } from '../answer/knowledge.ts';
import { captureLogger } from '../fakes/logger.ts';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await repoKnowledge();
});

const ROUTES = ['booking', 'brand', 'emergency', 'tech'];

function rollout(routesYaml: string, overrides: RolloutOverrides = {}) {
  const text = `defaults:
  mode: shadow
  percentage: 0
  confidence_threshold: 0.75
  gates: { min_confident_correct: 0.8, min_precision: 0.95, max_false_answer_rate: 0.05, max_p95_latency_ms: 1000, max_regression_points: 2 }
routes:
${routesYaml}
costs:
  baseline_monthly_usd: 750
  per_million_tokens: { gpt-4o-mini: { input: 0.15, output: 0.6 } }
  file_search_per_1k_calls: 2.5
`;
  return effectiveRollout(parseRollout(text, 'rollout.yaml', ROUTES), overrides, ROUTES);
}

/** An Assistant that answers after a known delay, or fails, and remembers what it was asked. */
function scriptedAssistant(o: { delayMs?: number; fail?: boolean; response?: string } = {}): Assistant & { calls: AssistantRequest[] } {
  const calls: AssistantRequest[] = [];
  return {
    name: 'recorded',
    calls,
    ask: async (request) => {
      calls.push(request);
      if (o.delayMs) await sleep(o.delayMs);
      if (o.fail) throw new AssistantUnavailableError('failed', 'legacy assistant answered 503');
      return {
        response: o.response ?? 'Thanks for reaching out! Please try restarting the simulator.',
        usage: { model: 'gpt-4o-mini-2024-07-18', inputTokens: 1000, outputTokens: 200, toolCalls: 1 },
      };
    },
  };
}

/** The real SOP module, optionally slowed down or broken, counting its calls. */
function sopModule(o: { delayMs?: number; fail?: boolean } = {}): SopModule & { calls: number } {
  const real = createSopModule({ knowledge, log: captureLogger() });
  const wrapped = {
    calls: 0,
    processWithContext: async (...args: Parameters<SopModule['processWithContext']>) => {
      wrapped.calls++;
      if (o.delayMs) await sleep(o.delayMs);
      if (o.fail) throw new Error('index exploded');
      return real.processWithContext(...args);
    },
  };
  return wrapped;
}

function harness(o: { assistant?: Assistant; module?: SopModule; rollout: ReturnType<typeof rollout>; sopTimeoutMs?: number }) {
  const records: DecisionRecord[] = [];
  const comparisons: ComparisonRecord[] = [];
  const escalations: Escalation[] = [];
  const module = o.module ?? sopModule();
  const options: RouterOptions = {
    answering: () => ({ module, knowledge }),
    assistant: o.assistant ?? scriptedAssistant(),
    rollout: () => o.rollout,
    record: (d) => records.push(d),
    compare: (c) => comparisons.push(c),
    escalate: (e) => void escalations.push(e),
    sopTimeoutMs: o.sopTimeoutMs ?? 2000,
    log: captureLogger(),
  };
  const settle = async (n = 1) => {
    for (let i = 0; i < 200 && records.length < n; i++) await sleep(5);
  };
  return { router: createRouter(options), records, comparisons, escalations, settle };
}

describe('shadow mode', () => {
  it("returns the Assistant's answer and logs both answers side by side", async () => {
    const h = harness({ rollout: rollout('  tech: { mode: shadow }') });
    const reply = await h.router.ask({ message: 'trackman screen frozen and wont respond', route: 'tech', stickyKey: '+15551230001' });
    expect(reply.answeredBy).toBe('assistant');
    expect(reply.response).toContain('restarting the simulator');
    expect(reply.structured).toBeNull();
    expect(reply.decision).toMatchObject({ route: 'tech', mode: 'shadow', reason: 'shadow', bucket: null, escalated: false });
    await h.settle();
    expect(h.comparisons).toHaveLength(1);
    const c = h.comparisons[0]!;
    expect(c.assistantResponse).toContain('restarting the simulator');
    expect(c.sop?.response).toContain('Alt+F4');
    expect(c.sop?.confidence).toBeGreaterThan(0.75);
    expect(c.sop?.structured.sources[0]?.id).toBe('tech/frozen-screen.md#reply');
    expect(h.records[0]).toMatchObject({ answeredBy: 'assistant', route: 'tech' });
    expect(h.records[0]!.sop?.confidence).toBe(c.sop?.confidence);
    // 1,000 input and 200 output tokens of gpt-4o-mini plus one file_search call.
    expect(h.records[0]!.assistant?.tokens).toBe(1200);
    expect(h.records[0]!.assistant?.costUsd).toBeCloseTo(0.00015 + 0.00012 + 0.0025, 8);
  });

  it('never waits for a slow SOP module: the reply comes when the Assistant answers', async () => {
    const h = harness({
      rollout: rollout('  tech: { mode: shadow }'),
      assistant: scriptedAssistant({ delayMs: 50 }),
      module: sopModule({ delayMs: 600 }),
      sopTimeoutMs: 300,
    });
    const started = performance.now();
    const reply = await h.router.ask({ message: 'no sound in the bay', route: 'tech', stickyKey: 'k1' });
    const took = performance.now() - started;
    expect(reply.answeredBy).toBe('assistant');
    expect(took).toBeLessThan(280);
    await h.settle();
    expect(h.comparisons[0]?.sopError).toBe('no answer within 300 ms');
    expect(h.records[0]?.sop?.error).toBe('no answer within 300 ms');
  });

  it('a SOP module that throws does not touch the reply, and the failure is recorded', async () => {
    const h = harness({ rollout: rollout('  tech: { mode: shadow }'), module: sopModule({ fail: true }) });
    const reply = await h.router.ask({ message: 'no sound in the bay', route: 'tech', stickyKey: 'k1' });
    expect(reply.answeredBy).toBe('assistant');
    await h.settle();
    expect(h.comparisons[0]).toMatchObject({ sop: null, sopError: 'index exploded' });
  });

  it('without a route, the comparison names the route the SOP module found', async () => {
    const h = harness({ rollout: rollout('  tech: { mode: shadow }') });
    await h.router.ask({ message: 'trackman screen frozen and wont respond', stickyKey: 'k1' });
    await h.settle();
    expect(h.records[0]?.route).toBe('tech');
    expect(h.comparisons[0]?.route).toBe('tech');
  });

  it('when the Assistant fails, a confident SOP answer stands in; an unsure one escalates', async () => {
    const h = harness({ rollout: rollout('  tech: { mode: shadow }'), assistant: scriptedAssistant({ fail: true }) });
    const sure = await h.router.ask({ message: 'trackman screen frozen and wont respond', route: 'tech', stickyKey: 'k1' });
    expect(sure).toMatchObject({ answeredBy: 'sop', decision: { reason: 'assistant_unavailable' } });
    expect(sure.response).toContain('Alt+F4');
    const unsure = await h.router.ask({ message: 'what is the capital of france', route: 'tech', stickyKey: 'k1' });
    expect(unsure).toMatchObject({ answeredBy: 'escalation', decision: { reason: 'assistant_unavailable', escalated: true } });
    expect(h.escalations).toHaveLength(1);
  });
});

describe('kill switch and mode off', () => {
  it('USE_INTELLIGENT_SOP=false sends everything to the Assistant without running the SOP module', async () => {
    const module = sopModule();
    const h = harness({ rollout: rollout('  tech: { mode: rollout, percentage: 100 }', { USE_INTELLIGENT_SOP: false }), module });
    const reply = await h.router.ask({ message: 'trackman screen frozen and wont respond', route: 'tech', stickyKey: 'k1' });
    expect(reply).toMatchObject({ answeredBy: 'assistant', decision: { reason: 'kill_switch', mode: 'off', killSwitch: true } });
    await h.settle();
    expect(module.calls).toBe(0);
    expect(h.comparisons).toHaveLength(0);
  });

  it('an emergency still escalates with the SOP safety reply, whatever the mode', async () => {
    for (const overrides of [{}, { USE_INTELLIGENT_SOP: false }] as RolloutOverrides[]) {
      const assistant = scriptedAssistant();
      const h = harness({ rollout: rollout('  emergency: { mode: off }', overrides), assistant });
      const reply = await h.router.ask({ message: 'there is smoke coming from the projector', route: 'tech', stickyKey: 'k1' });
      expect(reply).toMatchObject({ answeredBy: 'escalation', decision: { route: 'emergency', reason: 'human_required', escalated: true } });
      expect(reply.structured?.escalation.required).toBe(true);
      expect(assistant.calls).toHaveLength(0);
      expect(h.escalations[0]).toMatchObject({ route: 'emergency', message: 'there is smoke coming from the projector' });
    }
  });

  it('mode off: the Assistant answers, and an unavailable Assistant escalates', async () => {
    const h = harness({ rollout: rollout('  booking: { mode: off }'), assistant: scriptedAssistant({ fail: true }) });
    const reply = await h.router.ask({ message: 'how do i cancel my booking', route: 'booking', stickyKey: 'k1' });
    expect(reply).toMatchObject({ answeredBy: 'escalation', decision: { mode: 'off', reason: 'assistant_unavailable' } });
    expect(reply.response).toBe(knowledge.routes.get('booking')!.escalation);
  });
});

describe('rollout mode', () => {
  it('a customer in the SOP share gets a confident SOP answer without calling the Assistant', async () => {
    const assistant = scriptedAssistant();
    const h = harness({ rollout: rollout('  booking: { mode: rollout, percentage: 100 }'), assistant });
    const reply = await h.router.ask({ message: 'how do i cancel my booking', route: 'booking', stickyKey: '+15551234567' });
    expect(reply).toMatchObject({
      answeredBy: 'sop',
      decision: { mode: 'rollout', reason: 'confident', bucket: bucketOf('booking', '+15551234567'), fallback: false },
    });
    expect(reply.confidence).toBeGreaterThanOrEqual(0.75);
    expect(reply.structured?.route).toBe('booking');
    expect(assistant.calls).toHaveLength(0);
  });

  it('a customer outside the share gets the Assistant', async () => {
    const h = harness({ rollout: rollout('  booking: { mode: rollout, percentage: 0 }') });
    const reply = await h.router.ask({ message: 'how do i cancel my booking', route: 'booking', stickyKey: 'k1' });
    expect(reply).toMatchObject({ answeredBy: 'assistant', decision: { reason: 'outside_rollout', fallback: false } });
  });

  it('a low-confidence SOP answer falls back to the Assistant, and the fallback is recorded', async () => {
    const h = harness({ rollout: rollout('  booking: { mode: rollout, percentage: 100 }') });
    const reply = await h.router.ask({ message: 'what do you think of my swing', route: 'booking', stickyKey: 'k1' });
    expect(reply).toMatchObject({ answeredBy: 'assistant', decision: { reason: 'low_confidence', fallback: true } });
    expect(reply.confidence).toBeLessThan(0.75);
    await h.settle();
    expect(h.records[0]).toMatchObject({ fallback: true, answeredBy: 'assistant' });
    expect(h.records[0]!.sop?.confidence).toBe(reply.confidence);
  });

  it('escalates rather than guessing when the SOP is unsure and the Assistant fails', async () => {
    const h = harness({ rollout: rollout('  booking: { mode: rollout, percentage: 100 }'), assistant: scriptedAssistant({ fail: true }) });
    const reply = await h.router.ask({ message: 'what do you think of my swing', route: 'booking', stickyKey: 'k1' });
    expect(reply).toMatchObject({ answeredBy: 'escalation', decision: { reason: 'assistant_unavailable', fallback: false } });
    expect(reply.response).toBe(knowledge.routes.get('booking')!.escalation);
    expect(h.escalations).toHaveLength(1);
  });

  it('a request only staff can grant escalates with the SOP hand-over', async () => {
    const h = harness({ rollout: rollout('  booking: { mode: rollout, percentage: 100 }') });
    const reply = await h.router.ask({ message: 'i want a refund for my booking', route: 'booking', stickyKey: 'k1' });
    expect(reply).toMatchObject({ answeredBy: 'escalation', decision: { reason: 'human_required' } });
    expect(reply.structured?.actions.some((a) => a.type === 'human_only')).toBe(true);
  });

  it('a failing SOP module hands the customer to the Assistant', async () => {
    const h = harness({ rollout: rollout('  booking: { mode: rollout, percentage: 100 }'), module: sopModule({ fail: true }) });
    const reply = await h.router.ask({ message: 'how do i cancel my booking', route: 'booking', stickyKey: 'k1' });
    expect(reply).toMatchObject({ answeredBy: 'assistant', decision: { reason: 'sop_failed', fallback: true } });
  });

  it('without a route, the SOP module finds it first when some route is in rollout', async () => {
    const h = harness({ rollout: rollout('  booking: { mode: rollout, percentage: 100 }\n  tech: { mode: off }') });
    const booking = await h.router.ask({ message: 'how do i cancel my booking', stickyKey: 'k1' });
    expect(booking).toMatchObject({ answeredBy: 'sop', decision: { route: 'booking', mode: 'rollout' } });
    const tech = await h.router.ask({ message: 'trackman screen frozen and wont respond', stickyKey: 'k1' });
    expect(tech).toMatchObject({ answeredBy: 'assistant', decision: { route: 'tech', mode: 'off', reason: 'mode_off' } });
  });

  it('keeps each customer in one bucket, and a higher percentage only adds customers', async () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `+1555${String(i).padStart(7, '0')}`);
    const share = async (percentage: number) => {
      const h = harness({ rollout: rollout(`  booking: { mode: rollout, percentage: ${percentage} }`) });
      const sop = new Set<string>();
      for (const key of keys.slice(0, 300)) {
        const reply = await h.router.ask({ message: 'how do i cancel my booking', route: 'booking', stickyKey: key });
        if (reply.answeredBy === 'sop') sop.add(key);
      }
      return sop;
    };
    const at20 = await share(20);
    const at50 = await share(50);
    expect([...at20].every((k) => at50.has(k))).toBe(true);
    expect(at50.size).toBeGreaterThan(at20.size);
    expect(await share(20)).toEqual(at20);
  });
});

describe('decisions that do not depend on timing', () => {
  it('a confident SOP answer that asks for staff escalates instead of being sent', async () => {
    const real = sopModule();
    const needsStaff: SopModule = {
      processWithContext: async (...args) => {
        const a = await real.processWithContext(...args);
        return {
          ...a,
          structured: { ...a.structured, category: 'escalation', escalation: { required: true, reason: 'the model found the bay needs a technician' } },
        };
      },
    };
    const h = harness({ rollout: rollout('  booking: { mode: rollout, percentage: 100 }'), module: needsStaff });
    const reply = await h.router.ask({ message: 'how do i cancel my booking', route: 'booking', stickyKey: 'k1' });
    expect(reply).toMatchObject({ answeredBy: 'escalation', decision: { reason: 'human_required' } });
    expect(h.escalations[0]?.reason).toBe('the model found the bay needs a technician');
  });

  it.each([
    [0.9, 'sop'],
    [0.5, 'assistant'],
  ])("sends the module's question that tells two SOPs apart when one of the two is likely enough right (%d: %s)", async (pair, answeredBy) => {
    const real = sopModule();
    const asking: SopModule = {
      processWithContext: async (...args) => {
        const a = await real.processWithContext(...args);
        return {
          ...a,
          response: 'So I send the right steps: is it the side TVs, or the main screen?',
          confidence: 0.4,
          structured: { ...a.structured, category: 'clarification', clarify: { options: ['tech/side-tvs-off.md', 'tech/frozen-screen.md'], confidence: pair } },
        };
      },
    };
    const h = harness({ rollout: rollout('  tech: { mode: rollout, percentage: 100 }'), module: asking });
    const reply = await h.router.ask({ message: 'the screen is black', route: 'tech', stickyKey: 'k1' });
    expect(reply.answeredBy).toBe(answeredBy);
    if (answeredBy === 'sop') expect(reply.response).toBe('So I send the right steps: is it the side TVs, or the main screen?');
    expect(h.escalations).toHaveLength(0);
  });

  it("a threshold below the module's own never sends its 'passing this on' decline as an answer", async () => {
    const h = harness({ rollout: rollout('  booking: { mode: rollout, percentage: 100, confidence_threshold: 0.01 }') });
    const reply = await h.router.ask({ message: 'what is the capital of france', route: 'booking', stickyKey: 'k1' });
    expect(reply.answeredBy).toBe('escalation');
    expect(h.escalations).toHaveLength(1);
  });

  it('without a route, a shadow route never waits for the SOP module, even when another route is in rollout', async () => {
    const module = sopModule({ delayMs: 600 });
    const h = harness({
      rollout: rollout('  booking: { mode: rollout, percentage: 100 }\n  tech: { mode: shadow }'),
      assistant: scriptedAssistant({ delayMs: 50 }),
      module,
      sopTimeoutMs: 2000,
    });
    const started = performance.now();
    const reply = await h.router.ask({ message: 'trackman screen frozen and wont respond', stickyKey: 'k1' });
    expect(performance.now() - started).toBeLessThan(400);
    expect(reply).toMatchObject({ answeredBy: 'assistant', decision: { route: 'tech', mode: 'shadow', reason: 'shadow' } });
    await h.router.drain();
    expect(h.records).toHaveLength(1);
    expect(h.comparisons[0]?.sop?.structured.route).toBe('tech');
  });

  it('an emergency found by keywords escalates however fast the Assistant is', async () => {
    for (const delayMs of [0, 50]) {
      const h = harness({ rollout: rollout('  emergency: { mode: shadow }'), assistant: scriptedAssistant({ delayMs }) });
      const reply = await h.router.ask({ message: 'someone slipped on the mat and hurt their ankle', stickyKey: 'k1' });
      expect(reply).toMatchObject({ answeredBy: 'escalation', decision: { route: 'emergency', reason: 'human_required' } });
    }
  });

  it('a route in off mode does not run the SOP module, with or without a route from the caller', async () => {
    const module = sopModule();
    const h = harness({ rollout: rollout('  tech: { mode: off }'), module });
    const reply = await h.router.ask({ message: 'trackman screen frozen and wont respond', stickyKey: 'k1' });
    expect(reply).toMatchObject({ answeredBy: 'assistant', decision: { route: 'tech', mode: 'off', reason: 'mode_off' } });
    await h.router.drain();
    expect(module.calls).toBe(0);
    expect(h.records[0]).toMatchObject({ route: 'tech', mode: 'off', sop: null });
  });

  it('drain waits for the decision of a shadowed request whose SOP answer is still running', async () => {
    const h = harness({ rollout: rollout('  tech: { mode: shadow }'), module: sopModule({ delayMs: 200 }) });
    await h.router.ask({ message: 'no sound in the bay', route: 'tech', stickyKey: 'k1' });
    expect(h.records).toHaveLength(0);
    await h.router.drain();
    expect(h.records).toHaveLength(1);
    expect(h.comparisons).toHaveLength(1);
  });

  it('one customer is one bucket whatever the phone number format', async () => {
    const h = harness({ rollout: rollout('  booking: { mode: rollout, percentage: 100 }') });
    const buckets = new Set<number | null>();
    for (const stickyKey of ['+15551234567', '(555) 123-4567', ' 555.123.4567 ', '1 555 123 4567']) {
      buckets.add((await h.router.ask({ message: 'how do i cancel my booking', route: 'booking', stickyKey })).decision.bucket);
    }
    expect([...buckets]).toEqual([bucketOf('booking', '+15551234567')]);
  });
});

describe('cost', () => {
  it("counts the SOP side's tokens when an LLM wrote its answer, and warns once about an unpriced model", async () => {
    const real = sopModule();
    const priced: SopModule = {
      processWithContext: async (...args) => ({
        ...(await real.processWithContext(...args)),
        usage: { model: 'gpt-4o-mini', inputTokens: 2000, outputTokens: 100 },
      }),
    };
    const h = harness({ rollout: rollout('  booking: { mode: rollout, percentage: 100 }'), module: priced });
    await h.router.ask({ message: 'how do i cancel my booking', route: 'booking', stickyKey: 'k1' });
    await h.settle();
    expect(h.records[0]!.sop).toMatchObject({ tokens: 2100 });
    expect(h.records[0]!.sop!.costUsd).toBeCloseTo((2000 * 0.15 + 100 * 0.6) / 1e6, 9);

    const log = captureLogger();
    const unpriced = createRouter({
      answering: () => ({ module: sopModule(), knowledge }),
      assistant: { name: 'http', ask: async () => ({ response: 'ok', usage: { model: 'claude-legacy', inputTokens: 10, outputTokens: 10, toolCalls: 0 } }) },
      rollout: () => rollout('  tech: { mode: off }'),
      record: () => {},
      compare: () => {},
      escalate: () => {},
      sopTimeoutMs: 1000,
      log,
    });
    for (let i = 0; i < 3; i++) await unpriced.ask({ message: 'no sound in the bay', route: 'tech', stickyKey: 'k' });
    await sleep(20);
    expect(log.warnings().filter((w) => JSON.stringify(w.args).includes('claude-legacy'))).toHaveLength(1);
  });
});

describe('bad requests', () => {
  it('names the missing or wrong field', async () => {
    const h = harness({ rollout: rollout('  tech: { mode: shadow }') });
    const cases: [unknown, RegExp][] = [
      [{ message: 'hi' }, /^stickyKey: required/],
      [{ message: 'hi', stickyKey: '  ' }, /^stickyKey: required/],
      [{ stickyKey: 'k' }, /^message: required/],
      [{ message: 'hi', stickyKey: 'k', route: 'golf' }, /^route: unknown route "golf"/],
      [{ message: 'hi', stickyKey: 'k', context: { previousMessages: 'no' } }, /^context.previousMessages/],
      [{ message: 'x'.repeat(5000), stickyKey: 'k' }, /^message: 5000 characters/],
    ];
    for (const [body, error] of cases) {
      const attempt = h.router.ask(body as never);
      await expect(attempt).rejects.toBeInstanceOf(InputError);
      await expect(attempt).rejects.toThrow(error);
    }
  });
});
