import { beforeAll, describe, expect, it } from 'vitest';
import { createSopModule, InputError, type Knowledge, type SopModule } from '../../src/answer/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { repoKnowledge } from './knowledge.ts';

let knowledge: Knowledge;
let sop: SopModule;
beforeAll(async () => {
  knowledge = await repoKnowledge();
  sop = createSopModule({ knowledge, log: captureLogger() });
});

const sectionText = (id: string) => {
  const doc = knowledge.docs.get(id.split('#')[0]!)!;
  return doc.sections.find((s) => s.id === id)!;
};

describe('processWithContext: answers', () => {
  it("answers an in-scope question with the SOP's own reply and steps", async () => {
    const answer = await sop.processWithContext('the screen froze and nothing responds');
    const reply = sectionText('tech/frozen-screen.md#reply');
    const steps = sectionText('tech/frozen-screen.md#steps');
    expect(answer.response).toBe(reply.text);
    expect(answer.structured).toMatchObject({ route: 'tech', category: 'solution', steps: steps.steps, answerer: 'extractive' });
    expect(answer.structured.sources[0]).toMatchObject({ id: 'tech/frozen-screen.md#reply', title: knowledge.docs.get('tech/frozen-screen.md')!.title });
    expect(answer.structured.escalation).toEqual({ required: false, reason: null });
    expect(answer.confidence).toBeGreaterThanOrEqual(0.5);
    // What staff do if the steps fail comes from the SOP's `escalate` front matter.
    expect(answer.structured.actions).toEqual([
      { type: 'escalate', to: 'staff', reason: knowledge.docs.get('tech/frozen-screen.md')!.meta!.escalate, when: 'if_unresolved' },
    ]);
  });

  it('keeps to the route it is given', async () => {
    const answer = await sop.processWithContext('can I bring beer', 'brand');
    expect(answer.structured.route).toBe('brand');
    expect(answer.structured.sources.every((s) => s.id.startsWith('brand/'))).toBe(true);
  });

  it('searches a short follow-up together with the previous message', async () => {
    const alone = await sop.processWithContext('still nothing');
    const followUp = await sop.processWithContext('still nothing', undefined, { previousMessages: ['the ball is not registering when we hit'] });
    expect(followUp.structured.sources[0]?.id).toMatch(/^tech\/ball-not-registering\.md/);
    expect(followUp.structured.category).toBe('solution');
    // Alone it is never answered: handed over, or asked about.
    expect(alone.structured.category).not.toBe('solution');
    expect(followUp.confidence).toBeGreaterThan(alone.confidence);
  });
});

describe('processWithContext: escalation rules', () => {
  it('always escalates an emergency, with the safety reply first', async () => {
    const answer = await sop.processWithContext('there is smoke coming out of the projector');
    expect(answer.structured.route).toBe('emergency');
    expect(answer.structured.category).toBe('escalation');
    expect(answer.structured.escalation).toEqual({ required: true, reason: 'emergency messages always alert staff' });
    expect(answer.response).toMatch(/911/);
    expect(answer.structured.actions).toContainEqual({ type: 'escalate', to: 'staff', reason: 'emergency messages always alert staff', when: 'now' });
  });

  it('hands a human-only action to staff and never promises it', async () => {
    const answer = await sop.processWithContext('the bay was broken all night, I want a refund');
    expect(answer.structured.escalation.required).toBe(true);
    expect(answer.structured.actions).toContainEqual(expect.objectContaining({ type: 'human_only', action: 'refund' }));
    expect(answer.response).toContain('Our team handles refund requests');
    expect(answer.response).not.toMatch(/you will (get|receive) a refund|refund (is|has been) (issued|processed)/i);
  });

  it('answers the rest of a message around a human-only request, and hands the request over', async () => {
    const both = await sop.processWithContext("the handle won't turn after i tap unlock, can you unlock the door for me");
    expect(both.response.startsWith(sectionText('booking/door-handle-will-not-turn.md#reply').text)).toBe(true);
    expect(both.response).toContain('Our team handles door unlock requests');
    expect(both.structured.escalation.reason).toBe('asks for a door unlock ("unlock the door for me"), which only staff can do');

    const only = await sop.processWithContext('can i get my money back');
    expect(only.response).toBe(`Our team handles refund requests, so I've passed this on. ${knowledge.routes.get('booking')!.escalation}`);
    expect(only.structured.escalation.reason).toBe('asks for a refund ("money back"), which only staff can do');
  });

  it('declines honestly when no SOP covers the question, in neutral words', async () => {
    const answer = await sop.processWithContext('who won the masters this year');
    expect(answer.confidence).toBeLessThan(0.5);
    expect(answer.structured).toMatchObject({ category: 'escalation', steps: [] });
    expect(answer.structured.escalation.reason).toMatch(/^no SOP answers this confidently \(confidence 0\.\d\d\)$/);
    expect(answer.response).toBe("I'm not sure about that one, so I'm passing it to our team; someone will text you back shortly.");
  });

  it('declines everything below a stricter threshold', async () => {
    const strict = createSopModule({ knowledge, log: captureLogger(), threshold: 0.999 });
    const answer = await strict.processWithContext('the screen froze and nothing responds');
    expect(answer.structured.category).toBe('escalation');
    expect(answer.structured.escalation.required).toBe(true);
  });
});

describe('processWithContext: documents with nothing to send', () => {
  it('declines rather than send a list of typical questions', async () => {
    const { parseDocument } = await import('../../src/sops/index.ts');
    const { buildKnowledge } = await import('../../src/answer/index.ts');
    const doc = parseDocument(
      'tech/parking.md',
      '---\ntitle: Parking\n---\n# Parking\n\n## Typical questions\n- where do i park\n- is there parking\n- where can i leave my car\n',
      { strict: false },
    ).doc;
    const only = await buildKnowledge(
      { root: '', docs: [doc], routes: knowledge.routes, glossary: {}, messages: [] },
      knowledge.index.embedder,
      knowledge.calibration,
    );
    const answer = await createSopModule({ knowledge: only, log: captureLogger(), threshold: 0 }).processWithContext('where can I park my car');
    expect(answer.structured.category).toBe('escalation');
    expect(answer.structured.escalation.required).toBe(true);
    expect(answer.response).not.toContain('where do i park');
  });
});

describe('processWithContext: bad input', () => {
  it.each([
    ['', undefined, 'the question is empty: pass the customer message to answer'],
    ['   ', undefined, 'the question is empty: pass the customer message to answer'],
    ['x'.repeat(2001), undefined, 'the question is 2001 characters; the limit is 2000'],
    ['hello', 'golf', 'unknown route "golf": known routes are booking, brand, emergency, tech'],
  ])('%#: rejects with a clear InputError', async (message, route, reason) => {
    const attempt = sop.processWithContext(message, route);
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(reason);
  });

  it('accepts exactly 2,000 characters', async () => {
    await expect(sop.processWithContext(`${'ball not registering '.repeat(95)}`.slice(0, 2000))).resolves.toBeDefined();
  });
});
