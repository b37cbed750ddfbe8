export { buildIndex, createSearchIndex, BM25_WEIGHT, type SearchIndex } from './hybrid-index.ts';
export { createLocalEmbedder } from './local-embedder.ts';
export { createOpenAIEmbedder } from './openai-embedder.ts';
export { serializeIndex, deserializeIndex, type SerializedIndex } from './serialize.ts';
export { unitsOfDocuments } from './units.ts';
export { heldOutFolds, type Fold, type HeldOutQuery } from './held-out.ts';
export { terms, words, containsPhrase } from './tokenize.ts';
export type { Embedder, IndexUnit, DocHit, SearchResult, SearchOptions } from './types.ts';
export { withEmbedFallback } from './fallback-embedder.ts';
