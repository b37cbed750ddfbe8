import type { Embedder } from './types.ts';

/**
 * Remembers the vector of every text it has embedded, so indexing the same corpus several times
 * (held-out folds) embeds, and pays for, each text once.
 */
export function withEmbedCache(embedder: Embedder): Embedder {
  const cache = new Map<string, Float32Array>();
  return {
    id: embedder.id,
    dimensions: embedder.dimensions,
    sparse: embedder.sparse,
    embed: async (texts) => {
      const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
      if (missing.length) {
        const vectors = await embedder.embed(missing);
        missing.forEach((t, i) => cache.set(t, vectors[i]!));
      }
      return texts.map((t) => cache.get(t)!);
    },
  };
}
