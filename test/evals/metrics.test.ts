import { describe, expect, it } from 'vitest';
import { effectiveRollout, parseRollout } from '../../src/config/index.ts';
import {
  checkGate,
  groupMetrics,
  median,
  missedGates,
  mustIncludeRecall,
  percentile,
  raisedExposure,
  tokenF1,
  type CaseOutcome,
  type EvalReport,
  type GroupMetrics,
} from '../../src/evals/index.ts';
import { readFileSync } from 'node:fs';

describe('tokenF1', () => {
  it.each([
    ['the screen froze', 'the screen froze', 1],
    ['The Screen, froze!', 'the screen froze', 1],
    ['screen', 'the screen froze', 0.5], // precision 1, recall 1/3
    ['a b c d', 'a b e f', 0.5],
    ['the the the', 'the', 0.5], // multiset: one "the" matches; precision 1/3, recall 1
    ['nothing alike', 'totally different', 0],
    ['', 'anything', 0],
  ])('%j against %j is %d', (answer, reference, expected) => {
    expect(tokenF1(answer, reference)).toBeCloseTo(expected, 10);
  });
});

describe('mustIncludeRecall', () => {
  it.each([
    ['Press Alt+F4 then relaunch', ['alt+f4'], 1],
    ['Press Alt+F4 then relaunch', ['alt+f4', '24 hours'], 0.5],
    ['It’s   free up to 24\nhours before', ["it's free", '24 hours'], 1],
    ['nothing here', ['alt+f4'], 0],
    ['anything', [], null],
    ['anything', undefined, null],
  ] as [string, string[] | undefined, number | null][])('%j with %j is %s', (answer, phrases, expected) => {
    expect(mustIncludeRecall(answer, phrases)).toBe(expected);
  });
});

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 0.5, 0],
    [[5], 0.99, 5],
    [[1, 2, 3, 4], 0.5, 2],
    [[1, 2, 3, 4], 0.95, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 0.95, 95],
    [Array.from({ length: 100 }, (_, i) => i + 1), 0.99, 99],
  ])('%j at %d is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('gives the median of unsorted values by the same rule, leaving them unsorted', () => {
    const values = [9, 1, 5, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([9, 1, 5, 3]);
  });
});

const outcome = (o: Partial<CaseOutcome>): CaseOutcome => ({
  id: 'c',
  group: 'tech',
  query: 'q',
  expected: 'tech/a.md',
  answeredRoute: 'tech',
  sources: ['tech/a.md#reply'],
  confidence: 0.9,
  threshold: 0.75,
  escalated: false,
  latencyMs: 1,
  response: 'r',
  similarity: null,
  f1: null,
  mustInclude: null,
  clarified: false,
  secondTurn: null,
  hasReply: false,
  ...o,
});

describe('groupMetrics', () => {
  it('counts the questions asked and the cases with a scripted reply resolved within two turns', () => {
    const asked = (second: CaseOutcome['secondTurn'], o: Partial<CaseOutcome> = {}) =>
      outcome({ confidence: 0.4, clarified: true, hasReply: true, secondTurn: second, ...o });
    const m = groupMetrics([
      outcome({ hasReply: true }), // right at the first turn
      asked({ sources: ['tech/a.md#reply'], confidence: 0.8, threshold: 0.75 }), // right at the second
      asked({ sources: ['tech/b.md#reply'], confidence: 0.8, threshold: 0.75 }), // wrong at the second
      asked({ sources: ['tech/a.md#reply'], confidence: 0.5, threshold: 0.75 }), // declined at the second
      asked(null, { hasReply: false }), // asked, no scripted reply: not in the two-turn share
      asked({ sources: ['tech/a.md#reply'], confidence: 0.9, threshold: 0.75 }, { expected: null }), // out of scope, answered at the second
    ]);
    expect(m).toMatchObject({ clarified: 0.833, resolvedInTwo: 0.5, secondTurnWrong: 2, confidentShare: 0.2, confidentCorrect: 0.2 });
  });

  it('counts confident, correct, precision, false answers and escalations exactly', () => {
    const outcomes = [
      outcome({ id: 'right-sure' }),
      outcome({ id: 'right-unsure', confidence: 0.5 }),
      outcome({ id: 'wrong-sure', sources: ['tech/b.md#reply', 'tech/a.md#steps'] }),
      outcome({ id: 'wrong-unsure', sources: ['tech/b.md#reply', 'tech/c.md#reply', 'tech/d.md#reply', 'tech/a.md#reply'], confidence: 0.2, escalated: true }),
      outcome({ id: 'oos-declined', group: 'out-of-scope', expected: null, sources: ['tech/b.md#reply'], confidence: 0.3, escalated: true }),
      outcome({ id: 'oos-answered', group: 'out-of-scope', expected: null, sources: ['tech/b.md#reply'], confidence: 0.8 }),
    ];
    const m = groupMetrics(outcomes);
    expect(m).toMatchObject({
      cases: 6,
      inScope: 4,
      outOfScope: 2,
      hit1: 0.5, // right-sure, right-unsure
      hit3: 0.75, // wrong-sure has it second; wrong-unsure fourth
      confidentShare: 0.5, // right-sure and wrong-sure; right-unsure is below 0.75
      confidentCorrect: 0.25,
      precision: 0.333, // 1 right of 2 confident in scope + 1 out-of-scope answered
      falseAnswerRate: 0.5,
      escalationRate: 0.333,
    });
  });

  it('judges a section-level expectation by the section the reply is taken from', () => {
    const m = groupMetrics([
      outcome({ expected: 'tech/a.md#if-it-still-freezes', sources: ['tech/a.md#reply'] }),
      outcome({ expected: 'tech/a.md#if-it-still-freezes', sources: ['tech/a.md#if-it-still-freezes'] }),
      outcome({ expected: 'tech/a.md#if-it-still-freezes', sources: ['tech/b.md#reply', 'tech/a.md#if-it-still-freezes'] }),
    ]);
    expect(m).toMatchObject({ hit1: 0.333, hit3: 0.667, confidentCorrect: 0.333 });
  });

  it('attributes out-of-scope answers to the route that gave them', () => {
    const oos = [outcome({ expected: null, group: 'out-of-scope' }), outcome({ expected: null, group: 'out-of-scope', confidence: 0.1 })];
    const m = groupMetrics([outcome({})], { outOfScopeAnswers: [oos[0]!], allOutOfScope: 2 });
    expect(m).toMatchObject({ confidentCorrect: 1, precision: 0.5, falseAnswerRate: 0.5 });
  });
});

const ROUTES = ['booking', 'brand', 'emergency', 'tech'];
const FILE = readFileSync('rollout.yaml', 'utf8');
const rollout = (edit: (text: string) => string = (t) => t) => effectiveRollout(parseRollout(edit(FILE), 'rollout.yaml', ROUTES), {}, ROUTES);
const inRollout = (route: string, percentage: number) => (t: string) =>
  t.replace(`  ${route}:\n    mode: shadow`, `  ${route}:\n    mode: rollout\n    percentage: ${percentage}`);

const metrics = (o: Partial<GroupMetrics>): GroupMetrics => ({
  cases: 50,
  inScope: 45,
  outOfScope: 5,
  hit1: 0.9,
  hit3: 1,
  confidentShare: 0.9,
  confidentCorrect: 0.85,
  precision: 0.97,
  falseAnswerRate: 0.02,
  escalationRate: 0.1,
  similarity: 0.5,
  f1: 0.3,
  mustIncludeRecall: 0.5,
  ece: 0.05,
  eceIfCalibrated: 0.1,
  bins: [],
  clarified: 0,
  resolvedInTwo: null,
  secondTurnWrong: 0,
  latencyMs: { p50: 1, p95: 2, p99: 3 },
  ...o,
});
const report = (groups: Record<string, GroupMetrics>): EvalReport => ({
  cases: 100,
  rolloutVersion: 'v',
  overall: metrics({}),
  groups,
  outcomes: [],
  assistantAnswers: { recorded: 0, written: 0 },
  seconds: 1,
});

describe('the gate', () => {
  it.each([
    [{}, []],
    [{ confidentCorrect: 0.62 }, ['tech: confident-and-correct 0.620 is below 0.80']],
    [{ precision: 0.91 }, ['tech: precision among confident answers 0.910 is below 0.95']],
    [{ falseAnswerRate: 0.07 }, ['tech: false-answer rate on out-of-scope cases 0.070 is above 0.05']],
    [{ latencyMs: { p50: 300, p95: 1000, p99: 1500 } }, ['tech: p95 latency 1000 ms is not under 1000 ms']],
  ] as [Partial<GroupMetrics>, string[]][])('missedGates %j', (m, reasons) => {
    expect(missedGates('tech', metrics(m), rollout().route('tech').gates)).toEqual(reasons);
  });

  it.each([
    [(t: string) => t, null],
    [inRollout('tech', 0), null], // rollout at 0% answers no customer
    [(t: string) => t.replace('  tech:\n    mode: shadow', '  tech:\n    mode: off'), null],
    [inRollout('tech', 20), 'mode raised shadow → rollout (20%)'],
  ] as [(t: string) => string, string | null][])('raisedExposure from shadow', (edit, expected) => {
    expect(raisedExposure('tech', rollout(edit), rollout())).toBe(expected);
  });

  it('sees a percentage raised within rollout, and nothing raised when it is lowered', () => {
    expect(raisedExposure('tech', rollout(inRollout('tech', 30)), rollout(inRollout('tech', 20)))).toBe('rollout percentage raised 20% → 30%');
    expect(raisedExposure('tech', rollout(inRollout('tech', 10)), rollout(inRollout('tech', 20)))).toBeNull();
    expect(raisedExposure('tech', rollout(inRollout('tech', 10)), null)).toBe('in rollout at 10%');
  });

  it('fails a raised route that misses its gates, and any route that regresses, with each reason', () => {
    const base = {
      report: report({
        tech: metrics({}),
        booking: metrics({ confidentCorrect: 0.7 }),
        'out-of-scope': metrics({ falseAnswerRate: 0.02, inScope: 0, outOfScope: 50 }),
      }),
      rollout: rollout(),
    };
    const head = {
      report: report({
        tech: metrics({ confidentCorrect: 0.78 }),
        booking: metrics({ confidentCorrect: 0.67 }),
        'out-of-scope': metrics({ falseAnswerRate: 0.05, inScope: 0, outOfScope: 50 }),
      }),
      rollout: rollout(inRollout('tech', 20)),
    };
    const gate = checkGate(head, base);
    expect(gate.pass).toBe(false);
    expect(gate.routes.filter((r) => r.pass).map((r) => r.route)).toEqual(['brand', 'emergency']);
    expect(gate.routes.filter((r) => !r.pass)).toEqual([
      {
        route: 'booking',
        pass: false,
        raised: null,
        reasons: ['booking: confident-and-correct dropped 3.0 points (0.700 → 0.670), more than 2 and more than one case'],
      },
      {
        route: 'out-of-scope',
        pass: false,
        raised: null,
        reasons: ['out-of-scope: false-answer rate rose 3.0 points (0.020 → 0.050), more than 2 and more than one case'],
      },
      {
        route: 'tech',
        pass: false,
        raised: 'mode raised shadow → rollout (20%)',
        reasons: [
          'tech: confident-and-correct 0.780 is below 0.80 (mode raised shadow → rollout (20%))',
          'tech: confident-and-correct dropped 7.0 points (0.850 → 0.780), more than 2 and more than one case',
        ],
      },
    ]);
    // Unchanged exposure and no regression: the same figures pass.
    expect(checkGate(base, base).pass).toBe(true);
  });

  it('judges by the stricter gates: a head cannot loosen its own', () => {
    const base = { report: report({ tech: metrics({}) }), rollout: rollout() };
    const loosened = rollout((t) =>
      inRollout('tech', 100)(t).replace('    percentage: 100', '    percentage: 100\n    gates: { min_confident_correct: 0.1, max_regression_points: 100 }'),
    );
    const gate = checkGate({ report: report({ tech: metrics({ confidentCorrect: 0.5 }) }), rollout: loosened }, base);
    expect(gate.routes.find((r) => r.route === 'tech')?.reasons).toEqual([
      'tech: confident-and-correct 0.500 is below 0.80 (mode raised shadow → rollout (100%))',
      'tech: confident-and-correct dropped 35.0 points (0.850 → 0.500), more than 2 and more than one case',
    ]);
  });

  it('never fails a route on one case changing its outcome, however few cases it has', () => {
    const base = {
      report: report({ booking: metrics({ confidentCorrect: 0.8, inScope: 20 }), 'out-of-scope': metrics({ falseAnswerRate: 0, inScope: 0, outOfScope: 45 }) }),
      rollout: rollout(),
    };
    // One of 20 cases (5 points) and one of 45 out-of-scope cases (2.2 points): chance, not a regression.
    const one = {
      report: report({
        booking: metrics({ confidentCorrect: 0.75, inScope: 20 }),
        'out-of-scope': metrics({ falseAnswerRate: 1 / 45, inScope: 0, outOfScope: 45 }),
      }),
      rollout: rollout(),
    };
    expect(checkGate(one, base).pass).toBe(true);
    const two = {
      report: report({
        booking: metrics({ confidentCorrect: 0.7, inScope: 20 }),
        'out-of-scope': metrics({ falseAnswerRate: 2 / 45, inScope: 0, outOfScope: 45 }),
      }),
      rollout: rollout(),
    };
    expect(
      checkGate(two, base)
        .routes.filter((r) => !r.pass)
        .map((r) => r.route),
    ).toEqual(['booking', 'out-of-scope']);
  });

  it('fails a raised route that no eval case covers', () => {
    const gate = checkGate(
      { report: report({ tech: metrics({}) }), rollout: rollout(inRollout('booking', 10)) },
      { report: report({ tech: metrics({}) }), rollout: rollout() },
    );
    expect(gate.routes.find((r) => r.route === 'booking')?.reasons).toEqual([
      'booking: no eval cases answer for it (mode raised shadow → rollout (10%)); add cases to evals/ first',
    ]);
  });

  it('lets a drop of exactly the allowed points through, and gates out-of-scope answers when exposure goes up', () => {
    const base = {
      report: report({ booking: metrics({ confidentCorrect: 0.5 }), 'out-of-scope': metrics({ falseAnswerRate: 0.02, inScope: 0, outOfScope: 50 }) }),
      rollout: rollout(),
    };
    expect(
      checkGate(
        {
          report: report({ booking: metrics({ confidentCorrect: 0.48 }), 'out-of-scope': metrics({ falseAnswerRate: 0.04, inScope: 0, outOfScope: 50 }) }),
          rollout: rollout(),
        },
        base,
      ).pass,
    ).toBe(true);
    const raised = checkGate(
      {
        report: report({
          booking: metrics({ confidentCorrect: 0.5 }),
          tech: metrics({}),
          'out-of-scope': metrics({ falseAnswerRate: 0.06, inScope: 0, outOfScope: 50 }),
        }),
        rollout: rollout(inRollout('tech', 5)),
      },
      base,
    );
    expect(raised.routes.find((r) => r.route === 'out-of-scope')?.reasons).toEqual([
      "out-of-scope: false-answer rate 0.060 is above 0.05 (a route's exposure was raised)",
      'out-of-scope: false-answer rate rose 4.0 points (0.020 → 0.060), more than 2 and more than one case',
    ]);
  });
});
