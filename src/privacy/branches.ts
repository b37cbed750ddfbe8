import { isCommon } from './common-words.ts';
import { loadNameLexicon, plain } from './lexicon.ts';

/**
 * Places named as venues, set aside from the name passes:
 * - a branch named after its business: "TeeBox Polanco", "SwingHub Rosebank", "Fairway24 Leith
 *   Walk". A business writes its name as one word with a capital inside it after three letters or
 *   more ("TeeBox", "ClubOS") or with digits at its end ("Fairway24"), as no person's name is written
 *   ("JoAnn", "LeBron", "McDonald" and "MacKenzie" are names, and stay outside); the business's name
 *   goes aside with the one to three Capitalised words after it;
 * - a name made of a golf venue's words, two or more: "Par Lounge Lekki", "Hope Street Golf Rooms",
 *   "Golfraum Berlin Mitte";
 * - one to three Capitalised words before "location", "venue", "site", "branch", "store" or "studio"
 *   ("the Calgary Beltline location"), or after such a word ("sucursal Polanco", "venue Chelsea"), or
 *   after a bay "at" ("Bay 12 at Austin Domain");
 * - a place said with a bay: "Bay 1 Wicker Park", "Bay 5 (Westboro)", or as a speaker's whole
 *   answer, "Customer: Frisco, bay 7" ("under Quang Tran, bay 6" is a name, and so is "Olu" in "Hi
 *   Olu, bay 4"), unless a word of it is a given name or a common word ("bay 4 Mike", "Staff: Sarah,
 *   bay 7 is ready", "Customer: Hi Olu, bay 4").
 */
const CAPITALISED = String.raw`\p{Lu}[\p{L}'’-]{0,30}`;
/** One to three Capitalised words. */
const WORDS = String.raw`${CAPITALISED}(?:[ \t]${CAPITALISED}){0,2}`;
const BRANCH = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?!(?:Mac|Fitz|Van|Von)\p{Lu})(?:\p{Lu}\p{Ll}{2,}\p{Lu}\p{L}*|\p{Lu}\p{L}{2,}\d+)[ \t]${WORDS}(?![\p{L}\p{N}])`,
  'gu',
);
const VENUE = new RegExp(String.raw`(?<![\p{L}\p{N}'’])${WORDS}(?=[ \t]{1,3}(?:location|venue|site|branch|store|studio)(?![\p{L}]))`, 'gu');
/** A place after a word that says it is one: "sucursal Polanco", "branch Rosebank", "the venue Chelsea". */
const AFTER_PLACE_WORD = new RegExp(
  String.raw`(?<=(?<![\p{L}])(?:sucursal|filial|unidade|succursale|filiale|vestiging|oddzia[łl]|[şs]ubesi|location|venue|branch|site)[ \t]{1,3})${WORDS}(?![\p{L}\p{N}])`,
  'gu',
);
/** A place a bay is at: "Bay 12 at Austin Domain", "2 bays at Tanjong Pagar". */
const BAY_AT = new RegExp(String.raw`(?<=(?<![\p{L}])[Bb]ays?(?:[ \t]{1,3}\d{1,2})?[ \t]{1,3}at[ \t]{1,3})${WORDS}(?![\p{L}\p{N}])`, 'gu');
const AFTER_BAY = new RegExp(String.raw`(?<=(?<![\p{L}])[Bb]ays?[ \t]{1,3}\d{1,2}[ \t]{1,3}\(?)${WORDS}(?![\p{L}\p{N}])`, 'gu');
const BEFORE_BAY = new RegExp(String.raw`(?<=:[ \t]{1,3})${WORDS}(?=,?[ \t]{1,3}[Bb]ays?[ \t]{1,3}\d)`, 'gu');
/** Words a golf venue's name is made of: "Par Lounge Lekki", "Hope Street Golf Rooms", "KL Swing Lab", "Golfraum Berlin Mitte". */
const VENUE_NOUN = String.raw`(?:Golf\p{Ll}*|Lounge|Lab|Studio|Box|Hub|Social|Swing|Screen|Tee|Par|Birdie|Fairway|Links|Range|Rooms|Club|Bar|Bays|Society|Garage|Barn|Den)`;
const NAMED_VENUE = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’])(?:${CAPITALISED}[ \t]){0,3}${VENUE_NOUN}(?![\p{L}'’])(?:[ \t]${CAPITALISED}){0,3}(?![\p{L}\p{N}])`,
  'gu',
);
/** A venue's name is two words or more, after the greeting or thanks that may open the phrase ("Hello Golf Lab", "Thanks Par Lounge"). */
const venueWords = (place: string): string | null => {
  const words = place.split(/[ \t]+/);
  while (words.length && isCommon(words[0]!)) words.shift();
  return words.length >= 2 ? words.join(' ') : null;
};
/** Marks a set-aside place: a noncharacter, then the place's number as one private-use character. */
const MARK = '\uFDD0';
const SET_ASIDE = /\uFDD0([\uE000-\uF8FF])/g;

/** Whether no word of a place is a given name ("Mike") or a common word ("Hi"): a venue said with a bay must be neither. */
const noGivenName = (place: string): boolean => {
  const { given } = loadNameLexicon();
  return place.split(/[ \t]+/).every((w) => !given.has(plain(w)) && !isCommon(w));
};

/**
 * The text with each venue set aside (as two characters no pass reads as a word), and the function
 * that puts them back. A text that holds the mark already is left as it is.
 */
export function setBranchesAside(text: string): { text: string; restore: (redacted: string) => string } {
  if (text.includes(MARK)) return { text, restore: (t) => t };
  const places: string[] = [];
  const mark = (place: string): string => {
    if (places.length >= 0x18ff) return place;
    places.push(place);
    return `${MARK}${String.fromCharCode(0xe000 + places.length - 1)}`;
  };
  const aside = (pattern: RegExp, keep: (place: string) => boolean, t: string): string =>
    t.replace(pattern, (place: string) => (keep(place) ? mark(place) : place));
  let out = aside(BRANCH, () => true, text);
  out = aside(VENUE, () => true, out);
  // A name made of a venue's words, without the greeting before it.
  out = out.replace(NAMED_VENUE, (phrase: string) => {
    const place = venueWords(phrase);
    return place ? phrase.slice(0, phrase.length - place.length) + mark(place) : phrase;
  });
  out = aside(AFTER_PLACE_WORD, () => true, out);
  out = aside(BAY_AT, () => true, out);
  out = aside(AFTER_BAY, noGivenName, out);
  out = aside(BEFORE_BAY, noGivenName, out);
  return { text: out, restore: (t) => (places.length ? t.replace(SET_ASIDE, (_, c: string) => places[c.charCodeAt(0) - 0xe000] ?? '') : t) };
}
