import { createRequire } from 'node:module';

/**
 * Given names and surnames from compromise's lexicon (about 4,300: "dana", "carlos", "nguyen",
 * "siobhan") and from faker's locales (about 10,000 more that are no English word: "mateus",
 * "kwame", "okonkwo"), and two English vocabularies from wink-lexicon to tell them from words: its
 * lexicon of common words ("mark", "grace", "chase") and WordNet's lemmas, which also hold "spike",
 * "reply" and many names ("carlos", "mike").
 * compromise's tagger would find names too, but costs about 1.6 ms a line, 5 s for a 3,000-turn
 * call; the lexicon with the redactor's own cues is linear and catches lower-case names the tagger
 * misses. Loaded on first use (about 1 s, most of it reading faker's locales; about 25 MB of heap);
 * `loadNameLexicon` warms it.
 */
type Lexicon = {
  given: Set<string>;
  surnames: Set<string>;
  /** Given names known only from other languages' lists: taken in lower case only after a cue ("bahia" is a Spanish word too). */
  foreign: Set<string>;
  english: Set<string>;
  wordnet: Set<string>;
  /** Places and businesses compromise knows ("toronto", "markham"). */
  places: Set<string>;
};
let lexicon: Lexicon | undefined;

/** Lower case without accents, as the lexicon spells names: "José" → "jose". */
export const plain = (w: string): string => w.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/** The small words inside surnames ("de los Santos", "van der Berg", "bin Laden"): parts of a name, never one alone. */
export const PARTICLES = new Set('de del della da das dos di du des van von der den la le los las bin ibn al el ter ten y'.split(' '));

const GIVEN_TAGS = new Set(['FemaleName', 'MaleName', 'FirstName', 'Person']);
/** compromise's tags of places and businesses: a word a locale also lists as a name ("Markham") stays a place. */
const PLACE_TAGS = new Set(['City', 'Country', 'Region', 'Place', 'Organization']);

/**
 * Common given names that are also English words, which compromise tags as the word ("frank",
 * "summer"): given names too, so a cue that wants a given name finds them. They stay English words,
 * so without a cue they are never taken. Not "hope", "will", "may", "june" or "april": as a word
 * they open too many sentences, so they are names only Capitalised after the surest cues (`CUED_ONLY_NAMES`).
 */
const WORD_NAMES = (
  'frank bill summer hunter dawn grace rose pat rob sue faith joy ruby amber holly ivy iris lily daisy heather jasmine violet ' +
  'olive pearl penny sandy chase drew lance miles grant dean earl glen cliff dale art bob jack ray jay guy gene mason carter ' +
  'victor wade woody autumn sky skye river crystal destiny harmony melody misty ginger sage hazel willow robin sunny brook'
).split(' ');

/** Given names that are words (or a greeting: "Ola") most of the time: a name only Capitalised after "my name is" or a relation ("my daughter May"). */
export const CUED_ONLY_NAMES = new Set('hope will may june april august ola'.split(' '));

export function loadNameLexicon(): Lexicon {
  if (lexicon) return lexicon;
  const require = createRequire(import.meta.url);
  const nlp = require('compromise/two') as { model(): { one: { lexicon: Record<string, string | string[]> } } };
  const english = require('wink-lexicon/src/lexicon.js') as Record<string, unknown>;
  const given = new Set<string>();
  const surnames = new Set<string>();
  const places = new Set<string>();
  for (const [word, tag] of Object.entries(nlp.model().one.lexicon)) {
    if (word.includes(' ')) continue;
    if (typeof tag !== 'string') {
      if (tag.includes('Place')) places.add(word);
      continue;
    }
    if (GIVEN_TAGS.has(tag)) given.add(word);
    else if (tag === 'LastName') surnames.add(word);
    else if (PLACE_TAGS.has(tag)) places.add(word);
  }
  for (const word of WORD_NAMES) given.add(word);
  const wordnet = require('wink-lexicon/src/wn-words.js') as Record<string, unknown>;
  lexicon = { given, surnames, foreign: new Set(), english: new Set(Object.keys(english)), wordnet: new Set(Object.keys(wordnet)), places };
  addLocaleNames(lexicon, require('@faker-js/faker') as { allLocales: Record<string, Locale> }, places);
  return lexicon;
}

type Locale = { person?: { first_name?: unknown; last_name?: unknown } };

/**
 * Words WordNet and wink's lexicon leave out (prepositions, street and unit abbreviations) that a
 * locale also lists as a name ("Per", "Ave").
 */
const NOT_NAMES = new Set('per via amid upon unto onto thru ave blvd hwy apt ste'.split(' '));

/**
 * Given names and surnames of faker's 60-odd locales (Latin script: "mateus", "kwame", "okonkwo",
 * "wojcik"), about four times compromise's, but only those that are no English word in any form
 * ("mats" is "mat"s, "birdie" is a word) and no place compromise knows ("markham"): a locale's list holds whatever a name can
 * be, and a word taken for a name would be redacted wherever it is Capitalised.
 */
function addLocaleNames(lexicon: Lexicon, faker: { allLocales: Record<string, Locale> }, places: ReadonlySet<string>): void {
  const flat = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(flat) : v && typeof v === 'object' ? Object.values(v).flatMap(flat) : [];
  const known = (w: string) => lexicon.english.has(w) || lexicon.wordnet.has(w);
  const isWord = (w: string) =>
    NOT_NAMES.has(w) || places.has(w) || known(w) || (w.endsWith('s') && known(w.slice(0, -1))) || (w.endsWith('es') && known(w.slice(0, -2)));
  const names = (v: unknown) =>
    flat(v)
      .map(plain)
      .filter((n) => /^[a-z][a-z'’-]{2,}$/.test(n) && !isWord(n));
  for (const locale of Object.values(faker.allLocales)) {
    for (const n of names(locale.person?.first_name)) {
      if (lexicon.given.has(n)) continue;
      lexicon.given.add(n);
      lexicon.foreign.add(n);
    }
    for (const n of names(locale.person?.last_name)) lexicon.surnames.add(n);
  }
}
