import { isCommon } from './common-words.ts';
import { loadNameLexicon, plain } from './lexicon.ts';
import { HAS_PLACEHOLDER } from './substitute.ts';

/**
 * A text typed in capitals ("DIS IS KWAME AGAIN WHERE MY REFUND") hides its names from passes that
 * read a name by its capital, and makes every word look like one. Such a text is read in small
 * letters but for the words the name lexicon knows and no common word is ("dis is Kwame again where
 * my refund"), and what the name passes removed from that reading is removed from the text as typed.
 */

/** Placeholders are left as they are; a shouted text has at least a dozen letters, four in five of them capitals. */
const WORD = /\[[a-z]+\]|\p{L}+/gu;

/** Longer texts are read as they are: comparing the two readings costs more with every name removed. */
const MAX_LENGTH = 2000;

export function isShouted(text: string): boolean {
  if (text.length > MAX_LENGTH) return false;
  let letters = 0;
  let capitals = 0;
  for (const m of text.matchAll(WORD)) {
    if (m[0].startsWith('[')) continue;
    letters += m[0].length;
    capitals += m[0].replace(/\P{Lu}/gu, '').length;
  }
  return letters >= 12 && capitals >= 0.8 * letters;
}

/**
 * The text in small letters, where that keeps each word's length (so offsets stay), but for a known
 * name and the word after it that is a surname or no common word ("Marcus Bell", "François-Xavier
 * Bélanger"), which are capitalised.
 */
export function readQuietly(text: string): string {
  const { given, surnames } = loadNameLexicon();
  let afterName = -1;
  return text.replace(WORD, (w, at: number) => {
    if (w.startsWith('[')) return w;
    const small = w.toLowerCase();
    const key = plain(w);
    const known = (given.has(key) || surnames.has(key)) && !isCommon(small);
    const follows = afterName >= 0 && /^[ \t]{1,3}$/.test(text.slice(afterName, at)) && (surnames.has(key) || !isCommon(small));
    afterName = known ? at + w.length : -1;
    const read = known || follows ? w[0]! + small.slice(1) : small;
    return read.length === w.length ? read : w;
  });
}

/** Placeholders side by side, at a position of the redacted text. */
const PLACEHOLDER_RUN = new RegExp(`(?:${HAS_PLACEHOLDER.source})+`, 'y');
/** How much of the text after a placeholder is looked for in the text read, to find where it resumes. */
const RESUME_CHARS = 32;

/**
 * `redacted` is `read` with some stretches replaced by placeholders; the same replacements made in
 * `typed`, which is `read` in other letters of the same length (capitals, another script's digits).
 * One pass: where the two part, a placeholder begins, and `read` resumes where it next says what follows
 * the placeholder. Whatever it copies from `typed` stands where `read` and `redacted` agree, so it adds
 * nothing `redacted` removed; a redaction that is not placeholders alone is returned as read.
 */
export function replaceAsTyped(typed: string, read: string, redacted: string): string {
  if (read === redacted) return typed;
  let out = '';
  let i = 0;
  let j = 0;
  while (j < redacted.length) {
    PLACEHOLDER_RUN.lastIndex = j;
    const run = PLACEHOLDER_RUN.exec(redacted)?.[0];
    const next = run ? redacted.indexOf('[', j + run.length) : -1;
    const after = run ? redacted.slice(j + run.length, Math.min(next < 0 ? redacted.length : next, j + run.length + RESUME_CHARS)) : '';
    if (run && !read.startsWith(run + after, i)) {
      // A stretch replaced: `read` resumes where it next says what follows the placeholders.
      const resume = after ? read.indexOf(after, i) : read.length;
      if (resume < 0) return redacted;
      out += run;
      i = resume;
      j += run.length;
    } else if (read[i] === redacted[j]) {
      out += typed[i++];
      j++;
    } else return redacted;
  }
  return i === read.length ? out : redacted;
}
