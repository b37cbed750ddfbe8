import { describe, expect, it } from 'vitest';
import { replaceFigure } from '../../src/extraction/contradiction.ts';

const SOP = `---
title: Cancel a booking
questions:
  - can I cancel less than 24 hours before
---

# Cancel a booking

## Reply

If your start is 24 hours or more away, cancel it from the Manage booking link.

## Steps

1. Check the start is 24 Hours away.
2. Refunds over $200 need a manager; under $20 they are automatic.
`;

describe('replaceFigure', () => {
  it("puts staff's figure in every body line that states the SOP's, leaving the front matter and every other byte", () => {
    const edit = replaceFigure(SOP, '24 hours', '48 hours');
    expect(edit?.lines).toEqual([
      {
        before: 'If your start is 24 hours or more away, cancel it from the Manage booking link.',
        after: 'If your start is 48 hours or more away, cancel it from the Manage booking link.',
      },
      { before: '1. Check the start is 24 Hours away.', after: '1. Check the start is 48 hours away.' },
    ]);
    expect(edit?.content).toBe(SOP.replace('is 24 hours or more', 'is 48 hours or more').replace('24 Hours away', '48 hours away'));
    expect(edit?.content).toContain('  - can I cancel less than 24 hours before');
  });

  it('matches the figure whole: "$20" is not part of "$200"', () => {
    expect(replaceFigure(SOP, '$20', '$25')?.lines).toEqual([
      {
        before: '2. Refunds over $200 need a manager; under $20 they are automatic.',
        after: '2. Refunds over $200 need a manager; under $25 they are automatic.',
      },
    ]);
  });

  it('gives nothing when no body line states the figure', () => expect(replaceFigure(SOP, '72 hours', '48 hours')).toBeNull());
});
