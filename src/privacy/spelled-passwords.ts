import { digitsSaidIn } from './digit-words.ts';
import { type Found, HAS_PLACEHOLDER, replaceSpans } from './substitute.ts';

/**
 * Passwords read out piece by piece, as staff and customers dictate them on a call: "capital B,
 * lowercase r, 4, 7, exclamation mark, then golf", "capital G, then r e e n, capital S, i d e, then
 * seven seven", "mayúscula M, minúscula a, r, i, o, número cinco", "B majuscule, i, r, d, deux, zéro".
 * A run of single letters, digits (typed or said in English, French or Spanish), the case of a letter
 * and the names of symbols, joined by commas, spaces, "then" or "and". It counts when it says the case
 * of a letter (no other text does), or names a symbol in a text about a password or a code, and has
 * three letters or digits or more. What the pieces spell ("Br47!golf") goes too wherever it is
 * written out in the same text ("GreenSide77, got it").
 */
const CASE: Record<string, 'upper' | 'lower'> = {
  capital: 'upper',
  uppercase: 'upper',
  upper: 'upper',
  mayúscula: 'upper',
  mayuscula: 'upper',
  majuscule: 'upper',
  lowercase: 'lower',
  lower: 'lower',
  minúscula: 'lower',
  minuscula: 'lower',
  minuscule: 'lower',
};
const SYMBOLS: Record<string, string> = {
  exclamation: '!',
  bang: '!',
  hash: '#',
  hashtag: '#',
  pound: '#',
  dollar: '$',
  underscore: '_',
  dash: '-',
  hyphen: '-',
  asterisk: '*',
  star: '*',
  period: '.',
  ampersand: '&',
  percent: '%',
  arroba: '@',
  dièse: '#',
  diese: '#',
  tiret: '-',
  guion: '-',
  guión: '-',
};
const DIGITS = digitsSaidIn('en', 'fr', 'es');
/** Words that join the pieces or name what a piece is, and spell nothing. */
const GLUE = new Set(
  'then and y et puis luego número numero number letter letra lettre case mark point sign symbol signo signe una al final at the end space'.split(' '),
);
const CUE = /(?<![\p{L}])(?:password|passcode|passwd|pw|pin|code|mot[ \t]de[ \t]passe|contrase[ñn]a|clave|wi-?fi|security[ \t]answer)(?![\p{L}])/iu;
const TOKEN = /[\p{L}\p{N}'’]+|[.!?;\n]/gu;
const CASE_SAID = /(?<![\p{L}])(?:capital|upper|uppercase|lower|lowercase|may[uú]scula|min[uú]scula|majuscule|minuscule)(?![\p{L}])/iu;
const SYMBOL_SAID = new RegExp(String.raw`(?<![\p{L}])(?:${Object.keys(SYMBOLS).join('|')}|at[ \t]{1,8}(?:sign|symbol))(?![\p{L}])`, 'iu');

type Piece = { start: number; end: number; spelled: string; kind: 'case' | 'symbol' | 'unit' | 'glue' | 'word' };

export function redactSpelledPasswords(text: string, found: Found): string {
  // Only a case said, or a symbol named in a text about a password, can start a run: most texts are passed over at once.
  const cued = CUE.test(text);
  if (!CASE_SAID.test(text) && !(cued && SYMBOL_SAID.test(text))) return text;
  const runs: Piece[][] = [];
  let run: Piece[] = [];
  const close = () => {
    while (run.length && run.at(-1)!.kind === 'glue') run.pop();
    // Digits that end a phrase ("password is Tee Time four two, capital T capital T") belong to it, not to the run.
    if (run[0]?.kind === 'unit' && continuesPhrase(text, run[0].start)) while (run[0] && !['case', 'symbol'].includes(run[0].kind)) run.shift();
    const units = run.filter((p) => p.kind === 'unit').length;
    const cases = run.filter((p) => p.kind === 'case').length;
    // A dash or a dot is said in error codes and references too ("E dash three one one").
    const symbols = run.filter((p) => p.kind === 'symbol' && !'-.'.includes(p.spelled)).length;
    // Letters alone with a capital among them and no password named spell a name ("M-A-C, capital K, I-N-N-O-N").
    const lettersOnly = run.every((p) => p.kind !== 'unit' || /^\p{L}$/u.test(p.spelled)) && symbols === 0;
    if (units >= 3 && (cases >= 1 || (symbols >= 1 && cued)) && !(lettersOnly && !cued)) runs.push(run);
    run = [];
  };
  for (const t of text.matchAll(TOKEN)) {
    const word = t[0];
    const lower = word.toLowerCase();
    const piece = { start: t.index, end: t.index + word.length };
    const previous = run.at(-1);
    if (/^[.!?;\n]$/.test(word) || HAS_PLACEHOLDER.test(text.slice(Math.max(0, t.index - 1), t.index + word.length + 1))) close();
    // "upper" and "lower" say a case only as "upper case": "the lower 3 bays" is no password.
    else if (lower in CASE && (!/^(?:upper|lower)$/.test(lower) || /^[ \t]{1,8}case(?![\p{L}])/iu.test(text.slice(piece.end, piece.end + 12))))
      run.push({ ...piece, spelled: '', kind: 'case' });
    else if (lower in SYMBOLS && (run.length > 0 || lower !== 'dash')) run.push({ ...piece, spelled: SYMBOLS[lower]!, kind: 'symbol' });
    else if (/^\p{L}$/u.test(word) || /^\d{1,4}$/.test(word)) run.push({ ...piece, spelled: word, kind: 'unit' });
    else if (lower in DIGITS) run.push({ ...piece, spelled: DIGITS[lower]!, kind: 'unit' });
    // "at sign" is a symbol; "at" alone joins ("at the end").
    else if ((lower === 'sign' || lower === 'symbol') && previous && text.slice(previous.start, previous.end).toLowerCase() === 'at')
      run[run.length - 1] = { ...previous, end: piece.end, spelled: '@', kind: 'symbol' };
    else if (GLUE.has(lower) && run.length > 0) run.push({ ...piece, spelled: '', kind: 'glue' });
    // A whole word is one piece only right after "then" or a case ("then golf", "capital Birdie").
    else if (previous && (previous.kind === 'case' || text.slice(previous.start, previous.end).toLowerCase() === 'then'))
      run.push({ ...piece, spelled: word, kind: 'word' });
    else close();
  }
  close();
  if (runs.length === 0) return text;
  const spans: [number, number][] = runs.map((r) => [r[0]!.start, r.at(-1)!.end]);
  // What each run spells, for where it is written out whole.
  const spelled = new Set(runs.map(spell).filter((s) => s.length >= 4));
  for (const m of text.matchAll(/[\p{L}\p{N}!@#$%&*_-]{4,40}/gu)) {
    const core = m[0].replace(/[-]+$/, '');
    if (spelled.has(core.toLowerCase()) && !spans.some(([s, e]) => m.index < e && s < m.index + core.length)) spans.push([m.index, m.index + core.length]);
  }
  return replaceSpans(text, spans, 'code', found);
}

/** Words after which a piece opens a password ("is B, r, 4…"), not a phrase's last word. */
const OPENERS = new Set(['is', 'was', 'its', "it's", 'it’s', 'es', 'est', "c'est", 'c’est', 'son', 'be', 'to', 'as', 'now', 'then', 'uh', 'um', 'euh', 'eh']);

/** Whether the word before `at` is joined to it by a space alone and opens nothing: the piece there ends a phrase. */
function continuesPhrase(text: string, at: number): boolean {
  const before = /(\p{L}[\p{L}'’]*)(?:[ \t]{1,8}|-)$/u.exec(text.slice(Math.max(0, at - 30), at));
  return before !== null && !OPENERS.has(before[1]!.toLowerCase()) && !CUE.test(before[1]!);
}

/** The characters a run spells, in lower case (a case said after its letter, "B majuscule", is read too). */
function spell(run: Piece[]): string {
  return run
    .map((p) => p.spelled)
    .join('')
    .toLowerCase();
}
