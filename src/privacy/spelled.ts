import { NATO } from './plates.ts';
import { digitsSaidIn } from './digit-words.ts';
import { MAIL_PROVIDERS } from './emails.ts';
import { DIGIT_WORD } from './spoken.ts';
import { type Found, substitute } from './substitute.ts';

/**
 * Digits said in English, French, Spanish, Portuguese, Italian or German, as a spelled code mixes them
 * in: "G-C-siete-dos", "Q, W, E, dois", "W, I, E, N, minus, fünf". Not French "un", the article before
 * a spelled word.
 */
const SAID_DIGIT = [DIGIT_WORD, ...Object.keys(digitsSaidIn('fr', 'es', 'pt', 'it', 'de')).filter((w) => w !== 'un')].join('|');
/** Letters as Spanish spells them, where the name is no common word: "T, R, cuatro, equis, jota", "ka, ele, eme". */
const SPANISH_LETTERS: Record<string, string> = {
  efe: 'F',
  hache: 'H',
  jota: 'J',
  ka: 'K',
  ele: 'L',
  eme: 'M',
  ene: 'N',
  eñe: 'Ñ',
  erre: 'R',
  equis: 'X',
  zeta: 'Z',
  uve: 'V',
};
const LETTER_NAMES = Object.keys(SPANISH_LETTERS).join('|');
const LETTER_NAME = new RegExp(`^(?:${LETTER_NAMES})$`, 'i');
/** The letter a spelling word says ("Kilo", "x-ray", "jota"), or undefined. */
export const letterOfWord = (word: string): string | undefined => {
  const w = word.toLowerCase();
  return w === 'x-ray' ? 'X' : Object.hasOwn(NATO, w) ? NATO[w] : Object.hasOwn(SPANISH_LETTERS, w) ? SPANISH_LETTERS[w] : undefined;
};

/**
 * Letters spelled out one at a time, as callers spell a name, an email, a plate or a password: "d as
 * in david r e y e s", "M as in Mike, O, R, G, A, N", "K as in kilo, L, M, three four five". A run
 * of single letters (any with "as in <word>" after it) and digits, said or typed, separated by
 * spaces, commas or dashes. It counts when a letter is given "as in" a word and the run has three
 * units or more, when it has five single letters (two or three letters in a row are still
 * English: "a b c", "I, a"), or after "plate" when it mixes letters and digits in five units or
 * more. The run goes whole, with a placeholder it touches ("[email]"), and its kind is read from
 * what the text is about just before it (else a name, or a code when it holds digits).
 */
/** The spelling alphabet's words, each a letter, written as one word or with its dash ("x-ray"): "Golf, Seven, Kilo". */
const SPELLING_ALPHABET = [...Object.keys(NATO), 'x-ray'].join('|');
const NATO_WORD = new RegExp(`^(?:${SPELLING_ALPHABET})$`, 'i');
/** What says the word after a letter stands for it: "N as in Nancy", "N for Norman", "M wie Martha", "G van Gerard", "B comme Bernard". */
const SPELLED_WITH = String.raw`(?:as[ \t]{1,8}in|for|wie|van|comme|como|come|jak|som)`;
const UNIT = String.raw`(?<![\p{L}\p{N}])(?:(?:${SAID_DIGIT}|\d)(?![\p{L}\p{N}])|(?:${SPELLING_ALPHABET}|${LETTER_NAMES})(?![\p{L}\p{N}])|(?:capital[ \t]{1,8})?[A-Za-z](?![\p{L}\p{N}'’])(?:,?[ \t]{1,8}${SPELLED_WITH}[ \t]{1,8}\p{L}+)?)`;
const UNITS = new RegExp(UNIT, 'giu');
/** Between two units: a space, a comma or a dash, perhaps around a space said ("D-E, space, L-A"). */
const GAP = String.raw`(?:[ \t]{0,8}[,-][ \t]{0,8}|[ \t]{1,8})`;
/** A space, a dash or an underscore said between two units: "D-E, space, L-A", "K, guion, cuatro", "I, underscore, A". */
export const SAID_SEPARATORS = 'space|espace|espacio|dash|hyphen|underscore|guion|guión|tiret|minus|bindestrich|unterstrich|trattino|tra[cç]o|h[ií]fen';
const SEP = `(?:${GAP}(?:(?:${SAID_SEPARATORS})${GAP})?)`;
const RUN = new RegExp(String.raw`(?<!['’[\]]|[\p{L}\p{N}]-)${UNIT}(?:${SEP}${UNIT}){2,}(?:${SEP}\[(email|plate|name|code)\])?`, 'giu');
/** "at" and a mail provider (its first letter perhaps said apart) or a domain with its "dot" after letters spelled out: ", at G mail", " at shaw dot ca". */
const AT_AFTER = new RegExp(
  String.raw`^,?[ \t]{1,8}at[ \t]{1,8}(?:(?:${MAIL_PROVIDERS}|g[ \t]mail)(?:[ \t]{1,8}dot[ \t]{1,8}\p{L}{2,6}){0,2}|\p{L}{2,20}(?:[ \t]{1,8}dot[ \t]{1,8}\p{L}{2,6}){1,2})(?![\p{L}])`,
  'iu',
);
const AS_IN = new RegExp(String.raw`[ \t]${SPELLED_WITH}[ \t]`, 'i');
const REFERENCE =
  /(?<![\p{L}])(?:reference|ref|booking|reservation|order|confirmation|ticket|invoice|quote|tracking|event[ \t]id|po[ \t]number|member(?:ship)?|r[ée]servation|referencia|r[ée]f[ée]rence|bestellnummer|buchungsnummer|rechnungsnummer|#)[^\n]{0,16}$/iu;

const REFERENCE_ASKED = /(?:reference|ref|confirmation|(?:booking|reservation|order)[ \t]{1,8}(?:number|no\.?|#))[^\n]{0,60}\n[^\n]{0,40}$/i;

/** What names a plate or a code just before a run: on its line, or asked for on the line before. */
const PLATE_WORDS = 'plate|registration|rego|placas?|matr[ií]cula|plaque|kennzeichen|kenteken|targa';
const CODE_WORDS = 'password|passcode|code|pin';
const CUES: [RegExp, 'plate' | 'email' | 'code'][] = [
  [new RegExp(`(?:${PLATE_WORDS}|licen[cs]e|tag)[^\\n]{0,40}$`, 'i'), 'plate'],
  [/(?:e-?mail|@)[^\n]{0,40}$/i, 'email'],
  [new RegExp(`(?:${CODE_WORDS})[^\\n]{0,40}$`, 'i'), 'code'],
];
const POSTAL_CUE = /(?:postal|post|zip)[ \t]{0,8}code|code[ \t]{1,8}postal|c[óo]digo[ \t]{1,8}postal/i;
/** A code or a plate asked for on the line before, answered on this one: "Agent: Can you read me the code?\nCaller: ". */
const ASKED: [RegExp, 'plate' | 'code'][] = [
  [new RegExp(`(?:${PLATE_WORDS})[^\\n]{0,60}\\n[^\\n]{0,40}$`, 'i'), 'plate'],
  [new RegExp(`(?:${CODE_WORDS}|c[óo]digo)[^\\n]{0,60}\\n[^\\n]{0,40}$`, 'i'), 'code'],
];

export function redactSpelled(text: string, found: Found): string {
  return substitute(text, RUN, (m) => {
    const units = [...m[0].replace(/\[\w+\]$/, '').matchAll(UNITS)].map((u) => u[0]);
    const letters = units.filter((u) => /^(?:capital[ \t]{1,8})?[A-Za-z](?:$|[ \t])/i.test(u) || NATO_WORD.test(u) || LETTER_NAME.test(u)).length;
    const nato = units.filter((u) => NATO_WORD.test(u)).length;
    const asIn = AS_IN.test(m[0]);
    const before = text.slice(Math.max(0, m.index - 60), m.index);
    const asked = text.slice(Math.max(0, m.index - 110), m.index);
    const cued = CUES.find(([cue]) => cue.test(before))?.[1] ?? ASKED.find(([cue]) => cue.test(asked))?.[1];
    // After "plate", letters and digits mixed: "C-H-Z-T, seven one five", "F-four-seven, K-J-R".
    const plate = cued === 'plate' && letters >= 2 && units.length >= 5 && units.length - letters >= 1;
    // Letters and digits joined by dashes, six or more: a code read out ("G-C-siete-dos-K-M-nueve-nueve").
    // A booking's or an order's reference read out the same way stays ("reference B-K-four-four-two-nine").
    const reference = units.length - letters >= 2 && REFERENCE.test(text.slice(Math.max(0, m.index - 30), m.index));
    const dashedCode = units.length >= 6 && letters >= 2 && units.length - letters >= 2 && !/[ \t,]/.test(m[0].replace(/\[\w+\]$/, '').trim()) && !reference;
    // Asked for a code, letters and digits mixed, five or more: "G seven, K two, nine".
    // A postal code said the same way is an address's, left to that pass.
    const code = cued === 'code' && letters >= 2 && units.length - letters >= 2 && units.length >= 5 && !POSTAL_CUE.test(before);
    // Two words of the spelling alphabet among five units or more: "Golf, Seven, Kilo, Two, Two, Mike, Xray".
    if (!((asIn && units.length >= 3) || letters >= 5 || plate || dashedCode || code || (nato >= 2 && units.length >= 5))) return undefined;
    // Letters and digits read out after what names a reference stay, however many letters: "the revised invoice, I-N-V-M-U-M-nine-nine".
    if (reference && !cued) return undefined;
    // A booking's reference asked for on the line before and spelled out stays ("B as in bravo, K, seven seven four zero two").
    if (!cued && REFERENCE_ASKED.test(asked)) return undefined;
    // Spelled, then "at" and where: an email's local part ("T as in Tango, O, B, I, at G mail"); the provider goes with it.
    const at = m[1] ? null : AT_AFTER.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 40));
    if (at) {
      found.email++;
      return { text: '[email]', end: m.index + m[0].length + at[0].length };
    }
    const kind = (m[1] as 'email' | 'plate' | 'name' | 'code' | undefined) ?? cued ?? (units.length > letters ? 'code' : 'name');
    if (!m[1]) found[kind]++;
    return `[${kind}]`;
  });
}
