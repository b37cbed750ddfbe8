/**
 * A branch named after its business: "TeeBox Polanco", "SwingHub Rosebank", "Fairway24 Leith Walk".
 * A business writes its name as one word with a capital inside it after three letters or more
 * ("TeeBox", "ClubOS") or with digits at its end ("Fairway24"), as no person's name is written
 * ("JoAnn", "LeBron", "McDonald" and "MacKenzie" are names, and stay outside); the one to three
 * Capitalised words right after it name the place, so the name passes must leave them.
 */
const BRANCH =
  /(?<![\p{L}\p{N}])(?!(?:Mac|Fitz|Van|Von)\p{Lu})(?:\p{Lu}\p{Ll}{2,}\p{Lu}\p{L}*|\p{Lu}\p{L}{2,}\d+)[ \t](\p{Lu}[\p{L}'’-]{0,30}(?:[ \t]\p{Lu}[\p{L}'’-]{0,30}){0,2})(?![\p{L}\p{N}])/gu;
/** Marks a set-aside place: a noncharacter, then the place's number as one private-use character. */
const MARK = '\uFDD0';
const SET_ASIDE = /\uFDD0([\uE000-\uF8FF])/g;

/**
 * The text with each branch's place set aside (as two characters no pass reads as a word), and the
 * function that puts the places back. A text that holds the mark already is left as it is.
 */
export function setBranchesAside(text: string): { text: string; restore: (redacted: string) => string } {
  if (text.includes(MARK)) return { text, restore: (t) => t };
  // The business's name goes aside with its place: it is no person's either ("this is Ana from TeeBox Cottesloe").
  const places: string[] = [];
  const aside = text.replace(BRANCH, (whole: string) => {
    if (places.length >= 0x18ff) return whole;
    places.push(whole);
    return `${MARK}${String.fromCharCode(0xe000 + places.length - 1)}`;
  });
  return { text: aside, restore: (t) => (places.length ? t.replace(SET_ASIDE, (_, c: string) => places[c.charCodeAt(0) - 0xe000] ?? '') : t) };
}
