import { isCommon } from './common-words.ts';
import { numberOfWord } from './one-word-numbers.ts';
import { readOut, type Token } from './plates.ts';
import { letterOfWord, SAID_SEPARATORS } from './spelled.ts';
import { digitOfWord, spokenDigitRuns } from './spoken.ts';
import { digitsOf, type Found, PLACEHOLDERS, type RedactionKind } from './substitute.ts';

/**
 * A value removed once is removed wherever it comes again: staff read a plate, a code or an address
 * back ("BCX 442, got it"), a customer repeats a number in the next message. Names have their own
 * list (`redactListedNames`); this covers the other kinds.
 */
export type RemovedValue = { kind: RedactionKind; value: string };

/** What the redactor removed from `before` to make `after`: the text between the pieces `after` kept. */
export function removedValues(before: string, after: string): RemovedValue[] {
  const pieces = after.split(PLACEHOLDERS);
  // split() with a capturing group alternates literal, kind, literal, kind, …, literal.
  const values: RemovedValue[] = [];
  let cursor = pieces[0]!.length;
  for (let i = 1; i < pieces.length; i += 2) {
    const kind = pieces[i] as RedactionKind;
    const literal = pieces[i + 1]!;
    // Between consecutive placeholders, or placeholders a space or two apart ("[name] [name]"), where
    // one value ends and the next starts is unknown: those values are skipped up to the next literal
    // long enough to find again, and the values after it are read as usual. A line's end is found
    // again ("…[id].\n[name]: …"): no value runs across lines.
    if (i + 2 < pieces.length && literal.trim().length < 3 && !literal.includes('\n')) {
      let j = i + 2;
      while (j + 2 < pieces.length && pieces[j + 1]!.trim().length < 3) j += 2;
      const next = pieces[j + 1]!;
      const at = j + 2 >= pieces.length ? before.length - next.length : before.indexOf(next, cursor);
      if (at < cursor) break;
      cursor = at + next.length;
      i = j;
      continue;
    }
    const at = i + 2 >= pieces.length ? before.length - literal.length : before.indexOf(literal, cursor);
    if (at < cursor) break;
    const value = before.slice(cursor, at);
    if (kind !== 'name' && !PLACEHOLDERS.test(value)) values.push({ kind, value });
    PLACEHOLDERS.lastIndex = 0;
    cursor = at + literal.length;
  }
  return values;
}

type ValueList = Map<string, { kind: RedactionKind; chunks: string[] }[]>;
/** What a speller says besides the letters and digits: "as in Frank", "dash", "space". */
const SPELLING_AIDS = new RegExp(String.raw`(?<![\p{L}])(?:as[ \t]{1,8}in[ \t]{1,8}\p{L}+|${SAID_SEPARATORS})(?![\p{L}])`, 'giu');
const CHUNK = /[\p{L}\p{N}]+/gu;
const chunksOf = (s: string): string[] => s.toLowerCase().match(CHUNK) ?? [];

/** The values worth looking for again: at least three letters or digits, not a common word alone. */
function valueList(values: readonly RemovedValue[]): ValueList {
  const list: ValueList = new Map();
  for (const { kind, value } of values) {
    const chunks = chunksOf(value);
    // Spelled one by one ("G-C-siete-dos-K-M", "F as in Frank, R, T, dash, two two nine one"), it is
    // written back whole ("GC72KM") or with its letters and its digits apart ("FRT-2291").
    const spelled = chunksOf(value.replace(SPELLING_AIDS, ' '));
    // A series of two or three letters said as one ("FS dash two nine…") reads as its letters.
    if (
      spelled.length >= 4 &&
      spelled.every((c) => c.length === 1 || /^\p{L}{2,3}$/u.test(c) || digitOfWord(c) !== undefined || letterOfWord(c) !== undefined)
    ) {
      const whole = spelled.map((c) => digitOfWord(c) ?? letterOfWord(c)?.toLowerCase() ?? c).join('');
      const apart = whole.match(/\p{L}+|\p{N}+/gu)!;
      for (const form of apart.length > 1 ? [[whole], apart] : [[whole]]) list.set(form[0]!, [...(list.get(form[0]!) ?? []), { kind, chunks: form }]);
    }
    if (chunks.join('').length < 3 || (chunks.length === 1 && !/\d/.test(chunks[0]!) && isCommon(chunks[0]!))) continue;
    const same = list.get(chunks[0]!) ?? [];
    if (!same.some((v) => v.chunks.join(' ') === chunks.join(' '))) same.push({ kind, chunks });
    list.set(
      chunks[0]!,
      same.sort((a, b) => b.chunks.length - a.chunks.length),
    );
  }
  return list;
}

/** A list of values as the two passes read it, built once per list: a conversation redacts every turn with the same list. */
const compiled = new WeakMap<readonly RemovedValue[], { list: ValueList; byDigits: Map<string, RedactionKind>; byChars: Map<string, RedactionKind> }>();

/**
 * The values that are only a number, by their digits (at least four), whether written or said: a
 * ZIP said as "nine four one one zero" is read back as "94110", a code typed as 4419 is said back.
 * An address's postal code counts alone: "8 rue des Lilas, 69003 Lyon. Soixante-neuf zéro zéro trois."
 */
function digitValues(values: readonly RemovedValue[]): Map<string, RedactionKind> {
  const byDigits = new Map<string, RedactionKind>();
  for (const { kind, value } of values) {
    const said = spokenDigitRuns(value, 1, true)[0];
    const whole = said && said.start === 0 && said.end === value.length ? said.digits : /^[\d\s.,()+#*-]+$/.test(value) ? digitsOf(value) : '';
    if (whole.length >= 4) byDigits.set(whole, kind);
    if (kind === 'address') for (const code of value.match(POSTAL_CODE) ?? []) byDigits.set(digitsOf(code), kind);
  }
  return byDigits;
}
/** Four to six digits standing alone in an address, perhaps in two groups ("1016", "69003", "114 55"): its postal code. */
const POSTAL_CODE = /(?<![\p{L}\p{N}])\d{3}[ ]?\d{1,3}(?![\p{L}\p{N}])/gu;

/** A number written in digits, grouped or not: "94110", "613 555 0189", "44-19", "05/28". */
const WRITTEN_NUMBER = /(?<![\p{L}\p{N}.,])\d(?:[ ./-]?\d){3,18}(?![\p{L}\p{N}]|[.,-]\d)/gu;

/** Echoes of the values that are only a number, in the other form or grouping. */
function redactDigitEchoes(text: string, byDigits: ReadonlyMap<string, RedactionKind>, found: Found): string {
  if (byDigits.size === 0) return text;
  const spans: Echo[] = [];
  for (const run of spokenDigitRuns(text, 4, true, true)) {
    const kind = byDigits.get(run.digits);
    if (kind) spans.push({ ...run, kind });
  }
  for (const m of text.matchAll(WRITTEN_NUMBER)) {
    const kind = byDigits.get(digitsOf(m[0]));
    if (kind && !spans.some((s) => s.start < m.index + m[0].length && m.index < s.end)) spans.push({ start: m.index, end: m.index + m[0].length, kind });
  }
  return replaceEchoes(text, spans, found);
}

type Echo = { start: number; end: number; kind: RedactionKind };
/** `text` with each echo (none overlapping another) replaced by its kind's placeholder. */
function replaceEchoes(text: string, echoes: Echo[], found: Found): string {
  let out = '';
  let last = 0;
  for (const echo of echoes.sort((a, b) => a.start - b.start)) {
    out += `${text.slice(last, echo.start)}[${echo.kind}]`;
    last = echo.end;
    found[echo.kind]++;
  }
  return out + text.slice(last);
}

/**
 * The values that mix letters and digits, by those letters and digits in small letters ("m-ab 1234"
 * is "mab1234"): a plate, a postal code or a reference written once and read out again ("M wie
 * Martha, A B, eins zwei drei vier"). An address's postal code counts alone ("M4W 1A5", "1016 DV").
 */
function readOutValues(values: readonly RemovedValue[]): Map<string, RedactionKind> {
  const byChars = new Map<string, RedactionKind>();
  for (const { kind, value } of values) {
    if (kind === 'email' || kind === 'name') continue;
    const parts = kind === 'address' ? (value.match(MIXED_POSTAL_CODE) ?? []) : [value, ...readAloud(value)];
    for (const part of parts) {
      const chars = part.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
      if (chars.length >= 4 && chars.length <= 12 && /\p{L}/u.test(chars) && /\p{N}/u.test(chars)) byChars.set(chars, kind);
    }
  }
  return byChars;
}
/** British ("SW1A 2AA"), Canadian ("M4W 1A5") and Dutch ("1016 DV") postal codes. */
const MIXED_POSTAL_CODE = /(?<![\p{L}\p{N}])(?:[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d|\d{4}[ ]?[A-Z]{2})(?![\p{L}\p{N}])/gu;
/** Letters as they are named aloud in English and Dutch ("gee", "bee bee", "zed"), where the name is no other word a value is read with. */
const LETTER_NAMES: Record<string, string> = {
  bee: 'b',
  cee: 'c',
  dee: 'd',
  ef: 'f',
  eff: 'f',
  gee: 'g',
  aitch: 'h',
  jay: 'j',
  jee: 'j',
  kay: 'k',
  ka: 'k',
  el: 'l',
  em: 'm',
  pee: 'p',
  kuu: 'q',
  ar: 'r',
  ess: 's',
  tee: 't',
  vee: 'v',
  wee: 'w',
  ex: 'x',
  iks: 'x',
  zed: 'z',
  zee: 'z',
  zet: 'z',
};

/** The tokens of a text with the letters and digits each says read out: letters, digits, words for them in any language, letters' names. */
function readOutTokens(text: string): Token[] {
  return readOut(text, 0, text.length, true).map((t) => {
    if (t.chars !== null) return t;
    const word = text.slice(t.start, t.end).toLowerCase();
    return { ...t, chars: numberOfWord(word) ?? (Object.hasOwn(LETTER_NAMES, word) ? LETTER_NAMES[word]! : null) };
  });
}

/** A value said in words ("G M double oh four one two seven", "MEM dash zero zero five") as the letters and digits it reads out ("gm004127"); none when a word of it says neither. */
function readAloud(value: string): string[] {
  const tokens = readOutTokens(value.replace(SPELLING_AIDS, (aid) => ' '.repeat(aid.length)));
  return tokens.length > 1 && tokens.every((t) => t.chars !== null) ? [tokens.map((t) => t.chars).join('')] : [];
}

/** Where a value that mixes letters and digits is read out again, whole, in letters, words for letters and digits said in any language. */
function redactReadOutEchoes(text: string, byChars: ReadonlyMap<string, RedactionKind>, found: Found): string {
  if (byChars.size === 0) return text;
  const longest = Math.max(...[...byChars.keys()].map((k) => k.length));
  const tokens = readOutTokens(text);
  const spans: Echo[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let chars = '';
    let match: { end: number; kind: RedactionKind } | null = null;
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.chars === null || (j > i && !/^[ \t,.-]{0,8}$/.test(text.slice(tokens[j - 1]!.end, t.start)))) break;
      chars += t.chars.toLowerCase();
      if (chars.length > longest) break;
      const kind = t.chars === '' ? undefined : byChars.get(chars);
      if (kind) match = { end: t.end, kind };
    }
    if (!match) continue;
    spans.push({ start: tokens[i]!.start, end: match.end, kind: match.kind });
    while (i + 1 < tokens.length && tokens[i + 1]!.start < match.end) i++;
  }
  return replaceEchoes(text, spans, found);
}

/** `text` with every echo of `values` replaced by its kind's placeholder: the same letters and digits, any separators, or the same number in words or digits. */
export function redactEchoes(input: string, values: readonly RemovedValue[], found: Found): string {
  if (values.length === 0) return input;
  let known = compiled.get(values);
  if (!known) compiled.set(values, (known = { list: valueList(values), byDigits: digitValues(values), byChars: readOutValues(values) }));
  const { list, byDigits, byChars } = known;
  const text = redactReadOutEchoes(redactDigitEchoes(input, byDigits, found), byChars, found);
  if (list.size === 0) return text;
  const tokens = [...text.matchAll(CHUNK)];
  let out = '';
  let last = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.index < last || text[t.index - 1] === '[') continue;
    for (const { kind, chunks } of list.get(t[0].toLowerCase()) ?? []) {
      const end = i + chunks.length - 1;
      if (end >= tokens.length) continue;
      const matches = chunks.every((c, k) => {
        const token = tokens[i + k]!;
        const gap = k === 0 ? '' : text.slice(tokens[i + k - 1]!.index + tokens[i + k - 1]![0].length, token.index);
        return token[0].toLowerCase() === c && /^[\s.,/()@+-]{0,4}$/.test(gap);
      });
      if (!matches) continue;
      out += `${text.slice(last, t.index)}[${kind}]`;
      last = tokens[end]!.index + tokens[end]![0].length;
      found[kind]++;
      i = end;
      break;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** A value put right after one removed: "it's [phone] not 0127", "[code], not 4471". The wrong one is the customer's too. */
const CORRECTED = /\[(phone|card|code|id|plate|dob)\]([ \t,]{0,3}(?:(?:lol|sorry),?[ \t]{1,3})?not[ \t]{1,3})(\d(?:[ \t./-]?\d){2,18})(?![\p{L}\p{N}])/gu;
export function redactCorrections(text: string, found: Found): string {
  return text.replace(CORRECTED, (_, kind: RedactionKind, between: string) => {
    found[kind]++;
    return `[${kind}]${between}[${kind}]`;
  });
}
