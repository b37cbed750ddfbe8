import { cosine, terms, type Embedder } from '../search/index.ts';
import type { SopDoc } from '../sops/index.ts';

/**
 * Where an eval query counts as a near copy of a SOP question: most of their words shared (Jaccard
 * of stemmed content words), or vectors nearly the same (cosine of the index's embeddings). A test
 * case the ranker was trained on measures memory, not answering.
 */
export const NEAR_COPY = { overlap: 0.4, cosine: 0.7 } as const;

export type QuestionPair = { caseId: string; query: string; doc: string; question: string; overlap: number; cosine: number };
export type NearCopyReport = { thresholds: typeof NEAR_COPY; cases: number; questions: number; closest: QuestionPair[]; copies: QuestionPair[] };

export type SopQuestion = { doc: string; question: string };

/** Every typical question of the SOPs, with its document: front matter `questions` and `section_questions`. */
export function questionsOf(docs: readonly SopDoc[]): SopQuestion[] {
  return docs.flatMap((d) => [...d.questions, ...Object.values(d.meta?.section_questions ?? {}).flat()].map((question) => ({ doc: d.path, question })));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const union = a.size + b.size - shared;
  return union ? shared / union : 0;
}

/**
 * Compares every eval query with every SOP question: the closest question of each query (by the
 * larger of its two scores, each taken relative to its threshold), best first, and the pairs at or
 * over either threshold.
 */
export async function findNearCopies(
  cases: readonly { id: string; query: string }[],
  questions: readonly SopQuestion[],
  embedder: Embedder,
  top = 10,
): Promise<NearCopyReport> {
  const [caseVectors, questionVectors] = [await embedder.embed(cases.map((c) => c.query)), await embedder.embed(questions.map((q) => q.question))];
  const questionTerms = questions.map((q) => new Set(terms(q.question)));
  const closeness = (p: QuestionPair) => Math.max(p.overlap / NEAR_COPY.overlap, p.cosine / NEAR_COPY.cosine);
  const closest: QuestionPair[] = [];
  const copies: QuestionPair[] = [];
  cases.forEach((c, i) => {
    const queryTerms = new Set(terms(c.query));
    let best: QuestionPair | null = null;
    questions.forEach((q, j) => {
      const pair = {
        caseId: c.id,
        query: c.query,
        doc: q.doc,
        question: q.question,
        overlap: jaccard(queryTerms, questionTerms[j]!),
        cosine: cosine(caseVectors[i]!, questionVectors[j]!),
      };
      if (pair.overlap >= NEAR_COPY.overlap || pair.cosine >= NEAR_COPY.cosine) copies.push(pair);
      if (!best || closeness(pair) > closeness(best)) best = pair;
    });
    if (best) closest.push(best);
  });
  closest.sort((a, b) => closeness(b) - closeness(a));
  return { thresholds: NEAR_COPY, cases: cases.length, questions: questions.length, closest: closest.slice(0, top), copies };
}

/** The report as text: thresholds, the closest pairs, then the near copies (if any) to rewrite. */
export function formatNearCopies(report: NearCopyReport): string {
  const pair = (p: QuestionPair) => `  ${p.overlap.toFixed(2)}  ${p.cosine.toFixed(2)}  ${p.caseId}: "${p.query}"\n              ${p.doc}: "${p.question}"`;
  const lines = [
    `${report.cases} eval queries against ${report.questions} SOP questions; a near copy shares at least ${NEAR_COPY.overlap} of its words (Jaccard of stemmed words) or has a cosine of at least ${NEAR_COPY.cosine}`,
    'closest pairs:',
    '  words cosine',
    ...report.closest.map(pair),
  ];
  if (report.copies.length)
    lines.push(
      `${report.copies.length} near copies: rewrite the SOP question from the situation (or drop it), never from the eval case:`,
      ...report.copies.map(pair),
    );
  else lines.push('no near copies');
  return `${lines.join('\n')}\n`;
}
