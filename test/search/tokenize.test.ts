import { describe, expect, it } from 'vitest';
import { phraseTest, terms, words } from '../../src/search/index.ts';

describe('words and terms', () => {
  it.each([
    ["Don't REFUND me!", ['dont', 'refund', 'me']],
    ['wi-fi password?', ['wi', 'fi', 'password']],
    ['Café 24/7', ['café', '24', '7']],
  ])('words(%j)', (text, expected) => expect(words(text)).toEqual(expected));

  it('drops function words and stems, but keeps negations and question words', () => {
    expect(terms('Why is the ball not registering my shots')).toEqual(['why', 'ball', 'not', 'regist', 'shot']);
  });
});

describe('phraseTest', () => {
  it.each([
    ['can you comp my next hour', 'comp', true],
    ['the computer is frozen', 'comp', false],
    ["I'd like my MONEY BACK please", 'money back', true],
    ['money is back in my account', 'money back', false],
    ['call 911 now', '911', true],
    ['anything', '', false],
  ])('%j contains %j: %s', (text, phrase, expected) => expect(phraseTest(text)(phrase)).toBe(expected));
});
