import { describe, expect, it } from 'vitest';
import { extractOffline, solutionStatement } from '../../src/extraction/extract-offline.ts';
import { customerWording, situationTitle } from '../../src/extraction/situation.ts';
import { stepsOf } from '../../src/extraction/steps.ts';
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

describe('situationTitle, customerWording and solutionStatement', () => {
  it.each([
    ['hi this is [name], the ball is not registering when we hit from the left side, call me on [phone]', 'Ball not registering'],
    ['Hey! my card was declined twice', 'Card declined twice'],
    ['door code [code] does not work', 'Door code does not work'],
    // No problem word, a clause about the customer and one about the thing: the thing is the situation.
    ['the putts are going way left even tho i hit them straight', 'Putts going way left'],
    ['hi! coming for our 6pm, where do we park. street looks full', 'Where to park'],
    ['hey we want to add two more players to our booking', 'Adding two more players to the booking'],
    ['omg the lights in here went out on us mid swing 😅 we still have 40 min left', 'Lights went out mid swing'],
    // "looking through" is no wish of the customer's; a clause with no verb, or a reference, names no situation.
    ['the picture went all fuzzy, like looking through fog', 'Picture went all fuzzy'],
    ['my refund from last week never came. order AB-12345', 'Refund from last week never came'],
    ['so dark in here, no lights, the lights went off', 'Lights went off'],
    // A connective leaves the clause, and a clause about the customer's people comes after the thing's.
    ['the ball keeps flying left, even my brother who never misses', 'Ball keeps flying left'],
  ])('title of %j', (text, expected) => expect(situationTitle(text)).toBe(expected));

  it('cuts a long title before the phrase it would cut, not inside it', () => {
    expect(situationTitle('my friend just knocked a whole glass of cola over on the new hitting mat')).toBe('Friend knocked a whole glass of cola over');
  });

  it('titles a long clause at most nine words, never ending on a word that leaves it hanging', () => {
    const title = situationTitle('the screen at the back of the room shows the course from a really strange angle and a grey bar');
    expect(title.split(' ').length).toBeLessThanOrEqual(9);
    expect(title).not.toMatch(/\b(?:a|the|of|and|from)$/);
  });

  it.each([
    [
      'hi this is [name], the ball is not registering when we hit from the left side, call me on [phone]',
      'the ball is not registering when we hit from the left side,',
    ],
    ['Hey! my card was declined twice', 'my card was declined twice'],
    ['hi i see two charges, name is [name], [phone]', 'i see two charges,'],
  ])('wording of %j keeps the customer words, without greeting, introduction or contact', (text, expected) => expect(customerWording(text)).toBe(expected));

  it.each([
    ['Sorry [name]! Wipe the sensor lens with the cloth.', 'Wipe the sensor lens with the cloth.'],
    ['No worries. Press power on the remote. It takes a minute to warm up.', 'Press power on the remote. It takes a minute to warm up.'],
    ['Sorry to hear that, hope you feel better soon! Tap Cancel in the confirmation email.', 'Tap Cancel in the confirmation email.'],
    ['Easy one - tap the gear icon, then Units.', 'Tap the gear icon, then Units.'],
    ['Ha, that happens. Buenas noches! Press Source on the remote.', 'Press Source on the remote.'],
    ['Calling you now. Keep everyone back from the screen.', 'Keep everyone back from the screen.'],
    ['Thanks for flagging, [name]. The spare balls are in the bin by the door.', 'The spare balls are in the bin by the door.'],
  ])('solution of %j', (text, expected) => expect(solutionStatement(text)).toBe(expected));
});

describe('stepsOf', () => {
  it('reads a numbered list, on its own lines or in one line', () => {
    expect(stepsOf(['Try this:\n1. Close the sim\n2. Hold the power button for 5 seconds\n3. Start it again'])).toEqual([
      'Close the sim.',
      'Hold the power button for 5 seconds.',
      'Start it again.',
    ]);
    expect(stepsOf(["1) Tap the flag icon and pick 'Align' 2) point the putter at the screen and press Enter"])).toEqual([
      "Tap the flag icon and pick 'Align'.",
      'Point the putter at the screen and press Enter.',
    ]);
  });

  it('splits "then" and texts sent one after another, leaving apologies and "let me know" out', () => {
    expect(
      stepsOf(['Sorry about that! First turn the projector off at the wall, then wait ten seconds.', 'Now switch it back on. Let me know how it goes!']),
    ).toEqual(['Turn the projector off at the wall.', 'Wait ten seconds.', 'Switch it back on.']);
  });

  it('gives no list for a single action', () => expect(stepsOf(['Press the power button on the remote once.'])).toEqual([]));
});

describe('extractOffline', () => {
  it('pairs a problem with the staff fix the customer confirmed, with high confidence', () => {
    const { items, why } = extractOffline(
      [
        customer('hey the projector screen is black in bay 2'),
        staff('Sorry about that! Press the power button on the projector remote once and wait a minute for it to warm up.'),
        customer('that worked, thanks!'),
      ],
      CUSTOMER,
    );
    expect(why).toBeNull();
    expect(items).toEqual([
      {
        // The situation as a title, the customer's own words as a question; the greeting and the apology are left to the evidence.
        problem: 'Projector screen black',
        questions: ['the projector screen is black in bay 2'],
        solution: 'Press the power button on the projector remote once and wait a minute for it to warm up.',
        steps: [],
        confidence: 0.8,
        evidence:
          'Customer: hey the projector screen is black in bay 2\nStaff: Sorry about that! Press the power button on the projector remote once and wait a minute for it to warm up.\nCustomer: that worked, thanks!',
      },
    ]);
  });

  it('finds a problem stated with no problem word when the customer takes the fix well, with the steps staff gave', () => {
    const { items } = extractOffline(
      [
        customer('hey'),
        customer('the putts are going way left even tho i hit them straight'),
        staff(
          'That usually means the target line moved. Tap the flag icon top right and pick Align, then point the putter at the middle of the screen and press Enter.',
        ),
        customer('ahh there it is, rolling true now'),
      ],
      CUSTOMER,
    );
    expect(items).toEqual([
      expect.objectContaining({
        problem: 'Putts going way left',
        questions: ['the putts are going way left even tho i hit them straight'],
        steps: ['Tap the flag icon top right and pick Align.', 'Point the putter at the middle of the screen and press Enter.'],
        confidence: 0.8,
      }),
    ]);
  });

  it('takes an answer to a question, and a last word with nothing wrong in it, as a fix taken well', () => {
    const { items } = extractOffline(
      [
        customer('can we bring pizza in for the kids'),
        staff('Outside food is welcome, eat at the back table away from the hitting mat.'),
        customer('cool see you at 6'),
      ],
      CUSTOMER,
    );
    expect(items).toEqual([expect.objectContaining({ problem: 'Bringing pizza in for the kids', confidence: 0.55 })]);
  });

  it('takes a question sent without its question mark', () => {
    const { items } = extractOffline(
      [
        customer('quick one, is there parking round the back'),
        staff('Yes, there are six free spaces behind the building, marked with our logo.'),
        customer('great cheers'),
      ],
      CUSTOMER,
    );
    expect(items).toEqual([expect.objectContaining({ solution: 'Yes, there are six free spaces behind the building, marked with our logo.' })]);
  });

  it('writes a listed fix out as sentences, and keeps what staff did on their side below the proposing bar', () => {
    const listed = extractOffline(
      [
        customer('the picture is tilted on the screen'),
        staff('Hi! The projector got bumped.\n1. Open Settings on the PC\n2. Pick Screen and press Auto align'),
        customer('straight again, cheers'),
      ],
      CUSTOMER,
    ).items[0]!;
    expect(listed.solution).toBe('The projector got bumped. Open Settings on the PC. Pick Screen and press Auto align.');
    expect(listed.steps).toEqual(['Open Settings on the PC.', 'Pick Screen and press Auto align.']);
    const oneOff = extractOffline(
      [customer('the door keypad beeps at me'), staff("I've unlocked it remotely for you, give the handle a pull now."), customer('in, cheers')],
      CUSTOMER,
    ).items[0]!;
    expect(oneOff.confidence).toBeLessThan(0.5);
  });

  it('moves to the next staff reply when the customer says the first did not work', () => {
    const { items } = extractOffline(
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

  it('keeps an unconfirmed pairing with low confidence, and says why it finds nothing', () => {
    const unconfirmed = extractOffline([customer("the door won't open"), staff('Tap unlock, then pull the door toward you.')], CUSTOMER);
    // 0.3 for a pairing, 0.1 for a fix of eight words or more, nothing for a confirmation never given.
    expect(unconfirmed.items.map((i) => i.confidence)).toEqual([0.4]);
    expect(extractOffline([customer('can you help me?'), staff('Sure, one moment.')], CUSTOMER)).toEqual({
      items: [],
      why: 'no staff text gives an instruction (press, check, try, …): staff only asked, greeted or answered',
    });
    expect(extractOffline([customer('hi'), staff('Hi! Press start to begin your round now.')], CUSTOMER).why).toBe(
      'staff gave an instruction, but no customer text before it says what the problem is',
    );
    expect(extractOffline([customer('the putts drift left'), staff('Tap the flag icon and pick Align.')], CUSTOMER).why).toMatch(
      /^the customer never answered staff's fix, and "the putts drift left" does not read as a problem on its own$/,
    );
    expect(extractOffline([customer('the screen is frozen'), staff('Press Alt F4 and open it again.'), customer('still frozen')], CUSTOMER).why).toBe(
      'the customer said the fix staff gave did not work, and no later fix was confirmed',
    );
    expect(extractOffline([customer('the screen is frozen')], CUSTOMER).why).toBe('staff never replied');
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
    const [item] = extractOffline([transcript], CUSTOMER).items;
    expect(item).toMatchObject({
      problem: 'Screen frozen',
      questions: ['the screen is frozen and nothing responds'],
      solution: 'Close TrackMan with Alt F4 and double-click the icon to relaunch it.',
      confidence: 0.8,
    });
  });

  it('finds two problems in one conversation', () => {
    const { items } = extractOffline(
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
    expect(items.map((i) => i.questions)).toEqual([['my access code never came through?'], ['the side tvs are off']]);
  });
});
