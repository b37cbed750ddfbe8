import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../src/text/index.ts';

describe('lineDiff', () => {
  it('shows changed and added lines with their context, eliding the rest', () => {
    const before = ['---', 'title: T', 'last_reviewed: 2026-01-01', '---', '', '# T', '', '## Steps', '1. one', '2. two', '', '## Escalate', 'staff'].join(
      '\n',
    );
    const after = before.replace('last_reviewed: 2026-01-01', 'last_reviewed: 2026-11-25').replace('2. two\n', '2. two\n\n### New\n\nFix it.\n');
    expect(lineDiff(before, after, 1)).toBe(
      [
        ' title: T',
        '-last_reviewed: 2026-01-01',
        '+last_reviewed: 2026-11-25',
        ' ---',
        '...',
        ' ',
        '+### New',
        '+',
        '+Fix it.',
        '+',
        ' ## Escalate',
        '...',
      ].join('\n'),
    );
  });

  it('shows a new file as all additions', () => {
    expect(lineDiff('', 'a\nb')).toBe('-\n+a\n+b');
  });
});
