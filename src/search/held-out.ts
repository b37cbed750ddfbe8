import { isQuestionsSection } from '../sops/parse-document.ts';
import type { SopDoc } from '../sops/types.ts';

export type HeldOutQuery = { query: string; expected: string };
export type Fold = { docs: SopDoc[]; queries: HeldOutQuery[] };

/**
 * Splits the documents' typical questions into `folds` folds: fold k holds out the k-th, (k+folds)-th, ...
 * question of every document, so each question is asked once of an index that never saw it.
 */
export function heldOutFolds(docs: readonly SopDoc[], folds = 5): Fold[] {
  const out: Fold[] = [];
  for (let k = 0; k < folds; k++) {
    const queries: HeldOutQuery[] = [];
    const kept = docs.map((doc) => {
      const held = doc.questions.filter((_, i) => i % folds === k);
      for (const query of held) queries.push({ query, expected: doc.path });
      const heldSet = new Set(held);
      const remaining = doc.questions.filter((q) => !heldSet.has(q));
      return {
        ...doc,
        questions: remaining,
        sections: doc.sections.map((s) => (isQuestionsSection(s) ? { ...s, steps: s.steps.filter((q) => !heldSet.has(q)) } : s)),
      };
    });
    if (queries.length) out.push({ docs: kept, queries });
  }
  return out;
}
