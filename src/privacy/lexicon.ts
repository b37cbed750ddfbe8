import { createRequire } from 'node:module';

/**
 * Given names and surnames from compromise's lexicon (about 4,300: "dana", "carlos", "nguyen",
 * "siobhan"), and two English vocabularies from wink-lexicon to tell them from words: its lexicon of
 * common words ("mark", "grace", "chase") and WordNet's lemmas, which also hold "spike", "reply" and
 * many names ("carlos", "mike").
 * compromise's tagger would find names too, but costs about 1.6 ms a line, 5 s for a 3,000-turn
 * call; the lexicon with the redactor's own cues is linear and catches lower-case names the tagger
 * misses. Loaded on first use (compromise takes about 0.2 s to load); `loadNameLexicon` warms it.
 */
type Lexicon = { given: Set<string>; surnames: Set<string>; english: Set<string>; wordnet: Set<string> };
let lexicon: Lexicon | undefined;

const GIVEN_TAGS = new Set(['FemaleName', 'MaleName', 'FirstName', 'Person']);

export function loadNameLexicon(): Lexicon {
  if (lexicon) return lexicon;
  const require = createRequire(import.meta.url);
  const nlp = require('compromise/two') as { model(): { one: { lexicon: Record<string, string | string[]> } } };
  const english = require('wink-lexicon/src/lexicon.js') as Record<string, unknown>;
  const given = new Set<string>();
  const surnames = new Set<string>();
  for (const [word, tag] of Object.entries(nlp.model().one.lexicon)) {
    if (typeof tag !== 'string' || word.includes(' ')) continue;
    if (GIVEN_TAGS.has(tag)) given.add(word);
    else if (tag === 'LastName') surnames.add(word);
  }
  const wordnet = require('wink-lexicon/src/wn-words.js') as Record<string, unknown>;
  lexicon = { given, surnames, english: new Set(Object.keys(english)), wordnet: new Set(Object.keys(wordnet)) };
  return lexicon;
}
