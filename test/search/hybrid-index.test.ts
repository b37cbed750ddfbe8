import { describe, expect, it } from 'vitest';
import { buildIndex, createLocalEmbedder, deserializeIndex, heldOutFolds, serializeIndex, unitsOfDocuments } from '../../src/search/index.ts';
import { parseDocument } from '../../src/sops/index.ts';
import { smallCorpus } from './fixtures.ts';

const embedder = createLocalEmbedder();

describe('hybrid index', () => {
  it.each([
    ['the projector is off and the screen is blank', 'tech/projector.md'],
    ['my shots arent tracking', 'tech/ball.md'],
    ['i cant make my reservation tonight, cancel it', 'booking/cancel.md'],
    ['projecter no signl', 'tech/projector.md'],
  ])('ranks %j first at %s', async (query, expected) => {
    const index = await buildIndex(unitsOfDocuments(smallCorpus()), embedder);
    const result = await index.search(query);
    expect(result.hits[0]?.doc).toBe(expected);
    expect(result.hits[0]?.score).toBeCloseTo(1, 5);
  });

  it('keeps to a route when asked', async () => {
    const index = await buildIndex(unitsOfDocuments(smallCorpus()), embedder);
    const result = await index.search('cancel my booking', { route: 'tech' });
    expect(result.hits.map((h) => h.route)).toEqual(['tech', 'tech']);
    expect((await index.search('cancel', { route: 'nowhere' })).hits).toEqual([]);
  });

  it('finds the same within a route whether its units are contiguous or interleaved with another route', async () => {
    const [projector, ball, cancel] = smallCorpus();
    const contiguous = await buildIndex(unitsOfDocuments([projector!, ball!, cancel!]), embedder);
    const interleaved = await buildIndex(unitsOfDocuments([projector!, cancel!, ball!]), embedder);
    for (const query of ['the screen is dark and the ball does not track', 'cancel my booking', 'projecter no signl']) {
      const a = await contiguous.search(query, { route: 'tech' });
      const b = await interleaved.search(query, { route: 'tech' });
      expect(b).toEqual(a);
      expect(a.hits.every((h) => h.route === 'tech')).toBe(true);
    }
  });

  it('reports the evidence confidence is computed from', async () => {
    const index = await buildIndex(unitsOfDocuments(smallCorpus()), embedder);
    const covered = await index.search('cancel booking');
    const uncovered = await index.search('cancel netflix subscription');
    expect(covered.coverage).toBe(1);
    expect(uncovered.coverage).toBeCloseTo(1 / 3, 5);
    expect(uncovered.weightedCoverage).toBeLessThan(uncovered.coverage);
    expect(covered.hits[0]!.dense).toBeGreaterThan(0);
    expect(covered.hits[0]!.bm25).toBeGreaterThan(0);
  });

  it('answers identically after a round trip through JSON', async () => {
    const index = await buildIndex(unitsOfDocuments(smallCorpus()), embedder);
    const loaded = deserializeIndex(JSON.parse(JSON.stringify(serializeIndex(index))), embedder);
    for (const q of ['projector', 'ball not reading', 'cancel tonight']) expect(await loaded.search(q)).toEqual(await index.search(q));
  });

  it('trains the classifier again when the index was stored by a release before word vectors, and says why', async () => {
    const index = await buildIndex(unitsOfDocuments(smallCorpus()), embedder);
    const stored = JSON.parse(JSON.stringify(serializeIndex(index)));
    stored.format = 'sop-index/2';
    delete stored.classifier.wordVectors;
    const reasons: string[] = [];
    const loaded = deserializeIndex(stored, embedder, (reason) => reasons.push(reason));
    expect(reasons).toEqual([expect.stringMatching(/trained on word vectors of none, not the shipped [0-9a-f]{16}/)]);
    for (const q of ['projector', 'ball not reading', 'cancel tonight']) expect(await loaded.search(q)).toEqual(await index.search(q));
    expect(() => deserializeIndex({ ...stored, format: 'sop-index/1' }, embedder)).toThrow(
      /unsupported index format sop-index\/1: rebuild it with `sop index`/,
    );
  });

  it('refuses an index built with another embedder', async () => {
    const index = await buildIndex(unitsOfDocuments(smallCorpus()), embedder);
    expect(() => deserializeIndex(serializeIndex(index), createLocalEmbedder({ dimensions: 64 }))).toThrow(/rebuild it with `sop index`/);
  });

  it('weights BM25 and vectors as told: a typo only the vectors can match', async () => {
    const units = unitsOfDocuments(smallCorpus());
    const bm25Only = await buildIndex(units, embedder, { fusion: { bm25: 1, dense: 0, classifier: 0 } });
    const vectorsOnly = await buildIndex(units, embedder, { fusion: { bm25: 0, dense: 1, classifier: 0 } });
    expect((await bm25Only.search('projecter')).hits).toEqual([]);
    expect((await vectorsOnly.search('projecter')).hits[0]?.doc).toBe('tech/projector.md');
  });
});

describe('held-out folds', () => {
  it('asks each typical question exactly once, of an index that does not contain it', () => {
    const docs = smallCorpus();
    const folds = heldOutFolds(docs, 3);
    const asked = folds.flatMap((f) => f.queries.map((q) => q.query)).sort();
    expect(asked).toEqual(docs.flatMap((d) => d.questions).sort());
    for (const fold of folds) {
      const indexed = unitsOfDocuments(fold.docs).flatMap((u) => u.embedTexts);
      for (const q of fold.queries) expect(indexed).not.toContain(q.query);
    }
  });

  it("holds out a variant section's questions too, each naming its section", () => {
    const door = parseDocument(
      'booking/door.md',
      [
        '---',
        'title: Door handle does not turn',
        'owner: test',
        'last_reviewed: 2026-11-01',
        'questions: [the handle wont turn, door stays shut after unlock, cant open the bay door]',
        'section_questions:',
        '  If it says too early:',
        '    - unlock says session not started',
        '    - it says too early when i tap unlock',
        '---',
        '# Door handle does not turn',
        '## Reply',
        'Tap Unlock, wait for the click, then pull.',
        '### If it says too early',
        'The link works from ten minutes before the start.',
      ].join('\n'),
    ).doc;
    const folds = heldOutFolds([door], 2);
    const asked = folds.flatMap((f) => f.queries);
    expect(asked.filter((q) => q.section !== null)).toEqual([
      { query: 'unlock says session not started', expected: 'booking/door.md', section: 'booking/door.md#if-it-says-too-early' },
      { query: 'it says too early when i tap unlock', expected: 'booking/door.md', section: 'booking/door.md#if-it-says-too-early' },
    ]);
    expect(
      asked
        .filter((q) => q.section === null)
        .map((q) => q.query)
        .sort(),
    ).toEqual([...door.questions].sort());
    for (const fold of folds) {
      const indexed = unitsOfDocuments(fold.docs).flatMap((u) => [...u.embedTexts, ...(u.examples ?? [])]);
      for (const q of fold.queries) expect(indexed).not.toContain(q.query);
    }
  });
});
