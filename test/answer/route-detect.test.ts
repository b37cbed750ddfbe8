import { beforeAll, describe, expect, it } from 'vitest';
import { createSopModule, priorityRoute, requestedHumanOnly, type Knowledge } from '../../src/answer/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { repoKnowledge } from './knowledge.ts';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await repoKnowledge();
});

describe('route detection', () => {
  it.each([
    ['the projector screen is black', 'tech'],
    ['how do I cancel my booking for tomorrow', 'booking'],
    ['can we bring our own food', 'brand'],
  ])('%j -> %s: the route of the best document', async (message, route) => {
    expect(priorityRoute(message, knowledge.routes)).toBeNull();
    expect((await knowledge.index.search(message)).hits[0]?.route).toBe(route);
  });

  it.each([
    ['my friend collapsed and is not breathing'],
    // Emergency wording wins even where the rest of the message is about a booking or the simulator.
    ['the projector has smoke coming out of it, can I rebook?'],
    ['water leak from the ceiling onto the hitting mat, ball not registering'],
  ])('%j -> emergency, by its priority terms', (message) => {
    expect(priorityRoute(message, knowledge.routes)).toBe('emergency');
  });

  it('lets emergency wording override the route the caller gave', async () => {
    const sop = createSopModule({ knowledge, log: captureLogger() });
    const answer = await sop.processWithContext("there's smoke coming out of the projector", 'tech');
    expect(answer.structured.route).toBe('emergency');
    expect(answer.structured.escalation.required).toBe(true);
  });
});

describe('requestedHumanOnly', () => {
  it.each([
    ['I want a refund for last night', ['refund']],
    ['can you credit my account a free hour', ['free-hour credit']],
    ['please unlock the door for me', ['door unlock']],
    ['can you remote in and restart the pc', ['remote reset']],
    ['the computer is frozen', []],
    ['how long does a round take', []],
  ])('%j asks for %j', (message, actions) => {
    expect(requestedHumanOnly(message, knowledge.routes).map((r) => r.action)).toEqual(actions);
  });

  it('hands over in the words of the route that declares the action', () => {
    const [refund] = requestedHumanOnly('I want my money back', knowledge.routes);
    expect(refund?.handover).toBe(knowledge.routes.get('booking')!.escalation);
  });
});
