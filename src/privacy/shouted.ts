import { diffWordsWithSpace } from 'diff';
import { isCommon } from './common-words.ts';
import { loadNameLexicon, plain } from './lexicon.ts';

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

/**
 * `redacted` is `read` with some stretches replaced; the same replacements made in `typed`, which is
 * `read` in other capitals (of the same length). Compared word by word: a name removed is a whole word.
 */
export function replaceAsTyped(typed: string, read: string, redacted: string): string {
  if (read === redacted) return typed;
  let out = '';
  let at = 0;
  for (const part of diffWordsWithSpace(read, redacted)) {
    if (part.added) out += part.value;
    else {
      if (!part.removed) out += typed.slice(at, at + part.value.length);
      at += part.value.length;
    }
  }
  return out;
}
