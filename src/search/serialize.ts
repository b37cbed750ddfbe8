import MiniSearch from 'minisearch';
import { createSearchIndex, MINISEARCH_OPTIONS, type SearchIndex } from './hybrid-index.ts';
import type { Embedder, IndexUnit } from './types.ts';

const FORMAT = 'sop-index/1';

/** The index as one JSON-able object: units, vectors (base64 float32) and the BM25 index. */
export type SerializedIndex = {
  format: typeof FORMAT;
  embedder: string;
  dimensions: number;
  units: IndexUnit[];
  vectors: string;
  bm25: unknown;
};

export function serializeIndex(index: SearchIndex): SerializedIndex {
  const bytes = Buffer.from(index.matrix.buffer, index.matrix.byteOffset, index.matrix.byteLength);
  return {
    format: FORMAT,
    embedder: index.embedder.id,
    dimensions: index.embedder.dimensions,
    units: [...index.units],
    vectors: bytes.toString('base64'),
    bm25: index.bm25.toJSON(),
  };
}

/** Loads a serialised index; the embedder must be the one it was built with. */
export function deserializeIndex(data: SerializedIndex, embedder: Embedder): SearchIndex {
  if (data.format !== FORMAT) throw new Error(`unsupported index format ${String(data.format)}: rebuild it with \`sop index\``);
  if (data.embedder !== embedder.id) {
    throw new Error(`index was built with embedder ${data.embedder} but ${embedder.id} is configured: rebuild it with \`sop index\``);
  }
  const bytes = Buffer.from(data.vectors, 'base64');
  const matrix = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (matrix.length !== data.units.length * data.dimensions) throw new Error('index vectors do not match its units: rebuild it with `sop index`');
  const bm25 = MiniSearch.loadJS(data.bm25 as Parameters<typeof MiniSearch.loadJS>[0], MINISEARCH_OPTIONS);
  return createSearchIndex(data.units, embedder, matrix, bm25);
}
