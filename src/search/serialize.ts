import MiniSearch from 'minisearch';
import type { Glossary } from '../sops/index.ts';
import { createSearchIndex, MINISEARCH_OPTIONS, trainUnitClassifier, type Fusion, type SearchIndex } from './hybrid-index.ts';
import { createNormaliser } from './normalise.ts';
import type { Embedder, IndexUnit } from './types.ts';
import { wordVectors } from './word-vectors.ts';

const FORMAT = 'sop-index/3';
/** The format before the classifier read word vectors: its parts load, and its classifier is trained again. */
const PREVIOUS_FORMAT = 'sop-index/2';

/** The index as one JSON-able object: units, vectors (base64 float32), the BM25 index, the classifier, the glossary. */
export type SerializedIndex = {
  format: typeof FORMAT | typeof PREVIOUS_FORMAT;
  embedder: string;
  dimensions: number;
  units: IndexUnit[];
  vectors: string;
  bm25: unknown;
  /** Arrays as base64 of their bytes (int32, int32, float32, int32, float32); `vectorWeights` and `wordVectors` are missing in the previous format; null when no unit has typical questions. */
  classifier: {
    targetCount: number;
    features: string[];
    offsets: string;
    targets: string;
    weights: string;
    targetUnits: string;
    vectorWeights?: string;
    wordVectors?: string;
  } | null;
  glossary: Glossary;
  fusion: Fusion;
};

const toBase64 = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const bytesOf = (text: string) => {
  const b = Buffer.from(text, 'base64');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

export function serializeIndex(index: SearchIndex): SerializedIndex {
  const c = index.classifier;
  return {
    format: FORMAT,
    embedder: index.embedder.id,
    dimensions: index.embedder.dimensions,
    units: [...index.units],
    vectors: toBase64(index.matrix),
    bm25: index.bm25.toJSON(),
    classifier: c && {
      targetCount: c.targetCount,
      features: c.features,
      offsets: toBase64(c.offsets),
      targets: toBase64(c.targets),
      weights: toBase64(c.weights),
      targetUnits: toBase64(index.targetUnits),
      vectorWeights: toBase64(c.vectorWeights),
      wordVectors: c.wordVectors,
    },
    glossary: index.glossary,
    fusion: index.fusion,
  };
}

/**
 * Loads a serialised index; the embedder must be the one it was built with. A classifier trained on
 * other word vectors than the shipped ones (or before the classifier read any: versions deployed by
 * an earlier release) is trained again from the index's own typical questions, in about a second,
 * and `onRetrain` says why: the index answers as one built today from the same SOPs would.
 */
export function deserializeIndex(data: SerializedIndex, embedder: Embedder, onRetrain?: (reason: string) => void): SearchIndex {
  if (data.format !== FORMAT && data.format !== PREVIOUS_FORMAT) {
    throw new Error(`unsupported index format ${String(data.format)}: rebuild it with \`sop index\` (or deploy again)`);
  }
  if (data.embedder !== embedder.id) {
    throw new Error(`index was built with embedder ${data.embedder} but ${embedder.id} is configured: rebuild it with \`sop index\``);
  }
  const matrix = new Float32Array(bytesOf(data.vectors));
  if (matrix.length !== data.units.length * data.dimensions) throw new Error('index vectors do not match its units: rebuild it with `sop index`');
  const bm25 = MiniSearch.loadJS(data.bm25 as Parameters<typeof MiniSearch.loadJS>[0], MINISEARCH_OPTIONS);
  const parts = { units: data.units, embedder, matrix, bm25, glossary: data.glossary, fusion: data.fusion };
  const c = data.classifier;
  const shipped = wordVectors().id;
  if (c && (c.wordVectors !== shipped || c.vectorWeights === undefined)) {
    onRetrain?.(`its classifier was trained on word vectors ${c.wordVectors ?? 'of none'}, not the shipped ${shipped}`);
    return createSearchIndex({ ...parts, ...trainUnitClassifier(data.units, createNormaliser(data.glossary)) });
  }
  const classifier = c && {
    targetCount: c.targetCount,
    features: c.features,
    offsets: new Int32Array(bytesOf(c.offsets)),
    targets: new Int32Array(bytesOf(c.targets)),
    weights: new Float32Array(bytesOf(c.weights)),
    vectorWeights: new Float32Array(bytesOf(c.vectorWeights!)),
    wordVectors: shipped,
  };
  const targetUnits = c ? new Int32Array(bytesOf(c.targetUnits)) : new Int32Array(0);
  return createSearchIndex({ ...parts, classifier, targetUnits });
}
