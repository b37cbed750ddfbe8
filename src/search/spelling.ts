/**
 * Spelling correction against the index's own vocabulary, by symmetric deletes (the SymSpell idea):
 * every vocabulary term is filed under itself and each form with one letter deleted, and so is a
 * query term, so one lookup per form finds every term one insertion, deletion, substitution or
 * adjacent swap away. Among those, the term most units use wins. Written here because the npm
 * spellers bring a dictionary of their own language; this one must know only the SOPs' words
 * (TrackMan, bay, sim) and nothing else.
 */
export type Speller = (term: string) => string | null;

/** Terms shorter than this are left alone: at three letters one edit turns most words into others. */
const MIN_LENGTH = 4;

function deletes(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

/** A speller over `vocabulary` (term → how many units use it); null for a term it cannot correct. */
export function createSpeller(vocabulary: ReadonlyMap<string, number>): Speller {
  const byForm = new Map<string, string[]>();
  const file = (form: string, term: string) => {
    const terms = byForm.get(form);
    if (!terms) byForm.set(form, [term]);
    else if (!terms.includes(term)) terms.push(term);
  };
  for (const term of vocabulary.keys()) {
    if (term.length < MIN_LENGTH - 1) continue;
    file(term, term);
    for (const form of deletes(term)) file(form, term);
  }
  return (term) => {
    if (term.length < MIN_LENGTH || vocabulary.has(term)) return null;
    let best: string | null = null;
    for (const form of [term, ...deletes(term)]) {
      for (const candidate of byForm.get(form) ?? []) {
        if (!withinOneEdit(term, candidate)) continue;
        if (best === null || vocabulary.get(candidate)! > vocabulary.get(best)! || (vocabulary.get(candidate) === vocabulary.get(best) && candidate < best))
          best = candidate;
      }
    }
    return best;
  };
}

/** True when one insertion, deletion, substitution or swap of adjacent letters turns `a` into `b`. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
