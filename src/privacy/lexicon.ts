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

/**
 * Common given names that are also English words, which compromise tags as the word ("frank",
 * "summer"): given names too, so a cue that wants a given name finds them. They stay English words,
 * so without a cue they are never taken. Not "hope", "will", "may", "june" or "april": as a word
 * they open too many sentences.
 */
const WORD_NAMES = (
  'frank bill summer hunter dawn grace rose pat rob sue faith joy ruby amber holly ivy iris lily daisy heather jasmine violet ' +
  'olive pearl penny sandy chase drew lance miles grant dean earl glen cliff dale art bob jack ray jay guy gene mason carter ' +
  'victor wade woody autumn sky skye river crystal destiny harmony melody misty ginger sage hazel willow robin'
).split(' ');

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
  for (const word of WORD_NAMES) given.add(word);
  const wordnet = require('wink-lexicon/src/wn-words.js') as Record<string, unknown>;
  lexicon = { given, surnames, english: new Set(Object.keys(english)), wordnet: new Set(Object.keys(wordnet)) };
  return lexicon;
}
