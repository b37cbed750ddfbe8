import type { AsPlainObject, BM25Params, Options } from 'minisearch';
import type { Speller } from './spelling.ts';

/** BM25 scores of every unit for one query, and the best unit; units no query term reaches score 0. */
export type Bm25Scorer = {
  /**
   * Writes each unit's score into `out` (length: the number of units) and returns the best unit, or
   * -1. With a speller, a term no unit has is replaced by its correction, if it has one.
   */
  score(query: string, out: Float64Array, speller?: Speller): number;
  /** Every indexed term, with the number of units that have it. */
  vocabulary: ReadonlyMap<string, number>;
};

type Postings = { units: Int32Array; scores: Float64Array };

/**
 * minisearch's own BM25 (its `search` with our options: OR of the query terms, no prefix, no fuzzy,
 * no boosts), compiled once from its index into per-term arrays of unit numbers and precomputed
 * scores. A query then costs one pass over its terms' postings, where minisearch builds a result
 * object, a match map and a sort for every document it touches. Scores are the same to the bit and
 * ties break the same way (first reached first), which `test/search/bm25.test.ts` checks against
 * minisearch itself.
 */
export function compileBm25(index: AsPlainObject, options: Pick<Options, 'fields' | 'tokenize' | 'processTerm'>, bm25: BM25Params): Bm25Scorer {
  const { k, b, d } = bm25;
  const fieldIds = options.fields.map((f) => index.fieldIds[f]!);
  const unitOf = (shortId: string) => index.documentIds[shortId] as number;
  const units = Object.keys(index.documentIds).length;
  const postings = new Map<string, Postings>();
  for (const [term, byField] of index.index) {
    // One score per unit and term: each field's BM25 summed in field order, units in the order
    // minisearch first reaches them (the first field's, then the others').
    const score = new Map<number, number>();
    for (const fieldId of fieldIds) {
      const freqs = byField[fieldId];
      if (!freqs) continue;
      const matching = Object.keys(freqs).length;
      const avgLength = index.averageFieldLength[fieldId]!;
      const idf = Math.log(1 + (index.documentCount - matching + 0.5) / (matching + 0.5));
      for (const [shortId, tf] of Object.entries(freqs)) {
        const length = index.fieldLength[shortId]![fieldId]!;
        const raw = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / avgLength)));
        const unit = unitOf(shortId);
        const before = score.get(unit);
        score.set(unit, before === undefined ? raw : before + raw);
      }
    }
    postings.set(term, { units: Int32Array.from(score.keys()), scores: Float64Array.from(score.values()) });
  }

  const tokenize = options.tokenize!;
  const processTerm = options.processTerm!;
  // Per query scratch: how many distinct query terms reached each unit, and the units in the order
  // first reached (a unit's first term is always a term's first occurrence, so 0 means not reached).
  const matched = new Int32Array(units);
  const order: number[] = [];

  const score = (query: string, out: Float64Array, speller?: Speller): number => {
    out.fill(0);
    order.length = 0;
    const seen = new Set<string>();
    for (const raw of tokenize(query).flatMap((t) => processTerm(t) || [])) {
      const term = postings.has(raw) ? raw : (speller?.(raw) ?? raw);
      const list = postings.get(term);
      if (!list) continue;
      // A repeated query term adds its score again but counts once towards the number of terms matched.
      const first = !seen.has(term);
      seen.add(term);
      for (let p = 0; p < list.units.length; p++) {
        const u = list.units[p]!;
        if (matched[u] === 0) order.push(u);
        out[u]! += list.scores[p]!;
        if (first) matched[u]!++;
      }
    }
    let best = -1;
    for (const u of order) {
      out[u]! *= matched[u]!;
      if (best === -1 || out[u]! > out[best]!) best = u;
      matched[u] = 0;
    }
    return best;
  };
  const vocabulary = new Map([...postings].map(([term, list]) => [term, list.units.length]));
  return { score, vocabulary };
}
