import { terms, words } from '../search/index.ts';

/**
 * The words that set each group of texts apart (class-based TF-IDF): among the words a third of the
 * group's texts use, a word scores by that share times how rare it is across all the texts (a typo or
 * a sign-off of one text never names a group). Each word is shown in the form the group's texts use
 * most ("parking", not "park").
 * @param groups each group's texts
 * @param all every text the groups were drawn from (the rarity is measured there)
 */
export function distinctiveWords(groups: readonly (readonly string[])[], all: readonly string[], count = 3): string[][] {
  const df = new Map<string, number>();
  for (const text of all) for (const t of new Set(terms(text))) df.set(t, (df.get(t) ?? 0) + 1);
  return groups.map((texts) => {
    const inGroup = new Map<string, number>();
    const forms = new Map<string, Map<string, number>>();
    for (const text of texts) {
      const seen = new Set<string>();
      for (const word of words(text)) {
        const term = terms(word)[0];
        if (!term || /^\d+$/.test(term) || term.length < 2) continue;
        const f = forms.get(term) ?? forms.set(term, new Map()).get(term)!;
        f.set(word, (f.get(word) ?? 0) + 1);
        if (!seen.has(term)) {
          seen.add(term);
          inGroup.set(term, (inGroup.get(term) ?? 0) + 1);
        }
      }
    }
    const common = [...inGroup].filter(([, n]) => n >= texts.length / 3);
    return (common.length ? common : [...inGroup])
      .map(([term, n]) => ({ term, score: (n / texts.length) * Math.log((1 + all.length) / (df.get(term) ?? 1)) }))
      .sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1))
      .slice(0, count)
      .map(({ term }) => [...forms.get(term)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]);
  });
}
