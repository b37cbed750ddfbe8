import { stemmer } from 'stemmer';

/** Function words that carry no topic. Negations and question words are kept: they carry intent. */
const STOPWORDS = new Set(
  ('a an the and or of to in on at for with from by is are was were be been being am i me my mine we us our ' +
    'you your it its this that these those there here do does did have has had will would shall should could ' +
    'can may might must please hi hello hey thanks thank just so very really also as if then than too into ' +
    'about up out over some any all get got im ive id ill youre thats whats').split(' '),
);

/** Lower-cased words; apostrophes dropped so "don't" and "dont" agree. */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Stemmed content words: the terms BM25 matches on. */
export function terms(text: string): string[] {
  return words(text).filter((w) => !STOPWORDS.has(w)).map((w) => stemmer(w));
}

/** Whole-phrase test on word boundaries: "comp" does not match "computer". */
export function containsPhrase(text: string, phrase: string): boolean {
  const hay = ` ${words(text).join(' ')} `;
  const needle = words(phrase).join(' ');
  return needle !== '' && hay.includes(` ${needle} `);
}
