import type { Embedder } from './types.ts';

/** The cosine of two vectors of the same length; 0 when either is all zeros. */
export function cosine(x: Float32Array, y: Float32Array): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < x.length; i++) {
    dot += x[i]! * y[i]!;
    nx += x[i]! * x[i]!;
    ny += y[i]! * y[i]!;
  }
  return nx === 0 || ny === 0 ? 0 : dot / Math.sqrt(nx * ny);
}

/**
 * Semantic similarity of two answers, 0..1: the cosine of their embeddings with the embedder the index
 * uses (OpenAI's when configured, else the local n-gram one), negative cosines counted as 0.
 */
export async function answerSimilarity(embedder: Embedder, a: string, b: string): Promise<number> {
  const [x, y] = await embedder.embed([a, b]);
  if (!x || !y) return 0;
  return Math.max(0, Math.min(1, cosine(x, y)));
}
