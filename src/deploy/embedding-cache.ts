import { createHash } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import type { Embedder } from '../search/index.ts';

export type CountingEmbedder = Embedder & {
  /** Texts embedded by the model (not found in the cache) so far. */
  readonly embedded: number;
};

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Embeds through a content-addressed cache in the database: a text any earlier deploy embedded with
 * the same model is read back, so only changed sections are embedded (and paid for) again.
 * `store: false` only reads the cache (`sop deploy --diff` writes nothing).
 */
export function withDatabaseEmbeddings(embedder: Embedder, db: Queryable, options: { store?: boolean } = {}): CountingEmbedder {
  const store = options.store ?? true;
  let embedded = 0;
  return {
    id: embedder.id,
    dimensions: embedder.dimensions,
    sparse: embedder.sparse,
    get embedded() {
      return embedded;
    },
    embed: async (texts) => {
      const hashes = texts.map(hashOf);
      const unique = [...new Set(hashes)];
      const { rows } = await db.query<{ text_hash: string; vector: Uint8Array }>('SELECT text_hash, vector FROM embedding_cache WHERE embedder = $1 AND text_hash = ANY($2::text[])', [embedder.id, unique]);
      const found = new Map(rows.map((r) => [r.text_hash, toVector(r.vector)]));
      const missing = unique.filter((h) => !found.has(h));
      if (missing.length) {
        const textOf = new Map(hashes.map((h, i) => [h, texts[i]!]));
        const vectors = await embedder.embed(missing.map((h) => textOf.get(h)!));
        embedded += missing.length;
        missing.forEach((h, i) => found.set(h, vectors[i]!));
        if (!store) return hashes.map((h) => found.get(h)!);
        await db.query(
          'INSERT INTO embedding_cache (embedder, text_hash, vector) SELECT $1, h, v FROM unnest($2::text[], $3::bytea[]) AS t(h, v) ON CONFLICT DO NOTHING',
          [embedder.id, missing, missing.map((h) => Buffer.from(found.get(h)!.buffer, found.get(h)!.byteOffset, found.get(h)!.byteLength))],
        );
      }
      return hashes.map((h) => found.get(h)!);
    },
  };
}

function toVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}
