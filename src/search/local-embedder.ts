import type { Embedder } from './types.ts';
import { ngramCounts } from './ngrams.ts';
import { words } from './tokenize.ts';

export type LocalEmbedderOptions = {
  dimensions?: number;
  /** Weights of the three feature families. */
  weights?: { word: number; pair: number; char: number };
};

const DEFAULTS = { dimensions: 1024, weights: { word: 1, pair: 1, char: 1 } };
const NGRAMS = { chars: [2, 4] } as const;

/** 32-bit FNV-1a: a fast, stable hash, the same on every machine. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The offline embedder: stemmed words, stemmed word pairs and character 2-4-grams of each word,
 * log-scaled counts hashed (with a sign bit against collision bias) into a fixed-size unit vector.
 * Deterministic, no download, no network; it catches typos and word forms that BM25 misses.
 */
export function createLocalEmbedder(options: LocalEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? DEFAULTS.dimensions;
  const weights = options.weights ?? DEFAULTS.weights;
  const embedOne = (text: string): Float32Array => {
    const counts = ngramCounts(words(text), NGRAMS);
    const vector = new Float32Array(dimensions);
    for (const [key, count] of counts) {
      const family = key[0] === 'w' ? weights.word : key[0] === 'p' ? weights.pair : weights.char;
      const h = fnv1a(key);
      vector[(h >>> 1) % dimensions]! += (h & 1 ? 1 : -1) * family * (1 + Math.log(count));
    }
    return normalize(vector);
  };
  return {
    id: `local-hash-v1:${dimensions}:${weights.word}/${weights.pair}/${weights.char}`,
    dimensions,
    sparse: true,
    embed: async (texts) => texts.map(embedOne),
  };
}

/** Scales a vector to unit length in place (a zero vector stays zero). */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}
