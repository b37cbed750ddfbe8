import { createRequire } from 'node:module';
import type { Glossary } from '../sops/index.ts';
import { words } from './tokenize.ts';

/** English irregular verb forms and their base ("froze", "frozen" → "freeze"; "hung" → "hang"), from wink-lexicon. */
const irregularVerbs = new Map(Object.entries(createRequire(import.meta.url)('wink-lexicon/src/irregular-verbs.js') as Record<string, string>));

/** Longest glossary phrase, in words: bounds the look-ahead at each word. */
const MAX_PHRASE_WORDS = 4;

export type Normaliser = {
  /** The text's words as matching sees them: glossary words in the SOPs' terms, irregular verbs in their base form. */
  tokens(text: string): string[];
  /** `tokens` joined by spaces: what BM25, the classifier and the embedder read. */
  normalise(text: string): string;
  /** The glossary this normaliser applies, as stored with an index. */
  readonly glossary: Glossary;
};

/**
 * Rewrites texts into one vocabulary before matching, the same for the SOPs and for customers' texts:
 * every word or phrase of the glossary becomes the word the SOPs use ("telly" → "tv", "pls" →
 * "please"), then an irregular verb form becomes its base, so "froze" and "frozen" meet "freeze" (the
 * stemmer only strips regular endings). Both sides are rewritten alike, so a form that is also another
 * word ("left", "stuck") still matches itself.
 */
export function createNormaliser(glossary: Glossary = {}): Normaliser {
  const replacements = new Map<string, string[]>();
  for (const [canonical, variants] of Object.entries(glossary)) {
    const target = canonical.split(' ');
    for (const variant of variants) if (variant.split(' ').length <= MAX_PHRASE_WORDS) replacements.set(variant, target);
  }
  const tokens = (text: string): string[] => {
    const ws = words(text);
    const out: string[] = [];
    for (let i = 0; i < ws.length; ) {
      let matched = 0;
      for (let n = Math.min(MAX_PHRASE_WORDS, ws.length - i); n > 0 && replacements.size; n--) {
        const target = replacements.get(n === 1 ? ws[i]! : ws.slice(i, i + n).join(' '));
        if (target) {
          out.push(...target);
          matched = n;
          break;
        }
      }
      if (matched) {
        i += matched;
        continue;
      }
      const w = ws[i++]!;
      out.push(irregularVerbs.get(w) ?? w);
    }
    return out;
  };
  return { tokens, normalise: (text) => tokens(text).join(' '), glossary };
}
