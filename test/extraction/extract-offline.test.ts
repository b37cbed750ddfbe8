import { describe, expect, it } from 'vitest';
import { extractOffline, problemStatement, solutionStatement } from '../../src/extraction/extract-offline.ts';
import type { ConversationEntry } from '../../src/openphone/index.ts';

const CUSTOMER = '+15551230000';
let minute = 0;
const text = (direction: 'incoming' | 'outgoing', body: string): ConversationEntry => ({
  id: `m${++minute}`,
  kind: 'message',
  direction,
  from: direction === 'incoming' ? CUSTOMER : '+15550009999',
  to: direction === 'incoming' ? '+15550009999' : CUSTOMER,
  text: body,
  at: new Date(Date.UTC(2026, 10, 20, 18, minute)).toISOString(),
});
const customer = (body: string) => text('incoming', body);
const staff = (body: string) => text('outgoing', body);

describe('problemStatement and solutionStatement', () => {
  it.each([
    [
      'hi this is [name], the ball is not registering when we hit from the left side, call me on [phone]',
      'The ball is not registering when we hit from the left side',
    ],
    ['Hey! my card was declined twice', 'My card was declined twice'],
    ['door code [code] does not work', 'Door code [code] does not work'],
  ])('problem of %j', (text, expected) => expect(problemStatement(text)).toBe(expected));

  it.each([
    ['Sorry [name]! Wipe the sensor lens with the cloth.', 'Wipe the sensor lens with the cloth.'],
    ['No worries. Press power on the remote. It takes a minute to warm up.', 'Press power on the remote. It takes a minute to warm up.'],
  ])('solution of %j', (text, expected) => expect(solutionStatement(text)).toBe(expected));
});

describe('extractOffline', () => {
  it('pairs a problem with the staff fix the customer confirmed, with high confidence', () => {
    const items = extractOffline(
      [
        customer('hey the projector screen is black in bay 2'),
        staff('Sorry about that! Press the power button on the projector remote once and wait a minute for it to warm up.'),
        customer('that worked, thanks!'),
      ],
      CUSTOMER,
    );
    expect(items).toEqual([
      {
        // Stated as an SOP would: the greeting and the apology are left to the evidence.
        problem: 'The projector screen is black in bay 2',
        solution: 'Press the power button on the projector remote once and wait a minute for it to warm up.',
        confidence: 0.8,
        evidence:
          'Customer: hey the projector screen is black in bay 2\nStaff: Sorry about that! Press the power button on the projector remote once and wait a minute for it to warm up.\nCustomer: that worked, thanks!',
      },
    ]);
  });

  it('moves to the next staff reply when the customer says the first did not work', () => {
    const items = extractOffline(
      [
        customer('ball is not registering at all'),
        staff('Try teeing up on the marked spot please'),
        customer('still not working'),
        staff('Ok, turn the bay lights fully on and check nothing is in front of the sensor.'),
        customer('works now, thank you'),
      ],
      CUSTOMER,
    );
    expect(items).toHaveLength(1);
    expect(items[0]!.solution).toBe('Ok, turn the bay lights fully on and check nothing is in front of the sensor.');
    expect(items[0]!.confidence).toBe(0.7);
  });

  it('keeps an unconfirmed pairing with low confidence, and finds none without a fix', () => {
    const unconfirmed = extractOffline([customer("the door won't open"), staff('Tap unlock, then pull the door toward you.')], CUSTOMER);
    // 0.3 for a pairing, 0.1 for a fix of eight words or more, nothing for a confirmation never given.
    expect(unconfirmed.map((i) => i.confidence)).toEqual([0.4]);
    expect(extractOffline([customer('can you help me?'), staff('Sure, one moment.')], CUSTOMER)).toEqual([]);
    expect(extractOffline([customer('hi'), staff('Hi! Press start to begin your round now.')], CUSTOMER)).toEqual([]);
  });

  it('reads call transcripts, telling the customer from staff by number', () => {
    const transcript: ConversationEntry = {
      id: 'CA1:transcript',
      kind: 'transcript',
      direction: null,
      from: null,
      to: null,
      text: `${CUSTOMER}: the screen is frozen and nothing responds\n+15550009999: Close TrackMan with Alt F4 and double-click the icon to relaunch it.\n${CUSTOMER}: perfect, it is back`,
      at: new Date().toISOString(),
    };
    const [item] = extractOffline([transcript], CUSTOMER);
    expect(item).toMatchObject({
      problem: 'The screen is frozen and nothing responds',
      solution: 'Close TrackMan with Alt F4 and double-click the icon to relaunch it.',
      confidence: 0.8,
    });
  });

  it('finds two problems in one conversation', () => {
    const items = extractOffline(
      [
        customer('my access code never came through?'),
        staff('Check your spam folder for the email from us, the code is in it.'),
        customer('got it thanks'),
        customer('also the side tvs are off'),
        staff('Use the TV remote on the shelf and press power.'),
        customer('thank you'),
      ],
      CUSTOMER,
    );
    expect(items.map((i) => i.problem)).toEqual(['My access code never came through?', 'The side tvs are off']);
  });
});
