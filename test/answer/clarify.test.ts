/**
 * Asking instead of escalating: when two SOPs are too close to choose between, the module asks which
 * one the customer means and answers the reply from the option it picks. On a SOP folder of the
 * test's own, with a confidence model written here (confidence grows with the classifier's
 * probability alone), so which results are confident is known.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALIBRATION_FORMAT, FEATURES, type CalibrationModel, type Knowledge, type SopModule } from '../../src/answer/index.ts';
import { clarificationFor, pairConfidence, pickOption } from '../../src/answer/clarify.ts';
import { createRuntime } from '../../src/main.ts';
import type { DocHit, SearchResult } from '../../src/search/index.ts';

const INSTRUCTIONS = (route: string, alwaysEscalate: boolean) =>
  `---\ntitle: ${route} instructions\nowner: ops\nlast_reviewed: 2026-11-01\ndescription: ${route} questions.\nopening: "Sorry!"\nclosing: "Text back if needed."\nno_answer: "Passing this to our team."\nescalation: "I've passed this to our team; someone will text you shortly."\nalways_escalate: ${alwaysEscalate}\n---\nBe brief.\n`;

const sop = (title: string, clarify: string | null, questions: string[], reply: string) =>
  `---\ntitle: ${title}\n${clarify ? `clarify: ${clarify}\n` : ''}owner: ops\nlast_reviewed: 2026-11-01\ntags: [test]\nquestions:\n${questions.map((q) => `  - ${q}`).join('\n')}\n---\n\n# ${title}\n\n## Reply\n${reply}\n`;

const FILES: Record<string, string> = {
  'tech/system_instructions.md': INSTRUCTIONS('tech', false),
  'booking/system_instructions.md': INSTRUCTIONS('booking', false),
  'emergency/system_instructions.md': INSTRUCTIONS('emergency', true),
  'tech/projector.md': sop(
    'Projector shows no signal',
    'the big screen in front of you',
    ['the projector says no signal', 'the big screen is dark', 'no picture on the main screen'],
    'Press the power button on the projector remote.',
  ),
  'tech/side-tvs.md': sop(
    'Side TVs off',
    'the TVs on the side wall',
    ['the side screens are dark', 'the tvs on the wall are off', 'no picture on the side tvs'],
    'Press power on the TV remote and pick HDMI 1.',
  ),
  'booking/cancel.md': sop('Cancel a booking', null, ['how do i cancel my booking', 'need to cancel tonight'], 'Cancel from the Manage booking link.'),
  'emergency/fire.md': sop(
    'Fire or smoke',
    'smoke or a burning smell',
    ['there is smoke in the bay', 'something is burning'],
    'Leave the building now and call 911.',
  ),
};

let dir: string;
let knowledge: Knowledge;
let module: SopModule;

/**
 * Confidence = σ(3 + 10 · log p), p the classifier's probability of the top document (of the two
 * best together for the pair model): 0.875 at p = 0.9, 0.02 at p = 0.5.
 */
function classifierOnly(routes: string[]): CalibrationModel {
  const k = FEATURES.length + routes.length;
  const weights = new Array<number>(k).fill(0);
  weights[FEATURES.indexOf('classifier_log_top')] = 10;
  return {
    format: CALIBRATION_FORMAT,
    features: [...FEATURES],
    routes,
    weights,
    bias: 3,
    mean: new Array<number>(k).fill(0),
    std: new Array<number>(k).fill(1),
    pair: { weights, bias: 3, mean: new Array<number>(k).fill(0), std: new Array<number>(k).fill(1) },
    fusion: { bm25: 1, dense: 1, classifier: 1 },
    digest: 'test',
    fitted: { on: 'test', embedder: 'test', positives: 0, negatives: 0, ece: 0, brier: 0 },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-clarify-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, 'sops', path)), { recursive: true });
    writeFileSync(join(dir, 'sops', path), text);
  }
  const runtime = createRuntime({ LOG_LEVEL: 'silent', SOPS_DIR: join(dir, 'sops') });
  const built = await runtime.loadKnowledge({});
  knowledge = { ...built, calibration: classifierOnly(built.calibration.routes) };
  module = runtime.createModule(knowledge, 0.75);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hit = (doc: string, classifier: number, score = 1): DocHit => ({
  doc,
  route: doc.split('/')[0]!,
  title: doc,
  score,
  unit: `${doc}#reply`,
  bm25: 1,
  dense: 0.5,
  classifier,
});
const result = (...hits: DocHit[]): SearchResult => ({ hits, coverage: 1, weightedCoverage: 1, queryTerms: 3, route: null });
const answerable = () => true;

describe('the question', () => {
  it('is asked when the two best documents are together likely enough, naming each by its clarify phrase', () => {
    const r = result(hit('tech/projector.md', 0.46), hit('tech/side-tvs.md', 0.44, 0.98), hit('booking/cancel.md', 0.05, 0.2));
    expect(pairConfidence(knowledge, r)).toBeCloseTo(1 / (1 + Math.exp(-(3 + 10 * Math.log(0.9)))), 6);
    expect(clarificationFor(knowledge, r, 0.75, answerable)).toEqual({
      options: [r.hits[0], r.hits[1]],
      confidence: pairConfidence(knowledge, r),
      question: 'So I send the right steps: is it the big screen in front of you, or the TVs on the side wall?',
    });
  });

  it('names a document without a clarify phrase by its title', () => {
    const r = result(hit('tech/projector.md', 0.5), hit('booking/cancel.md', 0.45));
    expect(clarificationFor(knowledge, r, 0.75, answerable)?.question).toBe(
      'So I send the right steps: is it the big screen in front of you, or about "Cancel a booking"?',
    );
  });

  it.each([
    ['the pair is not likely enough', result(hit('tech/projector.md', 0.4), hit('tech/side-tvs.md', 0.3))],
    ['there is one document only', result(hit('tech/projector.md', 0.95))],
    ['one of them is in a route that always hands over', result(hit('tech/projector.md', 0.5), hit('emergency/fire.md', 0.45))],
  ])('is not asked when %s', (_, r) => {
    expect(clarificationFor(knowledge, r, 0.75, answerable)).toBeNull();
  });

  it('is not asked when one of the two has nothing to send', () => {
    const r = result(hit('tech/projector.md', 0.46), hit('tech/side-tvs.md', 0.44));
    expect(clarificationFor(knowledge, r, 0.75, (doc) => doc.path !== 'tech/side-tvs.md')).toBeNull();
  });
});

describe('the reply', () => {
  const asked = { options: [hit('tech/projector.md', 0.46), hit('tech/side-tvs.md', 0.44)] as [DocHit, DocHit], confidence: 0.87, question: '?' };
  const searched = (...docs: string[]) => result(...docs.map((d, i) => hit(d, 0.5, 1 - i / 10)));

  it.each([
    ['the first one', 'tech/projector.md'],
    ['First', 'tech/projector.md'],
    ['the other one', 'tech/side-tvs.md'],
    ['2nd', 'tech/side-tvs.md'],
  ])('"%s" picks by place', (reply, doc) => {
    expect(pickOption(reply, asked, searched())?.doc).toBe(doc);
  });

  it('picks the option its own search ranks higher among its three best', () => {
    expect(pickOption('the ones on the wall', asked, searched('booking/cancel.md', 'tech/side-tvs.md', 'tech/projector.md'))?.doc).toBe('tech/side-tvs.md');
    expect(pickOption('first the big one went dark and now everything', asked, searched('tech/projector.md'))?.doc).toBe('tech/projector.md');
  });

  it('picks nothing when its search ranks neither option, or ranks one without sharing a word with it', () => {
    expect(pickOption('i dont know', asked, searched('booking/cancel.md'))).toBeNull();
    expect(pickOption('i dont know', asked, result({ ...hit('tech/side-tvs.md', 0.5), bm25: 0 }))).toBeNull();
  });
});

describe('the module', () => {
  it('asks instead of escalating, then answers the reply from the option it picks', async () => {
    const first = await module.processWithContext('the screen is dark');
    expect(first.structured.category).toBe('clarification');
    expect(first.response).toBe('So I send the right steps: is it the big screen in front of you, or the TVs on the side wall?');
    expect(first.structured.escalation.required).toBe(false);
    expect(first.confidence).toBeLessThan(0.75);
    expect(first.structured.clarify?.confidence).toBeGreaterThanOrEqual(0.75);
    expect([...(first.structured.clarify?.options ?? [])].sort()).toEqual(['tech/projector.md', 'tech/side-tvs.md']);

    const previousMessages = ['the screen is dark'];
    const wall = await module.processWithContext('the tvs on the wall', undefined, { previousMessages });
    expect(wall.response).toBe('Press power on the TV remote and pick HDMI 1.');
    expect(wall.confidence).toBeGreaterThanOrEqual(0.75);
    expect(wall.structured.sources[0]?.id).toBe('tech/side-tvs.md#reply');

    const byPlace = await module.processWithContext('the first one', undefined, { previousMessages });
    expect(byPlace.structured.sources[0]?.id.split('#')[0]).toBe(first.structured.clarify!.options[0]);
  });

  it('hands over when the reply picks neither, without asking again', async () => {
    const answer = await module.processWithContext('hmm dunno really', undefined, { previousMessages: ['the screen is dark'] });
    expect(answer.structured).toMatchObject({ category: 'escalation', escalation: { required: true } });
  });

  it('answers a confident message as before, whatever was asked earlier', async () => {
    const answer = await module.processWithContext('how do i cancel my booking', undefined, { previousMessages: ['the screen is dark'] });
    expect(answer.structured.sources[0]?.id).toBe('booking/cancel.md#reply');
    expect(answer.structured.clarify).toBeUndefined();
  });
});
