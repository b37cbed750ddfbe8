/** Turns texts into vectors of a fixed size; the local one needs no network, the OpenAI one calls the API. */
export type Embedder = {
  /** Names the model and its settings; an index built with one embedder is only queried with the same id. */
  readonly id: string;
  readonly dimensions: number;
  /** True when a query vector has few non-zero entries (the index then scores by dimension, not by row). */
  readonly sparse: boolean;
  embed(texts: string[]): Promise<Float32Array[]>;
};

/** What the index stores per retrievable unit: a section, or the typical questions of a document. */
export type IndexUnit = {
  /** Section id (`route/file.md#slug`) or document path for a document's question set. */
  id: string;
  doc: string;
  route: string;
  title: string;
  /** Text that BM25 matches. */
  text: string;
  /** Texts whose normalised embeddings are averaged into the unit's vector (a question set), or one text. */
  embedTexts: string[];
  /**
   * Typical questions that ask for this unit: a document's questions (its question set) or a variant
   * section's `section_questions`. Each unit with examples is a target of the classifier.
   */
  examples?: string[];
  /** A section with its own typical questions: a variant of the document's situation, answered from that section. */
  variant?: boolean;
};

export type SearchOptions = {
  route?: string | undefined;
  limit?: number;
  /** Weights of the rankings for this search instead of the index's (for fitting them). */
  fusion?: { bm25: number; dense: number; classifier: number };
};

/** One document's place in a result, with the evidence confidence is computed from. */
export type DocHit = {
  doc: string;
  route: string;
  title: string;
  /** Fused score, 0..1 relative to the best document of this query. */
  score: number;
  /** The best unit of the document (section id or the document path for its questions). */
  unit: string;
  bm25: number;
  dense: number;
  /** The classifier's probability that the query asks for this document (any of its targets), 0..1. */
  classifier: number;
};

export type SearchResult = {
  hits: DocHit[];
  /** Share of the query's terms that occur in the top document. */
  coverage: number;
  /** The same share weighted by each term's IDF; a term the corpus never uses weighs most. */
  weightedCoverage: number;
  queryTerms: number;
  /** The route the search was kept to (the caller gave it), or null when it searched every route. */
  route: string | null;
};
