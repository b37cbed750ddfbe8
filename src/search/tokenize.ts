import { stemmer } from 'stemmer';
import { splitWords } from '../text/index.ts';

/** Function words that carry no topic. Negations and question words are kept: they carry intent. */
const STOPWORDS = new Set(
  (
    'a an the and or of to in on at for with from by is are was were be been being am i me my mine we us our ' +
    'you your it its this that these those there here do does did have has had will would shall should could ' +
    'can may might must please hi hello hey thanks thank just so very really also as if then than too into ' +
    'about up out over some any all get got im ive id ill youre thats whats'
  ).split(' '),
);

/** Lower-cased words; apostrophes dropped so "don't" and "dont" agree. */
export function words(text: string): string[] {
  return splitWords(text, { joinApostrophes: true });
}

/** Stemmed content words: the terms BM25 matches on. */
export function terms(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map((w) => stemmer(w));
}

/** Phrases as `words` sees them, joined and padded with a space (null: no words), a bounded set. */
const needles = new Map<string, string | null>();
const needleOf = (phrase: string) => {
  let needle = needles.get(phrase);
  if (needle === undefined) {
    const joined = words(phrase).join(' ');
    needle = joined ? ` ${joined} ` : null;
    if (needles.size < 100_000) needles.set(phrase, needle);
  }
  return needle;
};

/**
 * Whole-phrase tests on word boundaries against one text ("comp" does not match "computer"): the
 * text is split into words once, however many phrases are tried on it.
 */
export function phraseTest(text: string): (phrase: string) => boolean {
  const hay = ` ${words(text).join(' ')} `;
  return (phrase) => {
    const needle = needleOf(phrase);
    return needle !== null && hay.includes(needle);
  };
}
