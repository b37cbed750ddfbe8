import MiniSearch, { type Options as MiniSearchOptions } from 'minisearch';
import { stemmer } from 'stemmer';
import { normalize } from './local-embedder.ts';
import { terms, words } from './tokenize.ts';
import type { DocHit, Embedder, IndexUnit, SearchOptions, SearchResult } from './types.ts';

/** Weight of BM25 in the fused score; the rest is the dense similarity. Chosen on held-out SOP questions. */
export const BM25_WEIGHT = 0.4;

type MiniDoc = { id: number; title: string; text: string };

export const MINISEARCH_OPTIONS: MiniSearchOptions<MiniDoc> = {
  fields: ['title', 'text'],
  tokenize: (text) => words(text),
  processTerm: (term) => terms(term)[0] ?? null,
  // Plain BM25 (no BM25+ floor, no fuzzy): held-out questions showed no gain from either; the dense
  // character n-grams already catch typos.
  searchOptions: { bm25: { k: 1.2, b: 0.7, d: 0 } },
};

/** The in-memory hybrid index: BM25 (minisearch) and dense vectors stored one dimension at a time. */
export type SearchIndex = {
  readonly units: readonly IndexUnit[];
  readonly embedder: Embedder;
  /** Dense vectors, dimension-major: `matrix[d * units.length + u]`. */
  readonly matrix: Float32Array;
  readonly bm25: MiniSearch<MiniDoc>;
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
};

/** Embeds every unit and indexes its text. A question set's vector is the mean of its questions' vectors. */
export async function buildIndex(units: IndexUnit[], embedder: Embedder): Promise<SearchIndex> {
  const texts = units.flatMap((u) => u.embedTexts);
  const vectors = await embedder.embed(texts);
  const rows: Float32Array[] = [];
  let next = 0;
  for (const unit of units) {
    const row = new Float32Array(embedder.dimensions);
    for (let i = 0; i < unit.embedTexts.length; i++) {
      const v = vectors[next++]!;
      for (let d = 0; d < row.length; d++) row[d]! += v[d]!;
    }
    rows.push(normalize(row));
  }
  const bm25 = new MiniSearch<MiniDoc>(MINISEARCH_OPTIONS);
  bm25.addAll(units.map((u, id) => ({ id, title: u.title, text: u.text })));
  return createSearchIndex(units, embedder, toDimensionMajor(rows, embedder.dimensions), bm25);
}

/** Wraps stored parts (built now or loaded from a file) into a searchable index. */
export function createSearchIndex(
  units: readonly IndexUnit[],
  embedder: Embedder,
  matrix: Float32Array,
  bm25: MiniSearch<MiniDoc>,
): SearchIndex {
  const n = units.length;
  const docTerms = new Map<string, Set<string>>();
  for (const u of units) {
    const set = docTerms.get(u.doc) ?? new Set<string>();
    for (const t of terms(`${u.title} ${u.text}`)) set.add(t);
    docTerms.set(u.doc, set);
  }
  const search = async (query: string, options: SearchOptions = {}): Promise<SearchResult> => {
    const limit = options.limit ?? 5;
    const inRoute = (u: IndexUnit) => !options.route || u.route === options.route;
    const [qv] = await embedder.embed([query]);
    const dense = new Float32Array(n);
    if (qv) scoreDense(qv, matrix, n, dense, embedder.sparse);
    const lexical = new Float32Array(n);
    for (const r of bm25.search(query, { filter: (r) => inRoute(units[r.id as number]!) })) lexical[r.id as number] = r.score;

    type Acc = { unit: number; bm25: number; dense: number };
    const docs = new Map<string, Acc & { best: number }>();
    let maxB = 0;
    let maxD = 0;
    for (let u = 0; u < n; u++) {
      const unit = units[u]!;
      if (!inRoute(unit)) continue;
      const b = lexical[u]!;
      const d = Math.max(0, dense[u]!);
      maxB = Math.max(maxB, b);
      maxD = Math.max(maxD, d);
      const acc = docs.get(unit.doc);
      if (!acc) docs.set(unit.doc, { unit: u, bm25: b, dense: d, best: -1 });
      else {
        acc.bm25 = Math.max(acc.bm25, b);
        acc.dense = Math.max(acc.dense, d);
      }
    }
    const fuse = (b: number, d: number) => BM25_WEIGHT * (maxB ? b / maxB : 0) + (1 - BM25_WEIGHT) * (maxD ? d / maxD : 0);
    for (let u = 0; u < n; u++) {
      const unit = units[u]!;
      const acc = docs.get(unit.doc);
      if (!acc || !inRoute(unit)) continue;
      const s = fuse(lexical[u]!, Math.max(0, dense[u]!));
      if (s > acc.best) {
        acc.best = s;
        acc.unit = u;
      }
    }
    const hits: DocHit[] = [...docs.entries()]
      .map(([doc, acc]) => {
        const unit = units[acc.unit]!;
        return { doc, route: unit.route, title: unit.title, score: fuse(acc.bm25, acc.dense), unit: unit.id, bm25: acc.bm25, dense: acc.dense };
      })
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score || a.doc.localeCompare(b.doc))
      .slice(0, limit);
    const queryTerms = [...new Set(terms(query))];
    const top = hits[0] ? docTerms.get(hits[0].doc) : undefined;
    const covered = top ? queryTerms.filter((t) => top.has(t) || top.has(stemmer(t))).length : 0;
    return { hits, coverage: queryTerms.length ? covered / queryTerms.length : 0, queryTerms: queryTerms.length };
  };
  return { units, embedder, matrix, bm25, search };
}

function toDimensionMajor(rows: Float32Array[], dimensions: number): Float32Array {
  const n = rows.length;
  const matrix = new Float32Array(dimensions * n);
  rows.forEach((row, u) => {
    for (let d = 0; d < dimensions; d++) matrix[d * n + u] = row[d]!;
  });
  return matrix;
}

/** Cosine of the query with every unit; a sparse query touches only its non-zero dimensions. */
function scoreDense(query: Float32Array, matrix: Float32Array, n: number, out: Float32Array, sparse: boolean): void {
  for (let d = 0; d < query.length; d++) {
    const q = query[d]!;
    if (q === 0 && sparse) continue;
    const base = d * n;
    for (let u = 0; u < n; u++) out[u]! += q * matrix[base + u]!;
  }
}
