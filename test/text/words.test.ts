import { describe, expect, it } from 'vitest';
import { words } from '../../src/search/index.ts';
import { countWords, splitWords } from '../../src/text/index.ts';

const TRICKY = [
  '',
  '   ',
  "Don't  touch the TV’s remote!!",
  'Bay 2: screen black, code 1234#',
  'café, naïve, e\u0301clair, Straße, İstanbul',
  'emoji 🙂 between, tabs\tand\nnew lines',
  'lone \ud800 surrogate and a pair 𝒳',
  "it's O'Brien's ‘quoted’ rock’n’roll",
];

describe('splitWords', () => {
  it.each([
    ["Don't touch the TV’s remote!", {}, ['don', 't', 'touch', 'the', 'tv', 's', 'remote']],
    ["Don't touch the TV’s remote!", { joinApostrophes: true }, ['dont', 'touch', 'the', 'tvs', 'remote']],
    ['Bay 2: code 1234#', {}, ['bay', '2', 'code', '1234']],
    ['¿Qué pasó?', {}, ['qué', 'pasó']],
    ['  ...  ', {}, []],
  ])('splits %j (%j) into %j', (text, options, expected) => {
    expect(splitWords(text, options)).toEqual(expected);
  });

  it.each(TRICKY)('with apostrophes joined, splits %j exactly as search does', (text) => {
    expect(splitWords(text, { joinApostrophes: true })).toEqual(words(text));
  });
});

describe('countWords', () => {
  it.each([
    ['', 0],
    ['   ', 0],
    ['ok', 1],
    ['  ok, thanks!  ', 2],
    ['the first\none', 3],
  ])('counts %j as %d words', (text, expected) => {
    expect(countWords(text)).toBe(expected);
  });
});
