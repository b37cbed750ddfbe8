import { describe, expect, it } from 'vitest';
import { createSpeller } from '../../src/search/spelling.ts';

const speller = createSpeller(
  new Map([
    ['projector', 12],
    ['project', 2],
    ['rental', 5],
    ['renew', 1],
    ['trackman', 30],
    ['sim', 40],
  ]),
);

describe('spelling correction against the vocabulary', () => {
  it.each([
    ['projecter', 'projector'], // substitution
    ['projctor', 'projector'], // deletion
    ['projectorr', 'projector'], // insertion
    ['trakcman', 'trackman'], // adjacent swap
    ['rentl', 'rental'],
  ])('corrects %s to %s', (typo, word) => {
    expect(speller(typo)).toBe(word);
  });

  it('leaves known terms, short terms and terms two edits away alone', () => {
    expect(speller('projector')).toBeNull();
    expect(speller('sym')).toBeNull();
    expect(speller('prjectr')).toBeNull();
    expect(speller('weather')).toBeNull();
  });

  it('prefers the term more units use when two are one edit away', () => {
    const tie = createSpeller(
      new Map([
        ['cart', 1],
        ['card', 9],
      ]),
    );
    expect(tie('carx')).toBe('card');
    expect(
      createSpeller(
        new Map([
          ['cart', 9],
          ['card', 1],
        ]),
      )('carx'),
    ).toBe('cart');
  });
});
