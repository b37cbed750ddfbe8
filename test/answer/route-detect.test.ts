import { beforeAll, describe, expect, it } from 'vitest';
import { detectRoute, requestedHumanOnly, type Knowledge } from '../../src/answer/index.ts';
import { repoKnowledge } from './knowledge.ts';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await repoKnowledge();
});

describe('detectRoute', () => {
  it.each([
    ['the projector screen is black', 'tech', 'search'],
    ['how do I cancel my booking for tomorrow', 'booking', 'search'],
    ['can we bring our own food', 'brand', 'search'],
    ['my friend collapsed and is not breathing', 'emergency', 'priority'],
    // Emergency wording wins even where the rest of the message is about a booking or the simulator.
    ['the projector has smoke coming out of it, can I rebook?', 'emergency', 'priority'],
    ['water leak from the ceiling onto the hitting mat, ball not registering', 'emergency', 'priority'],
  ])('%j -> %s (by %s)', async (message, route, by) => {
    const result = await knowledge.index.search(message);
    expect(detectRoute(message, knowledge.routes, result)).toEqual({ route, by });
  });

  it('finds no route for a message nothing matches', async () => {
    const result = await knowledge.index.search('?!');
    expect(result.hits).toEqual([]);
    expect(detectRoute('?!', knowledge.routes, result)).toBeNull();
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
