import type OpenAI from 'openai';
import { normalize } from './local-embedder.ts';
import type { Embedder } from './types.ts';

const BATCH = 256;

/** `text-embedding-3-small` (or another model) through the official SDK; vectors are normalised for cosine. */
export function createOpenAIEmbedder(options: { client: OpenAI; model?: string; dimensions?: number }): Embedder {
  const model = options.model ?? 'text-embedding-3-small';
  const dimensions = options.dimensions ?? 1536;
  return {
    id: `openai:${model}:${dimensions}`,
    dimensions,
    sparse: false,
    embed: async (texts) => {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        const batch = texts.slice(i, i + BATCH);
        // Only the text-embedding-3 models accept a `dimensions` parameter.
        const response = await options.client.embeddings.create({ model, input: batch, ...(model.startsWith('text-embedding-3') ? { dimensions } : {}) });
        const ordered = [...response.data].sort((a, b) => a.index - b.index);
        if (ordered.length !== batch.length) throw new Error(`OpenAI returned ${ordered.length} embeddings for ${batch.length} texts`);
        for (const item of ordered) {
          if (item.embedding.length !== dimensions) throw new Error(`OpenAI returned a ${item.embedding.length}-dimension embedding, expected ${dimensions}`);
          out.push(normalize(Float32Array.from(item.embedding)));
        }
      }
      return out;
    },
  };
}
