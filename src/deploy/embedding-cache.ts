import { createHash } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import type { Embedder } from '../search/index.ts';

/** Vectors a model made that the cache does not hold yet, by the SHA-256 of their text. */
export type FreshEmbeddings = { embedder: string; vectors: ReadonlyMap<string, Float32Array> };

export type CountingEmbedder = Embedder & {
  /** Texts embedded by the model (not found in the cache) so far. */
  readonly embedded: number;
  /** What the model embedded so far, for `storeEmbeddings`. */
  fresh(): FreshEmbeddings;
};

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** Rows per INSERT into the cache: a first deploy writes every text of the corpus. */
const STORE_BATCH = 500;

/**
 * Embeds through a content-addressed cache in the database: a text any earlier deploy embedded with
 * the same model is read back, so only changed sections are embedded (and paid for) again. It only
 * reads: what the model embeds is kept here (and reused by later calls) until `storeEmbeddings`
 * writes it, which a deploy does in the transaction that stores its version, so building holds no
 * transaction and a deploy that stops or is refused leaves the cache as it was.
 */
export function withDatabaseEmbeddings(embedder: Embedder, db: Queryable): CountingEmbedder {
  const fresh = new Map<string, Float32Array>();
  return {
    id: embedder.id,
    dimensions: embedder.dimensions,
    sparse: embedder.sparse,
    get embedded() {
      return fresh.size;
    },
    fresh: () => ({ embedder: embedder.id, vectors: fresh }),
    embed: async (texts) => {
      const hashes = texts.map(hashOf);
      const unique = [...new Set(hashes)].filter((h) => !fresh.has(h));
      const sql = 'SELECT text_hash, vector FROM embedding_cache WHERE embedder = $1 AND text_hash = ANY($2::text[])';
      const { rows } = unique.length ? await db.query<{ text_hash: string; vector: Uint8Array }>(sql, [embedder.id, unique]) : { rows: [] };
      const found = new Map(rows.map((r) => [r.text_hash, toVector(r.vector)]));
      const missing = unique.filter((h) => !found.has(h));
      if (missing.length) {
        const textOf = new Map(hashes.map((h, i) => [h, texts[i]!]));
        const vectors = await embedder.embed(missing.map((h) => textOf.get(h)!));
        missing.forEach((h, i) => fresh.set(h, vectors[i]!));
      }
      return hashes.map((h) => found.get(h) ?? fresh.get(h)!);
    },
  };
}

/** Adds fresh vectors to the cache; a text another deploy stored meanwhile is kept as it is. */
export async function storeEmbeddings(db: Queryable, fresh: readonly FreshEmbeddings[]): Promise<void> {
  for (const { embedder, vectors } of fresh) {
    const entries = [...vectors];
    for (let i = 0; i < entries.length; i += STORE_BATCH) {
      const batch = entries.slice(i, i + STORE_BATCH);
      await db.query(
        'INSERT INTO embedding_cache (embedder, text_hash, vector) SELECT $1, h, v FROM unnest($2::text[], $3::bytea[]) AS t(h, v) ON CONFLICT DO NOTHING',
        [embedder, batch.map(([h]) => h), batch.map(([, v]) => Buffer.from(v.buffer, v.byteOffset, v.byteLength))],
      );
    }
  }
}

function toVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}
