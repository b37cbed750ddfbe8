import { beforeAll, describe, expect, it } from 'vitest';
import type { Knowledge } from '../../src/answer/index.ts';
import { classifyItem } from '../../src/extraction/index.ts';
import { repoKnowledge } from '../answer/knowledge.ts';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await repoKnowledge();
});

describe('classifyItem against the repository SOPs', () => {
  it('calls an item an SOP already says a duplicate, naming the section', async () => {
    const c = await classifyItem(knowledge, {
      problem: 'the projector screen is black',
      solution: 'press the power button on the projector remote and wait a minute for it to warm up',
    });
    expect(c).toMatchObject({ status: 'duplicate', section: 'tech/projector-no-signal.md#steps' });
    expect(c.reason).toMatch(/^tech\/projector-no-signal\.md already covers it \(\d+% of the solution's words are in it\)$/);
  });

  it('flags a different figure for the same thing as a contradiction for a human, with both texts', async () => {
    const c = await classifyItem(knowledge, {
      problem: 'I need to cancel my booking for tomorrow',
      solution: 'you can cancel yourself from the Manage booking link up to 48 hours before',
    });
    expect(c).toEqual({
      status: 'contradiction',
      section: 'booking/cancel-a-booking.md#steps',
      sopText: '24 hours',
      itemText: '48 hours',
      reason: 'booking/cancel-a-booking.md says "24 hours" where the conversation says "48 hours"',
    });
  });

  it('extends the SOP about the same problem when the fix is new', async () => {
    const c = await classifyItem(knowledge, {
      problem: 'the ball is not registering on the screen',
      solution: 'wipe the sensor lens with the microfibre cloth kept in the drawer',
    });
    expect(c).toMatchObject({ status: 'new', route: 'tech', section: 'tech/ball-not-registering.md#steps' });
    expect(c.reason).toMatch(/^extends tech\/ball-not-registering\.md: same problem, \d+% of the solution already there$/);
  });

  it('does not take a figure about another thing for a contradiction', async () => {
    // The SOP waits 30 seconds for the round to clear; holding a button for 10 seconds is another thing.
    const c = await classifyItem(knowledge, {
      problem: 'Sim computer completely frozen',
      solution: 'Hold the power button on the PC for 10 seconds until it switches off, then press it again to start it.',
    });
    expect(c.status).not.toBe('contradiction');
  });

  it('proposes a new document when no SOP is about the problem', async () => {
    const c = await classifyItem(knowledge, {
      problem: 'is there a locker for my clubs overnight',
      solution: 'we do not store clubs overnight, please take them with you',
    });
    expect(c).toMatchObject({ status: 'new', section: null });
    expect(c.reason).toMatch(/^no SOP is about this problem \(best match .+ at 0\.\d\d\)$/);
  });

  it("routes a new document by the customer's words and staff's answer, not by its title alone", async () => {
    const c = await classifyItem(knowledge, {
      problem: 'Way too warm',
      questions: ['its boiling in here, we are all sweating'],
      solution: 'The air conditioning panel is on the wall by the light switches: press the snowflake button and set it to 19.',
    });
    expect(c).toMatchObject({ status: 'new', section: null });
    // The title alone finds booking SOPs ("Way too warm" shares no word with the room's).
    expect(c.status === 'new' && c.route).toBeTruthy();
    expect(c.status === 'new' && c.route).not.toBe('booking');
  });
});
