import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/index.ts';
import { effectiveRollout, parseRollout, type RolloutOverrides } from '../../src/config/index.ts';
import { decide, type DecisionInput, type Settled, type Step } from '../../src/router/decide.ts';
import { defaultInstructions } from '../../src/sops/route-instructions.ts';

const ROUTES = ['booking', 'emergency', 'tech'];
const GATES = '{ min_confident_correct: 0.8, min_precision: 0.95, max_false_answer_rate: 0.05, max_p95_latency_ms: 1000, max_regression_points: 2 }';

/** Every route in one mode at one percentage, answering at 0.75. */
function config(mode: 'off' | 'shadow' | 'rollout', percentage: number, overrides: RolloutOverrides = {}) {
  const text = `defaults:\n  mode: ${mode}\n  percentage: ${percentage}\n  confidence_threshold: 0.75\n  gates: ${GATES}\nroutes: {}\n`;
  return effectiveRollout(parseRollout(text, 'rollout.yaml', ROUTES), overrides, ROUTES);
}

const instructions = (route: string) => ({ ...defaultInstructions(route), alwaysEscalate: route === 'emergency' });

function answer(route: string, confidence: number, o: { escalate?: boolean; humanOnly?: boolean; clarify?: number } = {}): Settled<Answer> {
  return {
    ok: true,
    value: {
      response: `${route} answer`,
      confidence,
      structured: {
        route,
        category: o.clarify !== undefined ? 'clarification' : o.escalate ? 'escalation' : 'solution',
        steps: [],
        actions: o.humanOnly ? [{ type: 'human_only', action: 'refund', reason: 'staff decide refunds' }] : [],
        escalation: { required: o.escalate ?? false, reason: o.escalate ? 'someone may be hurt' : null },
        sources: [],
        answerer: 'extractive',
        ...(o.clarify !== undefined ? { clarify: { options: ['a.md', 'b.md'], confidence: o.clarify } } : {}),
      },
    },
  };
}
const FAILED: Settled<never> = { ok: false, error: 'timed out' };
const REPLIED: Settled<unknown> = { ok: true, value: { response: 'assistant reply' } };

function input(o: Partial<DecisionInput> & { config: DecisionInput['config'] }): DecisionInput {
  return { route: 'tech', fixed: false, stickyKey: '+19025550100', instructions, ...o };
}

/** The reply's shape without the SOP answer object, for compact expectations. */
function shape(step: Step) {
  if (!('reply' in step)) return step;
  const { answer, ...rest } = step.reply;
  return { ...rest, answer: answer ? `${answer.structured.route} ${answer.confidence}` : null };
}

describe('decide: the router decision as a pure function', () => {
  const shadow = config('shadow', 0);
  const all = config('rollout', 100);
  const none = config('rollout', 0);
  const bucket = expect.any(Number);

  const cases: Array<[string, DecisionInput, unknown]> = [
    // Shadow: the Assistant first; the SOP module only stands in when the Assistant fails.
    ['shadow, nothing run yet', input({ config: shadow }), { run: 'assistant', route: 'tech', shadow: true }],
    [
      'shadow, the Assistant replied',
      input({ config: shadow, assistant: REPLIED }),
      { answeredBy: 'assistant', text: 'assistant', route: 'tech', mode: 'shadow', reason: 'shadow', bucket: null, fallback: false, answer: null },
    ],
    ['shadow, the Assistant failed: the SOP is awaited', input({ config: shadow, assistant: FAILED }), { run: 'sop' }],
    [
      'shadow, the Assistant failed, a confident SOP answer',
      input({ config: shadow, assistant: FAILED, sop: answer('tech', 0.9) }),
      { answeredBy: 'sop', text: 'sop', route: 'tech', mode: 'shadow', reason: 'assistant_unavailable', bucket: null, fallback: false, answer: 'tech 0.9' },
    ],
    [
      'shadow, the Assistant failed, an unsure SOP answer',
      input({ config: shadow, assistant: FAILED, sop: answer('tech', 0.5) }),
      {
        answeredBy: 'escalation',
        text: 'hand-over',
        route: 'tech',
        mode: 'shadow',
        reason: 'assistant_unavailable',
        bucket: null,
        fallback: false,
        answer: null,
      },
    ],
    [
      'shadow, the Assistant failed, a human-only request',
      input({ config: shadow, assistant: FAILED, sop: answer('tech', 0.3, { humanOnly: true }) }),
      { answeredBy: 'escalation', text: 'sop', route: 'tech', mode: 'shadow', reason: 'human_required', bucket: null, fallback: false, answer: 'tech 0.3' },
    ],
    [
      'shadow, both failed',
      input({ config: shadow, assistant: FAILED, sop: FAILED }),
      {
        answeredBy: 'escalation',
        text: 'hand-over',
        route: 'tech',
        mode: 'shadow',
        reason: 'assistant_unavailable',
        bucket: null,
        fallback: false,
        answer: null,
      },
    ],
    // The kill switch and mode off: the Assistant alone.
    // The kill switch turns every route off.
    [
      'kill switch over a full rollout',
      input({ config: config('rollout', 100, { USE_INTELLIGENT_SOP: false }), assistant: REPLIED }),
      { answeredBy: 'assistant', text: 'assistant', route: 'tech', mode: 'off', reason: 'kill_switch', bucket: null, fallback: false, answer: null },
    ],
    [
      'kill switch, the Assistant failed: no SOP stands in',
      input({ config: config('rollout', 100, { USE_INTELLIGENT_SOP: false }), assistant: FAILED }),
      { answeredBy: 'escalation', text: 'hand-over', route: 'tech', mode: 'off', reason: 'assistant_unavailable', bucket: null, fallback: false, answer: null },
    ],
    [
      'mode off',
      input({ config: config('off', 0), assistant: REPLIED }),
      { answeredBy: 'assistant', text: 'assistant', route: 'tech', mode: 'off', reason: 'mode_off', bucket: null, fallback: false, answer: null },
    ],
    // Rollout: inside the share the SOP answers when confident, else the Assistant falls back.
    ['rollout, nothing run yet', input({ config: all }), { run: 'sop' }],
    [
      'rollout, confident',
      input({ config: all, sop: answer('tech', 0.8) }),
      { answeredBy: 'sop', text: 'sop', route: 'tech', mode: 'rollout', reason: 'confident', bucket, fallback: false, answer: 'tech 0.8' },
    ],
    [
      'rollout, at the threshold exactly',
      input({ config: all, sop: answer('tech', 0.75) }),
      { answeredBy: 'sop', text: 'sop', route: 'tech', mode: 'rollout', reason: 'confident', bucket, fallback: false, answer: 'tech 0.75' },
    ],
    ['rollout, unsure: the Assistant is asked', input({ config: all, sop: answer('tech', 0.6) }), { run: 'assistant', route: 'tech', shadow: false }],
    [
      'rollout, unsure, the Assistant replied',
      input({ config: all, sop: answer('tech', 0.6), assistant: REPLIED }),
      { answeredBy: 'assistant', text: 'assistant', route: 'tech', mode: 'rollout', reason: 'low_confidence', bucket, fallback: true, answer: null },
    ],
    [
      'rollout, the SOP failed',
      input({ config: all, sop: FAILED, assistant: REPLIED }),
      { answeredBy: 'assistant', text: 'assistant', route: 'tech', mode: 'rollout', reason: 'sop_failed', bucket, fallback: true, answer: null },
    ],
    [
      'rollout, the SOP and the Assistant failed',
      input({ config: all, sop: FAILED, assistant: FAILED }),
      { answeredBy: 'escalation', text: 'hand-over', route: 'tech', mode: 'rollout', reason: 'assistant_unavailable', bucket, fallback: false, answer: null },
    ],
    [
      'rollout, a confident answer that needs staff',
      input({ config: all, sop: answer('tech', 0.9, { escalate: true }) }),
      { answeredBy: 'escalation', text: 'sop', route: 'tech', mode: 'rollout', reason: 'human_required', bucket, fallback: false, answer: 'tech 0.9' },
    ],
    [
      'rollout, a clarifying question likely enough right',
      input({ config: all, sop: answer('tech', 0.4, { clarify: 0.8 }) }),
      { answeredBy: 'sop', text: 'sop', route: 'tech', mode: 'rollout', reason: 'confident', bucket, fallback: false, answer: 'tech 0.4' },
    ],
    [
      'rollout, a clarifying question too unsure',
      input({ config: all, sop: answer('tech', 0.9, { clarify: 0.5 }) }),
      { run: 'assistant', route: 'tech', shadow: false },
    ],
    [
      'outside the rollout share',
      input({ config: none, assistant: REPLIED }),
      { answeredBy: 'assistant', text: 'assistant', route: 'tech', mode: 'rollout', reason: 'outside_rollout', bucket, fallback: false, answer: null },
    ],
    [
      'outside the share, the Assistant failed, a confident SOP answer',
      input({ config: none, assistant: FAILED, sop: answer('tech', 0.9) }),
      { answeredBy: 'sop', text: 'sop', route: 'tech', mode: 'rollout', reason: 'assistant_unavailable', bucket, fallback: false, answer: 'tech 0.9' },
    ],
    // An always-escalating route: the SOP module is awaited first, whatever the mode.
    ['emergency wording, nothing run yet', input({ config: shadow, route: 'emergency', fixed: true }), { run: 'sop' }],
    [
      'emergency wording, the SOP failed',
      input({ config: shadow, route: 'emergency', fixed: true, sop: FAILED }),
      {
        answeredBy: 'escalation',
        text: 'hand-over',
        route: 'emergency',
        mode: 'shadow',
        reason: 'human_required',
        bucket: null,
        fallback: false,
        answer: null,
      },
    ],
    [
      'emergency wording, an unsure escalating answer',
      input({ config: shadow, route: 'emergency', fixed: true, sop: answer('emergency', 0.2, { escalate: true }) }),
      {
        answeredBy: 'escalation',
        text: 'sop',
        route: 'emergency',
        mode: 'shadow',
        reason: 'human_required',
        bucket: null,
        fallback: false,
        answer: 'emergency 0.2',
      },
    ],
    [
      'emergency by keyword, unsure: not confirmed, the SOP route decides',
      input({ config: shadow, route: 'emergency', sop: answer('emergency', 0.2, { escalate: true }) }),
      { run: 'assistant', route: 'emergency', shadow: true },
    ],
    [
      'emergency by keyword, a tech answer: the Assistant is asked on tech',
      input({ config: shadow, route: 'emergency', sop: answer('tech', 0.9) }),
      { run: 'assistant', route: 'tech', shadow: true },
    ],
    [
      'emergency by keyword, confirmed',
      input({ config: shadow, route: 'emergency', sop: answer('emergency', 0.9, { escalate: true }) }),
      {
        answeredBy: 'escalation',
        text: 'sop',
        route: 'emergency',
        mode: 'shadow',
        reason: 'human_required',
        bucket: null,
        fallback: false,
        answer: 'emergency 0.9',
      },
    ],
    [
      'emergency by keyword, the SOP failed: the route stays',
      input({ config: all, route: 'emergency', sop: FAILED, assistant: REPLIED }),
      { answeredBy: 'assistant', text: 'assistant', route: 'emergency', mode: 'rollout', reason: 'sop_failed', bucket, fallback: true, answer: null },
    ],
  ];

  it.each(cases)('%s', (_name, given, expected) => {
    expect(shape(decide(given))).toEqual(expected);
  });

  it('draws the same bucket for the same customer and route, and records it', () => {
    const first = decide(input({ config: all, sop: answer('tech', 0.9) }));
    const again = decide(input({ config: all, sop: answer('tech', 0.9) }));
    expect('reply' in first && first.reply.bucket).toBe('reply' in again && again.reply.bucket);
  });
});
