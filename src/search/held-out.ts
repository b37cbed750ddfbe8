import { isQuestionsSection } from '../sops/parse-document.ts';
import type { SopDoc } from '../sops/types.ts';

/** A held-out typical question: its document, and for a variant's question that variant's section id. */
export type HeldOutQuery = { query: string; expected: string; section: string | null };
export type Fold = { docs: SopDoc[]; queries: HeldOutQuery[] };

/**
 * Splits the documents' typical questions into `folds` folds: fold k holds out the k-th, (k+folds)-th, ...
 * question of every document and of every variant section (`section_questions`), so each question is
 * asked once of an index that never saw it.
 */
export function heldOutFolds(docs: readonly SopDoc[], folds = 5): Fold[] {
  const out: Fold[] = [];
  for (let k = 0; k < folds; k++) {
    const queries: HeldOutQuery[] = [];
    /** Adds the k-th, (k+folds)-th, ... of `questions` to the fold's queries: those `held`, the rest `kept` in the index. */
    const holdOut = (questions: readonly string[], doc: SopDoc, section: string | null) => {
      const asked = questions.filter((_, i) => i % folds === k);
      for (const query of asked) queries.push({ query, expected: doc.path, section });
      const held = new Set(asked);
      return { held, kept: questions.filter((q) => !held.has(q)) };
    };
    const kept = docs.map((doc) => {
      const { held, kept: questions } = holdOut(doc.questions, doc, null);
      const sectionQuestions = doc.meta?.section_questions;
      const variants =
        sectionQuestions &&
        Object.fromEntries(
          Object.entries(sectionQuestions).map(([heading, qs]) => [
            heading,
            holdOut(qs, doc, doc.sections.find((s) => s.heading === heading)?.id ?? null).kept,
          ]),
        );
      return {
        ...doc,
        questions,
        meta: doc.meta && variants ? { ...doc.meta, section_questions: variants } : doc.meta,
        sections: doc.sections.map((s) => (isQuestionsSection(s) ? { ...s, steps: s.steps.filter((q) => !held.has(q)) } : s)),
      };
    });
    if (queries.length) out.push({ docs: kept, queries });
  }
  return out;
}
