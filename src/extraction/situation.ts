import nlp from 'compromise';
import { capitalise, countWords } from '../text/index.ts';
import { PROBLEM_CUE } from './cues.ts';

const PLACEHOLDER = /\[(?:phone|email|card|code|address|name|plate|date)\]/g;
const GREETING = /^(?:(?:hi+|he+y+|heya|hiya|hello+|yo|so|ok|okay|um+|uh+|also|omg|good (?:morning|afternoon|evening))\b[\s,!.]*)+/i;
const INTRODUCTION = /^(?:(?:this is|it'?s|its|i'?m|im|my name is|my name'?s|name'?s)\s+\[name\]|\[name\]\s+here)(?![\p{L}\p{N}])[\s,!.]*/iu;
/** A name given anywhere in a text, with the words that give it: "name is [name]", "call me [name]". */
const NAMED = /(?:(?:my\s+)?name\s+is|name'?s|this\s+is|call\s+me|i'?m|it'?s)\s+\[name\][,.!]?/gi;
/** What an introduction leaves: "(this is [name]) in bay 3 again". */
const WHERE_FROM = /^(?:in|at|from)\s+(?:bay|sim|room|suite)\s*#?\s*\d+(?:\s+again)?[\s,!.]*(?=\S|$)/i;
/** Contact details: a clause holding one ("my cell is [phone]", "email me at [email]") is never the problem. */
const CONTACT = /\[(?:phone|email|address|plate|date)\]/;

/**
 * The customer's own words for their problem, fit to be one of an SOP's typical questions: the
 * greeting, the introduction and any clause giving a contact detail are left out, the
 * wording and its case are kept (customers text in lower case, and the ranker learns from how they write).
 */
export function customerWording(text: string): string {
  return (
    text
      .split(/(?<=[.!?,;])\s+|\n+/)
      .map((c) => c.trim())
      .filter((c) => c && !CONTACT.test(c))
      .map((c) =>
        c
          .replace(GREETING, '')
          .replace(INTRODUCTION, '')
          .replace(WHERE_FROM, '')
          .replace(GREETING, '')
          .replace(NAMED, '')
          .replaceAll('[name]', '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      // A clause that was only an introduction leaves punctuation behind.
      .filter((c) => /[\p{L}\p{N}]/u.test(c))
      .join(' ')
      .trim()
  );
}

const MAX_TITLE_WORDS = 9;
const EMOJI = /(?:\p{Extended_Pictographic}|\u{FE0F}|\u{200D})+/gu;
const FILLER =
  /\b(?:just|like|literally|kinda|kind of|sort of|really|totally|basically|actually|honestly|seriously|lol|lmao|haha+|omg|ugh|um+|uh+|pls|plz|please|again|now|right now|anymore|for some reason|at all|in here|out here|over here|btw|fyi|heads up|i think|i guess|i believe|i feel like|was wondering|wondering)\b/gi;
const LOCATION = /\b(?:(?:in|at|on|for)\s+)?(?:bay|sim|simulator|room|box|suite)\s*#?\s*\d+\b/gi;
const TO_US = /\s+(?:at|to|for|on|with|behind|around|near|in front of|from)\s+(?:me|us)\b/gi;
/** "every putt i hit is…": the customer's relative clause inside the thing's name. */
const OWN_RELATIVE = /\s+(?:that\s+)?(?:i|we)\s+[a-z']+\s+(?=(?:is|are|was|were|keeps?|kept|goes|go|went|comes?|came)\b)/gi;
/** Where one clause of a text message ends and the next begins; a clause keeps its "?" to be read as a question. */
const CLAUSE_BREAK =
  /(?<=[.!?;:])\s+|\s*(?:,\s*|\s[-–—]\s|\b(?:but|and then|so|even tho(?:ugh)?|even though|although|though|tho|because|cause|cuz|bc|since|whenever|when|while|after|until|unless|if)\b|\band\b(?=\s+(?:i|we|it|its|it's|the|now|nothing|then|they|this|that|our|my|would|want|wanted|need|needs|wanna|was|were|hoping|wondering)\b))\s*/i;
const SLANG: Record<string, string> = {
  u: 'you',
  ur: 'your',
  r: 'are',
  cant: "can't",
  wont: "won't",
  dont: "don't",
  doesnt: "doesn't",
  isnt: "isn't",
  didnt: "didn't",
  im: "I'm",
  tho: 'though',
  thru: 'through',
  b4: 'before',
};
const FIRST_PERSON = /^(?:i'm|im|i've|ive|i'd|i|we're|we've|we'd|we|me|us)(?![\p{L}'])/iu;
const PRONOUN = /^(?:it's|its|it|they're|they|this|that|there's|there|he|she|everything|something)(?![\p{L}'])/iu;
const QUESTION = /^(?:can|could|may|how|what|where|when|is|are|do|does|will|would|should|why|am)\b/i;
const WANTS =
  /^(?:i|we)(?:'d|d| would)?\s+(?:want|wanna|need|would like|like|am trying|'m trying|m trying|are trying|'re trying|re trying|tried|try|was hoping|were hoping|hope)\s+(?:to\s+)?/i;
const WANTS_BARE = /^(?:(?:want|wanna|need|would rather|'d rather|rather|would like|would love|'d love|love)\s+(?:to\s+)?|(?:trying|hoping|looking)\s+to\s+)/i;
const ASKS = /^(?:can|could|may|how (?:do|can|would|should)|do|is it (?:ok|okay|possible) (?:if|to|for)|are)\s+(?:i|we)\s+(?:allowed to\s+|able to\s+)?/i;
const PLACE_QUESTION = /^(?:where|how|when|what time) (?:do|can|should|would) (?:i|we) /i;
/** Questions that ask for help, not about a situation: "can you help", "any ideas". */
const EMPTY_QUESTION =
  /^(?:can|could|would) (?:you|u|someone|somebody|anyone) (?:help|check|look|sort|have a look|see)\b|^(?:any ideas|what (?:do|should|can) (?:i|we) do|is that normal|what now|help)\b/i;
const DETERMINER = /^(?:the|my|our|your|this|that|a|an|these|those)\s+/i;
const COPULA = /^(\S+(?:\s+\S+){0,2}?)\s+(?:is|are|was|were|'s|’s|'re)\s+(?!(?:a|an|the|my|our|your)\b)/i;
const DANGLING = /\s+(?:a|an|the|to|of|and|or|with|at|for|from|my|our|their|is|are|was|were|but|so|that|this|i|we|even|when|like)$/i;
const NOT_CONTENT =
  /^(?:a|an|the|to|of|and|or|with|on|in|at|for|from|my|our|your|their|is|are|was|were|be|been|it|its|i|we|me|us|you|he|she|they|them|this|that|there|here|so|but|just|very|too|up|out|some|any|all|am|pm|\d+\w*|today|tonight|tomorrow|yesterday|morning|evening|night|booking|booked|bay|coming|thing|things|stuff|weird|quick|question|q|one)$/i;

/**
 * The situation a problem describes, as an SOP title says it ("Putts going way left", "Card declined
 * twice", "Where to park", "Adding a player to the round"): of the text's clauses, the thing in trouble
 * with a problem word is preferred, then what the customer wants or asks, then the thing in trouble,
 * then the customer's own doings, then "it". Greetings, fillers, the bay number and the copula are
 * left out, and a long clause ends on a content word. The customer's full wording goes to the SOP's
 * typical questions instead.
 */
export function situationTitle(text: string): string {
  const plain = customerWording(text)
    .replace(EMOJI, '. ')
    .replace(PLACEHOLDER, ' ')
    .replace(LOCATION, ' ')
    .replace(/\b[\p{L}']+\b/gu, (w) => SLANG[w.toLowerCase()] ?? (w.length > 2 && w === w.toUpperCase() ? w.toLowerCase() : w));
  const parts = plain
    .split(CLAUSE_BREAK)
    .map((c, at) => ({ at, asked: /\?\s*$/.test(c), text: tidy(c) }))
    .filter((c) => countWords(c.text) >= 2 && !EMPTY_QUESTION.test(c.text));
  const titles = parts
    .map((c) => ({ ...c, rank: rank(c.text, c.asked) }))
    .sort((a, b) => a.rank - b.rank || a.at - b.at)
    .map((c) => capitalise(fitWords(rewrite(c.text))));
  // The best clause that does not speak as the customer ("me", "we"), else the best.
  return titles.find((t) => !CUSTOMER_VOICE.test(t)) ?? titles[0] ?? (capitalise(tidy(plain)) || 'Untitled');
}

/** Words that join a clause to the one before ("even my mate…", "plus the screen…"). */
const CONNECTIVE = /^(?:even|also|plus|and|or|still)\s+/i;
/** A reference or a one-off detail: "SB-48213", "order 100234". */
const IDENTIFIER = /\b(?=[\p{L}-]*\d)(?=\d*[\p{L}])[\p{L}\d]+(?:-[\p{L}\d]+)+\b|\b\d{4,}\b|#\d+/u;

/** A clause without its fillers, "at me", edge punctuation and the word joining it to the one before. */
function tidy(clause: string): string {
  return clause
    .replace(FILLER, ' ')
    .replace(TO_US, '')
    .replace(OWN_RELATIVE, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:!?'"-]+|[\s,.;:!?'"-]+$/g, '')
    .replace(CONNECTIVE, '');
}

/** A clause about the customer's people ("my son is 9", "his cousin makes it") is their story, not the situation. */
const PEOPLE =
  /^(?:(?:the|my|our|his|her|their|a)\s+)?(?:son|daughter|kids?|child|children|wife|husband|partner|dad|mom|mum|brother|sister|cousin|friends?|buddy|buddies|guys|mates?|boss|colleagues?|coworkers?|girlfriend|boyfriend|fianc[eé]e?|family|brother in law|sister in law|in-?laws?|grandpa|grandma|nephew|niece|uncle|aunt)(?![\p{L}])/iu;
const CUSTOMER_VOICE = /\b(?:i|i'm|me|we|we're|us)(?![\p{L}'])/iu;
/** A clause about a thing opens with it ("the putts…", "my card…", "7 iron…"), not with a verb ("left it in the bay"). */
const NAMES_A_THING = '^(#Determiner|#Possessive|#Noun|#Adjective|#Value|#Adverb)';

/**
 * Lower is better (see situationTitle): a clause that opens with a verb counts as the customer's own
 * doing ("left it in the bay"); one of fewer than two content words comes after every other kind.
 */
function rank(clause: string, asked: boolean): number {
  const cued = PROBLEM_CUE.test(clause);
  // The tagger (about 1.6 ms) reads the clause at most once, and only when a rule needs it.
  let doc: ReturnType<typeof nlp> | undefined;
  const tagged = () => (doc ??= nlp(clause));
  const intent = WANTS.test(clause) || ASKS.test(clause) || WANTS_BARE.test(clause) || PLACE_QUESTION.test(clause);
  const kind = intent
    ? 0.5
    : asked || QUESTION.test(clause)
      ? 1.5
      : PRONOUN.test(clause)
        ? 3
        : FIRST_PERSON.test(clause) || PEOPLE.test(clause) || !tagged().has(NAMES_A_THING)
          ? cued
            ? 1.2
            : 2
          : cued
            ? 0
            : 1;
  const content = clause.split(/\s+/).filter((w) => !NOT_CONTENT.test(w.replace(/[^\p{L}\p{N}']/gu, ''))).length;
  // A clause with no verb names no situation ("no crowd", "at the front door"); a reference is this customer's alone.
  const verbless = !intent && !asked && !tagged().has('#Verb');
  return kind + (content < 2 ? 3 : 0) + (verbless ? 1 : 0) + (IDENTIFIER.test(clause) ? 3 : 0);
}

function rewrite(clause: string): string {
  const place = clause.match(PLACE_QUESTION);
  if (place) {
    const asks = clause.slice(0, place[0].indexOf(' ')).toLowerCase();
    return `${asks === 'what' ? 'what time' : asks} to ${theirs(clause.slice(place[0].length), 'the')}`;
  }
  const wants = clause.match(WANTS) ?? clause.match(ASKS) ?? clause.match(WANTS_BARE);
  if (wants) return gerund(clause.slice(wants[0].length));
  if (FIRST_PERSON.test(clause)) {
    const doc = nlp(`customer ${theirs(clause.replace(FIRST_PERSON, '').trim(), 'their')}`);
    // Only the customer's own verb agrees with "Customer" ("goes left" stays as it is).
    const verb = doc.verbs().eq(0);
    if (verb.found && !verb.has('#PastTense')) (verb as unknown as { toPresentTense(): void }).toPresentTense();
    return `Customer ${doc.text().replace(/^customer\s+/i, '')}`;
  }
  if (QUESTION.test(clause) || PRONOUN.test(clause)) return clause;
  return theirs(clause.replace(DETERMINER, '').replace(COPULA, '$1 '), 'their');
}

/** "add two more players" → "adding two more players". */
function gerund(phrase: string): string {
  const [verb = '', ...rest] = theirs(phrase, 'the').split(/\s+/);
  const forms = nlp(verb).verbs().conjugate()[0] as { Gerund?: string } | undefined;
  return [forms?.Gerund ?? verb, ...rest].join(' ');
}

/** The customer's "my"/"our" as a title says them: "their own", and `other` elsewhere. */
function theirs(phrase: string, other: string): string {
  return phrase.replace(/\b(?:my|our)\s+own\b/gi, 'their own').replace(/\b(?:my|our)\b/gi, other);
}

/** Where a phrase of place or manner begins: a title cut short ends before it, not inside it. */
const PHRASE_START = /^(?:and|but|so|then|on|in|at|into|onto|with|from|for|by|near|under|over|behind|during|after|before|through|when|while|because)$/i;

/**
 * At most MAX_TITLE_WORDS words, never ending on a word that leaves the phrase hanging: a longer one
 * ends before the last phrase it would cut ("…knocked a pint over on the hitting mat" → "…knocked a pint over").
 */
function fitWords(title: string): string {
  const all = title.split(/\s+/).filter(Boolean);
  let kept = all.slice(0, MAX_TITLE_WORDS);
  if (all.length > MAX_TITLE_WORDS && !PHRASE_START.test(all[MAX_TITLE_WORDS]!)) {
    const start = kept.findLastIndex((w, i) => i >= 3 && PHRASE_START.test(w));
    if (start > 0) kept = kept.slice(0, start);
  }
  let words = kept.join(' ');
  for (let before = ''; before !== words; ) {
    before = words;
    words = words.replace(DANGLING, '').replace(/[,;:.!?]+$/, '');
  }
  return words;
}
