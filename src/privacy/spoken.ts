import { digitsSaidIn, EVERYDAY_DIGITS, MORE_DIGIT_WORDS } from './digit-words.ts';
import { oneWordNumberRuns } from './one-word-numbers.ts';

/**
 * Digits said as words, as speech-to-text writes them: "nine oh two five five five", "double five",
 * "902 five five five 0142", in English, French, Spanish, German, Italian, Portuguese, Dutch, Afrikaans, Polish, Swedish, Turkish, Indonesian, Vietnamese or romanised Hindi ("cinq un quatre", "seis cuatro siete", "vier null", "nul agt twee", "osiem jeden jeden", "fyra sju två", "dört dört yedi", "empat tiga delapan", "chín tám bảy", "nau do aath"), and in German, Dutch, Danish, Norwegian, Swedish or Italian numbers to ninety-nine (`one-word-numbers.ts`). A run is a sequence of digit
 * words and digit groups separated by spaces, commas, dots or dashes ("double five", "treble seven");
 * it holds at least one digit word (plain digit runs are the other passes'). With `pairs`, numbers
 * said two digits at a time count too ("six, twelve, thirty-four, fifty-six", as French and Spanish
 * numbers are read: "treinta y tres"), and French hundreds ("huit cent quarante-deux"): only for long runs
 * such as phone numbers, where "seven thirty" cannot be a time.
 */
/** Every digit word this module reads, with "oh", "o" and "nought" for zero and "funf" typed for "fünf". */
const UNITS: Record<string, string> = {
  ...digitsSaidIn(
    'en',
    'fr',
    'es',
    'de',
    'it',
    'pt',
    'nl',
    'af',
    'pl',
    'sv',
    'no',
    'da',
    'tr',
    'id',
    'vi',
    'hi',
    'ms',
    'sw',
    'ru',
    'uk',
    'ar',
    'fa',
    'he',
    'fi',
    'th',
    'el',
    'cs',
    'sk',
    'hu',
    'ro',
    'et',
    'is',
    'ja',
    'ko',
    'tl',
    'arLatn',
  ),
  ...MORE_DIGIT_WORDS,
  één: '1',
  oh: '0',
  o: '0',
  nought: '0',
  funf: '5',
};
/** The digit a word says ("nine", "neuf", "nueve"), or undefined. */
export const digitOfWord = (word: string): string | undefined => (Object.hasOwn(UNITS, word) && word !== 'o' && word !== 'oh' ? UNITS[word] : undefined);
/** The ten digits said in English, as one alternation. */
export const DIGIT_WORD = 'zero|oh|one|two|three|four|five|six|seven|eight|nine';
/** A digit, ten to twelve, a multiple of ten ("ninety-two" too), or up to four digits written: how a number in a password or an email is said. */
export const SAID_NUMBER = `(?:${DIGIT_WORD}|ten|eleven|twelve|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|\\d{1,4})`;
const TEENS: Record<string, string> = {
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
  eighteen: '18',
  nineteen: '19',
};
const TENS: Record<string, string> = { twenty: '2', thirty: '3', forty: '4', fifty: '5', sixty: '6', seventy: '7', eighty: '8', ninety: '9' };
/** French numbers from ten to sixteen, and the tens: "soixante-dix-huit" is 78, "quatre-vingt-douze" 92. */
const FRENCH_TEENS: Record<string, number> = { dix: 10, onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16 };
const FRENCH_TENS: Record<string, number> = {
  vingt: 20,
  vingts: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
  // Belgian and Swiss French: "septante-trois", "nonante-deux".
  septante: 70,
  huitante: 80,
  octante: 80,
  nonante: 90,
};
/**
 * Numbers below a thousand as Turkish, Polish and Russian say them, hundreds, tens and units each a
 * word of its own: "beş yüz otuz iki" (532), "pięćset dwa" (502), "sto osiemnaście" (118), "двести
 * сорок пять" (245). Turkish multiplies its hundred ("beş yüz"; "yüz" alone is 100), and its ten, "on",
 * counts only before a unit: it is English too.
 */
const COMPOUND_HUNDREDS: Record<string, number> = {
  sto: 100,
  dwieście: 200,
  trzysta: 300,
  czterysta: 400,
  pięćset: 500,
  sześćset: 600,
  siedemset: 700,
  osiemset: 800,
  dziewięćset: 900,
  сто: 100,
  двести: 200,
  триста: 300,
  четыреста: 400,
  пятьсот: 500,
  шестьсот: 600,
  семьсот: 700,
  восемьсот: 800,
  девятьсот: 900,
};
const MULTIPLIED_HUNDRED = new Set(['yüz', 'yuz']);
/** Tens, and the teens that take no unit after them. */
const COMPOUND_TENS: Record<string, number> = {
  yirmi: 20,
  otuz: 30,
  kırk: 40,
  kirk: 40,
  elli: 50,
  altmış: 60,
  altmis: 60,
  yetmiş: 70,
  yetmis: 70,
  seksen: 80,
  doksan: 90,
  dziesięć: 10,
  jedenaście: 11,
  dwanaście: 12,
  trzynaście: 13,
  czternaście: 14,
  piętnaście: 15,
  szesnaście: 16,
  siedemnaście: 17,
  osiemnaście: 18,
  dziewiętnaście: 19,
  dwadzieścia: 20,
  trzydzieści: 30,
  czterdzieści: 40,
  pięćdziesiąt: 50,
  sześćdziesiąt: 60,
  siedemdziesiąt: 70,
  osiemdziesiąt: 80,
  dziewięćdziesiąt: 90,
  десять: 10,
  одиннадцать: 11,
  двенадцать: 12,
  тринадцать: 13,
  четырнадцать: 14,
  пятнадцать: 15,
  шестнадцать: 16,
  семнадцать: 17,
  восемнадцать: 18,
  девятнадцать: 19,
  двадцать: 20,
  тридцать: 30,
  сорок: 40,
  пятьдесят: 50,
  шестьдесят: 60,
  семьдесят: 70,
  восемьдесят: 80,
  девяносто: 90,
};
const TURKISH_TEN = String.raw`on(?=[ \t]{1,8}(?:bir|iki|üç|uc|dört|dort|beş|bes|altı|alti|yedi|sekiz|dokuz)(?![\p{L}]))`;
/** Spanish numbers from ten to twenty-nine, each one word ("doce", "veintidós"), and the tens joined to a unit by "y" ("treinta y tres"). */
const SPANISH_PAIRS: Record<string, number> = {
  diez: 10,
  once: 11,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  dieciséis: 16,
  dieciseis: 16,
  diecisiete: 17,
  dieciocho: 18,
  diecinueve: 19,
  veinte: 20,
  veintiuno: 21,
  veintiún: 21,
  veintidós: 22,
  veintidos: 22,
  veintitrés: 23,
  veintitres: 23,
  veinticuatro: 24,
  veinticinco: 25,
  veintiséis: 26,
  veintiseis: 26,
  veintisiete: 27,
  veintiocho: 28,
  veintinueve: 29,
};
const SPANISH_TENS: Record<string, number> = { treinta: 30, cuarenta: 40, cincuenta: 50, sesenta: 60, setenta: 70, ochenta: 80, noventa: 90 };
/** Spanish and Portuguese hundreds, each one word: "cuatrocientos doce" is 412, "novecentos" 900. */
const HUNDREDS: Record<string, number> = {
  cien: 100,
  ciento: 100,
  doscientos: 200,
  trescientos: 300,
  cuatrocientos: 400,
  quinientos: 500,
  seiscientos: 600,
  setecientos: 700,
  ochocientos: 800,
  novecientos: 900,
  cem: 100,
  cento: 100,
  duzentos: 200,
  trezentos: 300,
  quatrocentos: 400,
  quinhentos: 500,
  seiscentos: 600,
  setecentos: 700,
  oitocentos: 800,
  novecentos: 900,
};
const DIGIT_WORDS = [...Object.keys(UNITS), 'double', 'triple', 'treble'].join('|');
const PAIR_WORDS = [
  'cent',
  'cents',
  ...Object.keys(TEENS),
  ...Object.keys(TENS),
  ...Object.keys(FRENCH_TEENS),
  ...Object.keys(FRENCH_TENS),
  ...Object.keys(SPANISH_PAIRS),
  ...Object.keys(SPANISH_TENS),
  ...Object.keys(HUNDREDS),
  ...Object.keys(COMPOUND_HUNDREDS),
  ...MULTIPLIED_HUNDRED,
  ...Object.keys(COMPOUND_TENS),
  TURKISH_TEN,
].join('|');
/** Between two digits: a space, a comma, a dash or a trailing off ("two two..."), and perhaps a hesitation or "then" with its own ("…two, uh, one one…"). */
const GAP = String.raw`(?:[ \t]{0,8}[,.،、，-]?[ \t]{1,8}|[ \t]{0,8}[,،、，-][ \t]{0,8}|[ \t]{0,8}(?:\.{2,3}|…)[ \t]{0,8})`;
/**
 * Words said between two digits that say none: a dash, a slash, a hesitation, "then", the "et" of
 * "vingt et un", the "y" of "treinta y tres", and a correction ("…two two... no wait, two three…",
 * "…zero um, não, zero dois…"): the number goes on after it, and all of it goes.
 */
const CORRECTIONS = new Set([
  'no',
  'wait',
  'sorry',
  'actually',
  'hang',
  'nahi',
  'nahin',
  'não',
  'nao',
  'perdón',
  'perdon',
  'digo',
  'pardon',
  'scusa',
  'cioè',
  'nee',
  'nein',
]);
const SEPARATOR_WORDS = new Set([
  ...CORRECTIONS,
  'dash',
  'slash',
  'euh',
  'ähm',
  'äh',
  'ehm',
  'hyphen',
  'uh',
  'um',
  'er',
  'then',
  'et',
  'y',
  'del',
  'ponto',
  'punto',
  'traço',
  'traco',
  'guion',
  'guión',
  'tiret',
  'trattino',
  'streck',
  'strek',
  'bindestrich',
  'bindestreg',
  'myślnik',
  'tire',
]);
/** Up to two of them: "…dois um, ponto, zero…" (Portuguese "um" is a pause to this module). */
const SEPARATOR = `(?:${GAP}(?:(?:hang[ \t]+on|${[...SEPARATOR_WORDS].join('|')})${GAP}){0,2})`;
/** Digits typed among the words: up to four, or a trunk prefix and area code of five ("07958 six one two…"). */
const TYPED_GROUP = String.raw`(?:\d{1,4}|0\d{4})`;
const runOf = (token: string) => new RegExp(String.raw`(?<![\p{L}\p{N}_'’])${token}(?:${SEPARATOR}${token})+(?![\p{L}\p{N}_'’])`, 'giu');
const RUN = runOf(String.raw`(?:${DIGIT_WORDS}|${TYPED_GROUP})`);
const PAIR_RUN = runOf(String.raw`(?:${PAIR_WORDS}|${DIGIT_WORDS}|${TYPED_GROUP})`);

/** Whether a word says a number: a digit (not the "o" or "oh" of speech alone), a teen or a ten in English, French or Spanish. */
const isNumberWord = (w: string): boolean =>
  (w in UNITS && w !== 'o' && w !== 'oh') ||
  w in TEENS ||
  w in TENS ||
  w in FRENCH_TEENS ||
  w in FRENCH_TENS ||
  w in SPANISH_PAIRS ||
  w in SPANISH_TENS ||
  w in HUNDREDS ||
  w in COMPOUND_HUNDREDS ||
  w in COMPOUND_TENS;
/** The digit one to nine a word says, or null (zero, "oh", or no digit): the unit after a ten ("thirty-four", "treinta y tres"). */
const nonZeroDigit = (w: string | undefined): number | null => (w !== undefined && w in UNITS && UNITS[w] !== '0' ? Number(UNITS[w]) : null);

/**
 * `digits`: what the run says, all of it or, after a correction, what follows when that is long
 * enough; `meant`, where the speaker corrected themselves, the number they meant: what follows the
 * correction, after what came before the group put right ("…two two... no wait, two three…");
 * `typed`, a run of digits typed one by one, no word among them ("3 9 1 7").
 */
export type SpokenRun = { start: number; end: number; digits: string; meant?: string; typed?: true };
/** A digit that is an everyday word too (Hindi "do", Vietnamese "hai" and "ba") opening the next sentence, at a run's end. */
const WORD_AT_END = /[.!?][^\p{L}\p{N}]*(?:do|hai|ba)$/iu;
/** After digits typed as numerals, a digit that is an everyday word too is that word: "mã cửa 5 2 8 8 không mở được" (not). */
const WORD_AFTER_DIGITS = /(?<=\d)[^\p{L}\p{N}]+(?:không|một|hai|ba|năm|do|teen|moja)$/iu;
const HINDI_IS = /[^\p{L}\p{N}]+hai$/iu;
const WORD_AT_START = /^(?:do|teen)[^\p{L}\p{N}]+/iu;
/** A digit only Portuguese says so, words only Portuguese has around a run, and "um" (one; a hesitation in English) next to it. */
const PORTUGUESE = /(?<![\p{L}])(?:dois|três|sete|oito)(?![\p{L}])/iu;
const PORTUGUESE_AROUND = /(?<![\p{L}])(?:não|você|obrigad[oa]|senha|é)(?![\p{L}])|\p{L}ção(?![\p{L}])/iu;
const UM = /(?<![\p{L}])um(?![\p{L}])/iu;
const UM_BEFORE = /(?<![\p{L}])um[ \t]{0,8}[,.]?[ \t]{1,8}$/iu;
const UM_AFTER = /^[ \t]{0,8}[,.]?[ \t]{1,8}um(?![\p{L}])/iu;
const VIETNAMESE = /(?<![\p{L}])(?:không|một|bốn|năm|sáu|bảy|tám|chín)(?![\p{L}])/iu;

/** A count of times after a run ("… three times", "kolme kertaa", "drei Mal"), in the languages digits are read in. */
const TIMES_AFTER =
  /^[ \t]{1,8}(?:times|x|mal|keer|gånger|gange|ganger|kertaa|fois|veces|vezes|volte|razy|kez|krát|alkalommal|ori|φορές|lần|beses)(?![\p{L}])/iu;
/** The last word of a run and what joins it to the rest. */
const LAST_WORD = /[^\p{L}\p{N}]+[\p{L}\p{M}]+$/u;

/**
 * Where a run starts and ends without the digits at its edges that are everyday words too ("Sam",
 * "go", "i"), unless it says three words or more: "call Sam 0412 555 019" is a number after "Sam",
 * "sam sa yuk chil" is one.
 */
function withoutEverydayEdges(said: string): [number, number] {
  const tokens = [...said.matchAll(/[\p{L}\p{M}]+|\d+/gu)];
  if (!tokens.some((t) => EVERYDAY_DIGITS.has(t[0].toLowerCase())) || tokens.filter((t) => /\p{L}/u.test(t[0])).length >= 3) return [0, said.length];
  let first = 0;
  let last = tokens.length - 1;
  while (first <= last && EVERYDAY_DIGITS.has(tokens[first]![0].toLowerCase())) first++;
  while (last >= first && EVERYDAY_DIGITS.has(tokens[last]![0].toLowerCase())) last--;
  return first > last ? [0, 0] : [tokens[first]!.index, tokens[last]!.index + tokens[last]![0].length];
}

/**
 * The runs in `text` that spell at least `min` digits with at least one word among them; with
 * `spacedDigits`, also digits typed one by one ("3 9 1 7"); with `pairs`, numbers of two digits said
 * as words too.
 */
export function spokenDigitRuns(text: string, min: number, spacedDigits = false, pairs = false): SpokenRun[] {
  const runs: SpokenRun[] = [];
  for (const found of text.matchAll(pairs ? PAIR_RUN : RUN)) {
    // "…583 921. Do not share": the run ends with its sentence.
    // "…saat do paanch ek hai": Hindi "hai" (is) ends a sentence; it says two only among Vietnamese digits.
    // "can we do 7 45": a run opens with no digit that is an English word.
    const lead = WORD_AT_START.exec(found[0])?.[0].length ?? 0;
    let said = found[0].slice(lead).replace(WORD_AT_END, '').replace(WORD_AFTER_DIGITS, '');
    if (!VIETNAMESE.test(said)) said = said.replace(HINDI_IS, '');
    const [from, to] = withoutEverydayEdges(said);
    if (from >= to) continue;
    said = said.slice(from, to);
    // "I tried 1234 three times": a number word before a count of times counts, it is no digit.
    const end = found.index + lead + from + said.length;
    if (TIMES_AFTER.test(text.slice(end, end + 24))) said = said.replace(LAST_WORD, '');
    let m = { index: found.index + lead + from, 0: said };
    // Among Portuguese digits, "um" says one, before, inside or after them ("Um, nove, zero, zero").
    const before = UM_BEFORE.exec(text.slice(Math.max(0, m.index - 12), m.index))?.[0] ?? '';
    const after = UM_AFTER.exec(text.slice(m.index + said.length, m.index + said.length + 12))?.[0] ?? '';
    const portuguese =
      (before !== '' || after !== '' || UM.test(said)) &&
      (PORTUGUESE.test(said) || PORTUGUESE_AROUND.test(text.slice(Math.max(0, m.index - 200), m.index + said.length + 200)));
    if (portuguese) m = { index: m.index - before.length, 0: before + said + after };
    // Thai writes its vowels and tones as marks: "หนึ่ง" is one word; "arba'a" and Arabic chat's "sab3a" and "wa7ed" are one too.
    const tokens = [...m[0].toLowerCase().matchAll(/[\p{L}\p{M}]+(?:['’37][\p{L}\p{M}]+)*|\d+/gu)];
    const words = tokens.map((t) => t[0]);
    const spaced = spacedDigits && words.every((w) => /^\d$/.test(w));
    if (!spaced && !words.some(isNumberWord)) continue;
    let digits = '';
    // Where the speaker corrected themselves: the number is what comes after, if long enough on its own.
    let corrected: number | null = null;
    // Where the group being said began (after a comma or a dot), and what came before the group a correction put right.
    let groupStart = 0;
    let kept = '';
    let repeat = 1;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const previous = tokens[i - 1];
      if (previous && !SEPARATOR_WORDS.has(w) && /[,.…]/.test(m[0].slice(previous.index + previous[0].length, tokens[i]!.index))) groupStart = digits.length;
      if (w === 'double' || w === 'triple' || w === 'treble') repeat = w === 'double' ? 2 : 3;
      else if (w === 'um' && portuguese) digits += '1';
      else if (CORRECTIONS.has(w)) {
        corrected = digits.length;
        kept = digits.slice(0, groupStart);
      } else if (w === 'on' && words[i - 1] === 'hang') continue;
      else if (SEPARATOR_WORDS.has(w) || w === 'cent' || w === 'cents') continue;
      else if (pairs && w in HUNDREDS) {
        // "cuatrocientos doce" is 412, "novecientos ocho" 908, "ciento treinta y dos" 132.
        const unit = nonZeroDigit(words[i + 1]);
        const rest = spanishPair(words, i + 1) ?? (unit === null ? null : { value: unit, next: i + 2 });
        digits += String(HUNDREDS[w]! + (rest?.value ?? 0)).padStart(3, '0');
        i = (rest?.next ?? i + 1) - 1;
      } else if (pairs && opensCompound(words, i)) {
        const number = compoundNumber(words, i);
        digits += number.digits;
        i = number.next - 1;
      } else if (pairs && (w in SPANISH_PAIRS || w in SPANISH_TENS)) {
        const pair = spanishPair(words, i)!;
        digits += String(pair.value);
        i = pair.next - 1;
      } else if (pairs && /^cents?$/.test(words[i + 1] ?? '') && nonZeroDigit(w) !== null) {
        // "huit cent quarante-deux" is 842, "deux cents" 200.
        const rest = opensFrenchPair(words, i + 2) ? frenchPair(words, i + 2) : null;
        const unit = rest ? null : nonZeroDigit(words[i + 2]);
        digits += String(nonZeroDigit(w)! * 100 + (rest?.value ?? unit ?? 0)).padStart(3, '0');
        i = rest ? rest.next - 1 : unit !== null ? i + 2 : i + 1;
      } else if (pairs && opensFrenchPair(words, i)) {
        const pair = frenchPair(words, i);
        digits += String(pair.value);
        i = pair.next - 1;
      } else if (w in TENS) {
        // "thirty-four" is 34, "thirty" alone 30.
        const next = words[i + 1];
        const unit = nonZeroDigit(next);
        digits += TENS[w]! + String(unit ?? 0);
        if (unit) i++;
      } else {
        digits += (TEENS[w] ?? UNITS[w] ?? w).repeat(repeat);
        repeat = 1;
      }
    }
    let meant: string | undefined;
    if (corrected !== null) {
      const after = digits.slice(corrected);
      // Said again from its start ("zero eight one... hang on, zero eight zero one"), or a group put right.
      meant = after.length >= min || after.length >= corrected ? after : kept + after;
      if (after.length >= min) digits = after;
    }
    if (digits.length >= min)
      runs.push({ start: m.index, end: m.index + m[0].length, digits, ...(meant === undefined ? {} : { meant }), ...(spaced ? { typed: true } : {}) });
  }
  // Runs in German, Dutch, a Nordic language or Italian ("sju, to, fire, null", "null eins sieben zwo,
  // acht acht", "tre quattro sette, quarantacinque"): each takes the place of the shorter runs inside
  // it, and stands back for a longer one.
  for (const run of oneWordNumberRuns(text, min)) {
    const overlapping = runs.filter((r) => r.start < run.end && run.start < r.end);
    if (overlapping.some((r) => r.end - r.start > run.end - run.start)) continue;
    for (const r of overlapping) runs.splice(runs.indexOf(r), 1);
    runs.push(run);
  }
  // Their characters are no other run's.
  runs.push(...cjkDigitRuns(text, min));
  return runs.sort((a, b) => a.start - b.start);
}

/** Digits as Chinese and Japanese write them ("幺三九，零一七二", "ゼロゼロ四七、八八三一"), and Korean reads them ("공일공 사칠팔이"). */
const CJK_DIGITS: Record<string, string> = Object.fromEntries([
  ...[...'零一二三四五六七八九'].map((c, i) => [c, String(i)]),
  ['〇', '0'],
  ['ゼロ', '0'],
  ['幺', '1'],
  ['两', '2'],
  ...[...'공일이삼사오육칠팔구'].map((c, i) => [c, String(i)]),
  ['영', '0'],
]);
/** Four or more, with the marks that group them; Korean syllables that say digits are words too, so seven of them. */
const CJK_RUN =
  /(?:ゼロ|[零〇一二三四五六七八九幺两])(?:[、，,・ \t]{0,2}(?:ゼロ|[零〇一二三四五六七八九幺两])){3,40}|(?<![가-힣])[공영일이삼사오육칠팔구](?:[ \t,]{0,2}[공영일이삼사오육칠팔구]){6,40}/gu;

function cjkDigitRuns(text: string, min: number): SpokenRun[] {
  const runs: SpokenRun[] = [];
  for (const m of text.matchAll(CJK_RUN)) {
    const digits = (m[0].match(/ゼロ|[^、，,・ \t]/gu) ?? []).map((c) => CJK_DIGITS[c] ?? '').join('');
    if (digits.length >= min) runs.push({ start: m.index, end: m.index + m[0].length, digits });
  }
  return runs;
}

/** The Spanish number of two digits that starts at `words[i]` ("doce", "treinta y tres", "treinta" alone), and the index after it, or null. */
function spanishPair(words: readonly string[], i: number): { value: number; next: number } | null {
  const w = words[i];
  if (w !== undefined && w in SPANISH_PAIRS) return { value: SPANISH_PAIRS[w]!, next: i + 1 };
  if (w === undefined || !(w in SPANISH_TENS)) return null;
  const unit = words[i + 1] === 'y' ? nonZeroDigit(words[i + 2]) : null;
  return { value: SPANISH_TENS[w]! + (unit ?? 0), next: unit === null ? i + 1 : i + 3 };
}

/** A ten said "on" before a unit, in Turkish. */
const turkishTen = (words: readonly string[], i: number): boolean => words[i] === 'on' && nonZeroDigit(words[i + 1]) !== null;
/** Whether a number in hundreds, tens and units (`COMPOUND_HUNDREDS`) starts at `words[i]`. */
const opensCompound = (words: readonly string[], i: number): boolean => {
  const w = words[i]!;
  return w in COMPOUND_HUNDREDS || MULTIPLIED_HUNDRED.has(w) || MULTIPLIED_HUNDRED.has(words[i + 1] ?? '') || w in COMPOUND_TENS || turkishTen(words, i);
};

/** The number below a thousand that starts at `words[i]` ("beş yüz otuz iki", "sto osiemnaście", "сорок"), as its digits, and the index after it. */
function compoundNumber(words: readonly string[], i: number): { digits: string; next: number } {
  let at = i;
  let hundreds: number | null = null;
  const first = words[at]!;
  if (first in COMPOUND_HUNDREDS || MULTIPLIED_HUNDRED.has(first)) {
    hundreds = COMPOUND_HUNDREDS[first] ?? 100;
    at++;
  } else if (MULTIPLIED_HUNDRED.has(words[at + 1] ?? '') && nonZeroDigit(first) !== null) {
    hundreds = nonZeroDigit(first)! * 100;
    at += 2;
  }
  const w = words[at];
  const ten = w === undefined ? null : turkishTen(words, at) ? 10 : (COMPOUND_TENS[w] ?? null);
  if (ten !== null) at++;
  // A unit after a ten or a hundred, not after a teen ("osiemnaście").
  const unit = (ten !== null && ten % 10 === 0 && (ten > 10 || w === 'on')) || (ten === null && hundreds !== null) ? nonZeroDigit(words[at]) : null;
  if (unit !== null) at++;
  const value = (hundreds ?? 0) + (ten ?? 0) + (unit ?? 0);
  return { digits: String(value).padStart(hundreds === null ? 2 : 3, '0'), next: at };
}

/** Whether a French number of two digits starts at `words[i]`: a teen, a ten, or the "quatre" of "quatre-vingt". */
const opensFrenchPair = (words: readonly string[], i: number): boolean => {
  const w = words[i];
  return w !== undefined && (w in FRENCH_TEENS || w in FRENCH_TENS || (w === 'quatre' && /^vingts?$/.test(words[i + 1] ?? '')));
};

/** The French number of two digits that starts at `words[i]` ("soixante dix huit", "quatre vingt douze", "vingt et un"), and the index after it. */
function frenchPair(words: readonly string[], i: number): { value: number; next: number } {
  // Ten to nineteen from `words[j]`: "douze", "dix sept".
  const teen = (j: number): { value: number; next: number } | null => {
    const w = words[j];
    if (w === undefined || !(w in FRENCH_TEENS)) return null;
    const u = w === 'dix' ? nonZeroDigit(words[j + 1]) : null;
    return u !== null && u >= 7 ? { value: 10 + u, next: j + 2 } : { value: FRENCH_TEENS[w]!, next: j + 1 };
  };
  const w = words[i]!;
  if (w in FRENCH_TEENS) return teen(i)!;
  const [base, at] = w === 'quatre' ? [80, i + 2] : [FRENCH_TENS[w]!, i + 1];
  // Sixty and eighty count on to ninety-nine with the teens: "soixante-dix-huit", "quatre-vingt-douze".
  const t = base === 60 || base === 80 ? teen(at) : null;
  if (t) return { value: base + t.value, next: t.next };
  const j = words[at] === 'et' ? at + 1 : at;
  const u = nonZeroDigit(words[j]);
  return u !== null ? { value: base + u, next: j + 1 } : { value: base, next: at };
}
