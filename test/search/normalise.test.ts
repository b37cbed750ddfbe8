import { describe, expect, it } from 'vitest';
import { createNormaliser } from '../../src/search/index.ts';

describe('reading texts into the SOPs’ words', () => {
  const { tokens, normalise } = createNormaliser({ projector: ['big screen', 'main screen'], tv: ['telly', 'side screens'], please: ['pls', 'plz'] });

  it('replaces glossary words and phrases, longest first', () => {
    expect(normalise('the BIG screen went off pls')).toBe('the projector go off please');
    expect(tokens('both side screens and the telly')).toEqual(['both', 'tv', 'and', 'the', 'tv']);
  });

  it('brings irregular verb forms to their base, on both sides alike', () => {
    expect(normalise('the screen froze')).toBe(normalise('the screen freeze'));
    expect(normalise('it has frozen again')).toContain('freeze');
    expect(normalise('trackman hung')).toBe('trackman hang');
  });

  it('leaves other words as they are, and works without a glossary', () => {
    expect(createNormaliser().normalise('Ball not reading!')).toBe('ball not reading');
  });
});
