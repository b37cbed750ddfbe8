import type { Logger } from '../logger.ts';
import type { Embedder } from './types.ts';

/**
 * Wraps a remote embedder so a failed call answers zero vectors (search then ranks by BM25 alone,
 * and confidence drops accordingly) instead of failing the question. Logged once per failure.
 */
export function withEmbedFallback(embedder: Embedder, log: Logger): Embedder {
  return {
    id: embedder.id,
    dimensions: embedder.dimensions,
    sparse: embedder.sparse,
    embed: async (texts) => {
      try {
        return await embedder.embed(texts);
      } catch (error) {
        log.warn({ err: error instanceof Error ? error.message : String(error), embedder: embedder.id }, 'embedding failed; searching with BM25 only');
        return texts.map(() => new Float32Array(embedder.dimensions));
      }
    },
  };
}
