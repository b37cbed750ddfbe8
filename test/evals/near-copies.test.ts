import { describe, expect, it } from 'vitest';
import { findNearCopies, formatNearCopies, NEAR_COPY, questionsOf } from '../../src/evals/index.ts';
import { createLocalEmbedder } from '../../src/search/index.ts';
import { smallCorpus } from '../search/fixtures.ts';

const cases = [
  { id: 'copy', query: 'Ball not reading!', expected_source: 'tech/ball.md' },
  { id: 'own', query: 'the launch monitor ignores every swing we take from the left of the mat', expected_source: 'tech/ball.md' },
  { id: 'oos', query: 'what are your opening hours on sundays', expected_source: null },
];

describe('near copies of SOP questions among eval queries', () => {
  it('flags a query that is a SOP question again, and prints the thresholds and the closest pairs', async () => {
    const report = await findNearCopies(cases, questionsOf(smallCorpus()), createLocalEmbedder(), 2);
    expect(report.copies.map((p) => [p.caseId, p.doc, p.question])).toEqual([['copy', 'tech/ball.md', 'ball not reading']]);
    expect(report.copies[0]!.overlap).toBe(1);
    expect(report.copies[0]!.cosine).toBeGreaterThan(NEAR_COPY.cosine);
    expect(report.closest.map((p) => p.caseId)).toEqual(['copy', expect.any(String)]);
    const text = formatNearCopies(report);
    expect(text).toContain(`at least ${NEAR_COPY.overlap} of its words`);
    expect(text).toContain('1 near copies');
  });

  it('passes a suite written apart from the SOPs', async () => {
    const report = await findNearCopies(cases.slice(1), questionsOf(smallCorpus()), createLocalEmbedder());
    expect(report.copies).toEqual([]);
    expect(formatNearCopies(report)).toContain('no near copies');
  });
});
