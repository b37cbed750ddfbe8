import { stemmer } from 'stemmer';

/** Which n-grams of a text to count: character n-grams of each word from `chars[0]` to `chars[1]` letters. */
export type NgramOptions = { chars: readonly [number, number] };

/**
 * Counts of a text's stemmed words (`w stem`), stemmed word pairs (`p a b`) and character n-grams of
 * each word padded with `<` `>` (`c <fr`): words carry the topic, pairs a little order, character
 * n-grams typos and word forms the stemmer misses.
 */
export function ngramCounts(tokens: readonly string[], options: NgramOptions): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const stems = tokens.map((w) => stemmer(w));
  for (const s of stems) bump(`w ${s}`);
  for (let i = 0; i + 1 < stems.length; i++) bump(`p ${stems[i]} ${stems[i + 1]}`);
  const [from, to] = options.chars;
  for (const w of tokens) {
    const padded = `<${w}>`;
    for (let n = from; n <= to; n++) for (let i = 0; i + n <= padded.length; i++) bump(`c ${padded.slice(i, i + n)}`);
  }
  return counts;
}
