import MiniSearch, { type Options as MiniSearchOptions } from 'minisearch';
import type { Glossary } from '../sops/index.ts';
import { compileBm25 } from './bm25.ts';
import { createSpeller } from './spelling.ts';
import { createClassifier, trainClassifier, type ClassifierData, type TrainOptions } from './classifier.ts';
import { normalize } from './local-embedder.ts';
import { createNormaliser, type Normaliser } from './normalise.ts';
import { terms, words } from './tokenize.ts';
import type { DocHit, Embedder, IndexUnit, SearchOptions, SearchResult } from './types.ts';

/**
 * Weights of the three rankings in a document's fused score, each taken relative to the query's best
 * document: BM25, the dense cosine and the classifier's probability. `sop calibrate` fits them on
 * held-out questions; these are the weights until it has.
 */
export type Fusion = { bm25: number; dense: number; classifier: number };
export const DEFAULT_FUSION: Fusion = { bm25: 0.25, dense: 0.35, classifier: 0.4 };

export type IndexOptions = {
  /** The SOPs' glossary: customers' words rewritten into the SOPs' before matching. */
  glossary?: Glossary;
  fusion?: Fusion;
  /** Training of the classifier on the units' typical questions. */
  train?: TrainOptions;
  /** Called before each of the two long steps (embedding, training the classifier), and at the end: `done` of `total`. */
  onProgress?: (done: number, total: number, stage: string) => void;
};

/** Everything an index is made of, as built or as loaded from storage. */
export type IndexParts = {
  units: readonly IndexUnit[];
  embedder: Embedder;
  /** Dense vectors, dimension-major: `matrix[d * units.length + u]`. */
  matrix: Float32Array;
  bm25: MiniSearch<MiniDoc>;
  /** The classifier over the units with typical questions (`targetUnits[t]` is target t's unit), if any has them. */
  classifier: ClassifierData | null;
  targetUnits: Int32Array;
  glossary: Glossary;
  fusion: Fusion;
};

type MiniDoc = { id: number; title: string; text: string };

const BM25_PARAMS = { k: 1.2, b: 0.7, d: 0 };
/**
 * Weight of a target's own words against the classifier's log-probability when choosing a document's
 * section. `sop calibrate` ("section choice", held-out typical questions of this repository's SOPs,
 * 2026-12-03): a variant's questions are answered from their variant 65.5% of the time with 0, 70.7%
 * with 3, 72.1% with 5 and 72.0% with 8, while general questions keep the general answer 89.0%,
 * 87.9%, 86.3% and 84.3% of the time.
 */
const SECTION_WORDS = 5;

export const MINISEARCH_OPTIONS: MiniSearchOptions<MiniDoc> = {
  fields: ['title', 'text'],
  tokenize: (text) => words(text),
  processTerm: (term) => terms(term)[0] ?? null,
  // Plain BM25 (no BM25+ floor, no fuzzy): held-out questions showed no gain from either; the dense
  // character n-grams already catch typos.
  searchOptions: { bm25: BM25_PARAMS },
};

/**
 * The in-memory index: BM25 (minisearch), dense vectors stored one dimension at a time, and a
 * classifier trained on the typical questions, all reading texts rewritten by the glossary.
 */
export type SearchIndex = Readonly<IndexParts> & {
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  /** The route of the best keyword match, without embedding the query (no network call); null when no word matches. */
  lexicalRoute(query: string): string | null;
  /** The same index answering with another embedder of the same vectors (a fallback around a remote one). */
  withEmbedder(embedder: Embedder): SearchIndex;
};

/**
 * Embeds every unit, indexes its text and trains the classifier on the units' typical questions.
 * A question set's vector is the mean of its questions' vectors.
 */
export async function buildIndex(units: IndexUnit[], embedder: Embedder, options: IndexOptions = {}): Promise<SearchIndex> {
  const glossary = options.glossary ?? {};
  const normaliser = createNormaliser(glossary);
  const texts = units.flatMap((u) => u.embedTexts).map(normaliser.normalise);
  options.onProgress?.(0, 2, `embedding ${texts.length} texts`);
  const vectors = await embedder.embed(texts);
  options.onProgress?.(1, 2, 'training the classifier');
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
  bm25.addAll(units.map((u, id) => ({ id, title: normaliser.normalise(u.title), text: normaliser.normalise(u.text) })));
  const { classifier, targetUnits } = trainUnitClassifier(units, normaliser, options.train);
  const matrix = toDimensionMajor(rows, embedder.dimensions);
  options.onProgress?.(2, 2, 'indexed');
  return createSearchIndex({ units, embedder, matrix, bm25, classifier, targetUnits, glossary, fusion: options.fusion ?? DEFAULT_FUSION });
}

/**
 * The classifier over the units with typical questions, and which unit each of its targets is.
 * Targets are numbered in the order of their unit ids: the same SOPs train the same model in any file order.
 */
export function trainUnitClassifier(
  units: readonly IndexUnit[],
  normaliser: Normaliser,
  train?: TrainOptions,
): { classifier: ClassifierData | null; targetUnits: Int32Array } {
  const byId = units.flatMap((u, i) => (u.examples?.length ? [i] : [])).sort((a, b) => (units[a]!.id < units[b]!.id ? -1 : 1));
  const targetUnits = Int32Array.from(byId);
  const examples = [...targetUnits].flatMap((u, target) => units[u]!.examples!.map((text) => ({ tokens: normaliser.tokens(text), target })));
  return { classifier: examples.length ? trainClassifier(examples, targetUnits.length, train).data : null, targetUnits };
}

/** Wraps stored parts (built now or loaded from a file) into a searchable index. */
export function createSearchIndex(parts: IndexParts): SearchIndex {
  const { units, embedder, matrix, bm25, targetUnits, fusion } = parts;
  const normaliser = createNormaliser(parts.glossary);
  const classifier = parts.classifier ? createClassifier(parts.classifier) : null;
  const n = units.length;
  // Per-unit document and route numbers, so a query works on typed arrays, not maps of objects.
  const docNames: string[] = [];
  const docIndex = new Map<string, number>();
  const routeIndex = new Map<string, number>();
  const unitDoc = new Int32Array(n);
  const unitRoute = new Int32Array(n);
  const docTerms: Set<string>[] = [];
  units.forEach((u, i) => {
    let d = docIndex.get(u.doc);
    if (d === undefined) {
      d = docNames.length;
      docIndex.set(u.doc, d);
      docNames.push(u.doc);
      docTerms.push(new Set());
    }
    unitDoc[i] = d;
    if (!routeIndex.has(u.route)) routeIndex.set(u.route, routeIndex.size);
    unitRoute[i] = routeIndex.get(u.route)!;
    for (const t of terms(normaliser.normalise(`${u.title} ${u.text}`))) docTerms[d]!.add(t);
  });
  const docCount = docNames.length;
  // Each route's units as one range [from, to) when they are contiguous (units come in path order, so
  // they are): a search within a route scores only its range. Otherwise every unit, as without a route.
  const routeRange = new Map<number, [number, number]>();
  for (let i = 0; i < n; i++) {
    const r = unitRoute[i]!;
    const range = routeRange.get(r);
    if (!range) routeRange.set(r, [i, i + 1]);
    else if (range[1] === i) range[1] = i + 1;
    else range[1] = Number.NaN;
  }
  // Document frequency of each term, for the IDF-weighted coverage of a query by its top document.
  const docFrequency = new Map<string, number>();
  for (const set of docTerms) for (const t of set) docFrequency.set(t, (docFrequency.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log((docCount + 1) / ((docFrequency.get(t) ?? 0) + 0.5));
  const lexicalScorer = compileBm25(bm25.toJSON(), MINISEARCH_OPTIONS, BM25_PARAMS);
  // Typos of the SOPs' own words ("projecter", "rentng") still meet them in BM25.
  const speller = createSpeller(lexicalScorer.vocabulary);
  // Scratch buffers reused by every query: everything after the embedding is synchronous, so two
  // concurrent searches never interleave while using them.
  const dense = new Float32Array(n);
  const bm25Scores = new Float64Array(n);
  const docB = new Float32Array(docCount);
  const docD = new Float32Array(docCount);
  const docScore = new Float32Array(docCount);
  const seen = new Uint8Array(docCount);
  const targetCount = targetUnits.length;
  const probabilities = new Float64Array(targetCount);
  const docP = new Float32Array(docCount);
  // Each document's best BM25 over its units that are not variants (its reply, steps, questions).
  const docMainB = new Float32Array(docCount);
  // The classifier's targets of each document (its questions and its variant sections).
  const targetsOfDoc: number[][] = Array.from({ length: docCount }, () => []);
  targetUnits.forEach((u, t) => targetsOfDoc[unitDoc[u]!]!.push(t));

  const search = async (query: string, options: SearchOptions = {}): Promise<SearchResult> => {
    const limit = options.limit ?? 5;
    const route = options.route === undefined ? -1 : (routeIndex.get(options.route) ?? -2);
    const tokens = normaliser.tokens(query);
    const text = tokens.join(' ');
    const [qv] = await embedder.embed([text]);
    dense.fill(0);
    docB.fill(0);
    docD.fill(0);
    docP.fill(0);
    docMainB.fill(0);
    seen.fill(0);
    const range = routeRange.get(route);
    const [from, to] = range && !Number.isNaN(range[1]) ? range : [0, n];
    if (qv) scoreDense(qv, matrix, n, dense, embedder.sparse, from, to);
    lexicalScorer.score(text, bm25Scores, speller);
    if (classifier) {
      classifier.probabilities(tokens, probabilities);
      for (let t = 0; t < targetCount; t++) docP[unitDoc[targetUnits[t]!]!]! += probabilities[t]!;
    }
    // BM25 is fused at single precision, as the scores were always stored.
    const lexical = (u: number) => Math.fround(bm25Scores[u]!);

    let maxB = 0;
    let maxD = 0;
    let maxP = 0;
    for (let u = from; u < to; u++) {
      if (route !== -1 && unitRoute[u] !== route) continue;
      const d = unitDoc[u]!;
      const b = lexical(u);
      const v = dense[u]! > 0 ? dense[u]! : 0;
      seen[d] = 1;
      if (b > docB[d]!) docB[d] = b;
      if (!units[u]!.variant && b > docMainB[d]!) docMainB[d] = b;
      if (v > docD[d]!) docD[d] = v;
      if (b > maxB) maxB = b;
      if (v > maxD) maxD = v;
      if (docP[d]! > maxP) maxP = docP[d]!;
    }
    const weights = options.fusion ?? fusion;
    const wB = maxB ? weights.bm25 / maxB : 0;
    const wD = maxD ? weights.dense / maxD : 0;
    const wP = maxP ? weights.classifier / maxP : 0;
    // The `limit` best documents, kept sorted by a small insertion.
    const top: number[] = [];
    for (let d = 0; d < docCount; d++) {
      if (!seen[d]) continue;
      const s = wB * docB[d]! + wD * docD[d]! + wP * docP[d]!;
      docScore[d] = s;
      if (s <= 0 || (top.length === limit && s <= docScore[top[limit - 1]!]!)) continue;
      let at = top.length;
      while (at > 0 && docScore[top[at - 1]!]! < s) at--;
      top.splice(at, 0, d);
      if (top.length > limit) top.pop();
    }
    const bestUnit = new Map<number, { unit: number; score: number }>(top.map((d) => [d, { unit: -1, score: -Infinity }]));
    for (let u = from; u < to; u++) {
      const best = bestUnit.get(unitDoc[u]!);
      if (!best) continue;
      // A variant section answers only when the classifier picks it (below), never on its words
      // alone: any other unit of the document comes first.
      const s = (units[u]!.variant ? -2 : 0) + wB * lexical(u) + wD * (dense[u]! > 0 ? dense[u]! : 0);
      if (s > best.score) {
        best.score = s;
        best.unit = u;
      }
    }
    // Which of a document's targets the query asks for: the classifier's log-probability plus the
    // target's own words (a variant's section and questions; for the document's general situation,
    // its best unit that is not a variant). Words matter here because a variant has few questions.
    // Without a classifier a document has no targets, and its best unit answers.
    const targetOf = (d: number) => {
      let chosen = -1;
      let best = -Infinity;
      for (const t of targetsOfDoc[d]!) {
        const u = targetUnits[t]!;
        const words = units[u]!.variant ? lexical(u) : docMainB[d]!;
        const s = Math.log(Math.max(probabilities[t]!, 1e-12)) + (maxB ? (SECTION_WORDS * words) / maxB : 0);
        if (s > best) [best, chosen] = [s, u];
      }
      return chosen;
    };
    const hits: DocHit[] = top.map((d) => {
      // A variant section chosen over the document's own questions answers for the document.
      const target = targetOf(d);
      const chosen = target !== -1 && units[target]!.variant ? target : bestUnit.get(d)!.unit;
      const unit = units[chosen]!;
      return {
        doc: docNames[d]!,
        route: unit.route,
        title: unit.title,
        score: docScore[d]!,
        unit: unit.id,
        bm25: docB[d]!,
        dense: docD[d]!,
        classifier: docP[d]!,
      };
    });
    const queryTerms = [...new Set(terms(text).map((t) => (lexicalScorer.vocabulary.has(t) ? t : (speller(t) ?? t))))];
    const topTerms = top[0] !== undefined ? docTerms[top[0]] : undefined;
    let covered = 0;
    let weight = 0;
    let coveredWeight = 0;
    for (const t of queryTerms) {
      const w = idf(t);
      weight += w;
      if (topTerms?.has(t)) {
        covered++;
        coveredWeight += w;
      }
    }
    return {
      hits,
      coverage: queryTerms.length ? covered / queryTerms.length : 0,
      weightedCoverage: weight ? coveredWeight / weight : 0,
      queryTerms: queryTerms.length,
      route: options.route ?? null,
    };
  };
  const lexicalRoute = (query: string): string | null => {
    const top = lexicalScorer.score(normaliser.normalise(query), bm25Scores, speller);
    return top === -1 ? null : units[top]!.route;
  };
  return { ...parts, search, lexicalRoute, withEmbedder: (other) => createSearchIndex({ ...parts, embedder: other }) };
}

function toDimensionMajor(rows: Float32Array[], dimensions: number): Float32Array {
  const n = rows.length;
  const matrix = new Float32Array(dimensions * n);
  rows.forEach((row, u) => {
    for (let d = 0; d < dimensions; d++) matrix[d * n + u] = row[d]!;
  });
  return matrix;
}

/** Query dimensions scored for a sparse query: the largest weights carry the cosine; the tail costs time. */
const MAX_QUERY_DIMENSIONS = 128;

/** Cosine of the query with units `from` to `to` (exclusive); a sparse query touches only its largest non-zero dimensions. */
function scoreDense(query: Float32Array, matrix: Float32Array, n: number, out: Float32Array, sparse: boolean, from: number, to: number): void {
  let dims: number[] = [];
  for (let d = 0; d < query.length; d++) if (query[d] !== 0 || !sparse) dims.push(d);
  if (sparse && dims.length > MAX_QUERY_DIMENSIONS) {
    dims = dims.sort((a, b) => Math.abs(query[b]!) - Math.abs(query[a]!)).slice(0, MAX_QUERY_DIMENSIONS);
  }
  // Four dimensions per pass: a quarter of the reads and writes of `out`, which bound this loop.
  let i = 0;
  for (; i + 4 <= dims.length; i += 4) {
    const [d0, d1, d2, d3] = [dims[i]!, dims[i + 1]!, dims[i + 2]!, dims[i + 3]!];
    const [q0, q1, q2, q3] = [query[d0]!, query[d1]!, query[d2]!, query[d3]!];
    const [b0, b1, b2, b3] = [d0 * n, d1 * n, d2 * n, d3 * n];
    for (let u = from; u < to; u++) {
      out[u]! += q0 * matrix[b0 + u]! + q1 * matrix[b1 + u]! + q2 * matrix[b2 + u]! + q3 * matrix[b3 + u]!;
    }
  }
  for (; i < dims.length; i++) {
    const d = dims[i]!;
    const q = query[d]!;
    const base = d * n;
    for (let u = from; u < to; u++) out[u]! += q * matrix[base + u]!;
  }
}
