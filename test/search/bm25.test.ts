import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { compileBm25 } from '../../src/search/bm25.ts';
import { MINISEARCH_OPTIONS } from '../../src/search/hybrid-index.ts';
import { unitsOfDocuments } from '../../src/search/index.ts';
import { loadCorpus } from '../../src/sops/index.ts';

type MiniDoc = { id: number; title: string; text: string };
const BM25 = MINISEARCH_OPTIONS.searchOptions!.bm25!;

const miniOf = (docs: MiniDoc[]) => {
  const mini = new MiniSearch<MiniDoc>(MINISEARCH_OPTIONS);
  mini.addAll(docs);
  return mini;
};

/** Every unit's score and the best unit, as minisearch's own search gives them. */
function expected(mini: MiniSearch<MiniDoc>, query: string, units: number) {
  const scores = new Float64Array(units);
  const results = mini.search(query);
  for (const r of results) scores[r.id as number] = r.score;
  return { scores: [...scores], best: (results[0]?.id as number | undefined) ?? -1 };
}

function compare(mini: MiniSearch<MiniDoc>, queries: string[], units: number) {
  const scorer = compileBm25(mini.toJSON(), MINISEARCH_OPTIONS, BM25);
  const out = new Float64Array(units);
  for (const query of queries) {
    const best = scorer.score(query, out);
    // toEqual on arrays of numbers compares with Object.is: the same to the bit.
    expect({ query, scores: [...out], best }).toEqual({ query, ...expected(mini, query, units) });
  }
}

describe('compiled BM25', () => {
  const units = unitsOfDocuments(loadCorpus('sops', { strict: false }).docs);
  const docs = units.map((u, id) => ({ id, title: u.title, text: u.text }));
  const evalQuestions = readdirSync('evals')
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join('evals', f), 'utf8').split('\n').filter(Boolean))
    .map((line) => (JSON.parse(line) as { query: string }).query);
  const edgeCases = [
    '',
    'the and of',
    'zzzz qqqq',
    'ball ball ball not registering',
    "don't DONT dont",
    'İstanbul CAFÉ naïve',
    'projector projector',
    'a'.repeat(500),
  ];

  it('scores every eval question and edge case as minisearch does, to the bit, with the same best unit', () => {
    compare(miniOf(docs), [...evalQuestions, ...edgeCases], units.length);
  });

  it('does the same on an index loaded from its stored form', () => {
    const loaded = MiniSearch.loadJS<MiniDoc>(JSON.parse(JSON.stringify(miniOf(docs).toJSON())), MINISEARCH_OPTIONS);
    compare(loaded, evalQuestions.slice(0, 100), units.length);
  });

  it('breaks ties as minisearch does: the unit reached first wins', () => {
    const twins = [
      { id: 0, title: 'Projector', text: 'lamp warm up' },
      { id: 1, title: 'Lamp', text: 'projector warm up' },
      { id: 2, title: 'Projector', text: 'lamp warm up' },
      { id: 3, title: 'Other', text: 'nothing alike' },
    ];
    compare(miniOf(twins), ['projector lamp', 'lamp projector', 'warm', 'nothing'], twins.length);
    const scorer = compileBm25(miniOf(twins).toJSON(), MINISEARCH_OPTIONS, BM25);
    const out = new Float64Array(twins.length);
    // Units 0 and 2 are twins: the same score, and the later one never wins.
    expect(scorer.score('warm', out)).not.toBe(2);
    expect(out[0]).toBe(out[2]);
    expect(out[0]).toBeGreaterThan(0);
    expect(scorer.score('unknown words', out)).toBe(-1);
    expect([...out]).toEqual([0, 0, 0, 0]);
  });
});
