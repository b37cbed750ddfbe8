import { DIGITS_IN } from './digit-words.ts';
import { distinctWords } from './substitute.ts';

/**
 * Numbers from zero to ninety-nine said in German, Dutch, Danish, Norwegian, Swedish or Italian,
 * each one word as those languages write them: "neunundsiebzig" (79), "tweeëntwintig" (22),
 * "femogfyrre" (45), "trettifire" (34), "sextiosju" (67), "quarantacinque" (45), "trentotto" (38).
 * Phone numbers and codes are read out in them two digits at a time as often as one.
 */
/**
 * `join`: the word between a unit and the ten after it ("drei-und-zwanzig"); null where the ten comes
 * first ("tretti-fire"). `elides`: the ten drops its last vowel before a unit that starts with one
 * ("vent-uno", "trent-otto").
 */
type Language = { units: readonly string[]; teens: string[]; tens: string[]; join: string | null; elides?: boolean };

const LANGUAGES: Language[] = [
  {
    // German; "zwo" is how a phone number says two, "ein" the one of "einundzwanzig".
    units: DIGITS_IN.de,
    teens: ['zehn', 'elf', 'zwölf', 'dreizehn', 'vierzehn', 'fünfzehn', 'sechzehn', 'siebzehn', 'achtzehn', 'neunzehn'],
    tens: ['zwanzig', 'dreißig', 'vierzig', 'fünfzig', 'sechzig', 'siebzig', 'achtzig', 'neunzig'],
    join: 'und',
  },
  {
    units: DIGITS_IN.nl,
    teens: ['tien', 'elf', 'twaalf', 'dertien', 'veertien', 'vijftien', 'zestien', 'zeventien', 'achttien', 'negentien'],
    tens: ['twintig', 'dertig', 'veertig', 'vijftig', 'zestig', 'zeventig', 'tachtig', 'negentig'],
    join: 'en',
  },
  {
    // Danish counts its tens in scores: "halvtreds" is 50, "firs" 80.
    units: ['nul', 'en', 'to', 'tre', 'fire', 'fem', 'seks', 'syv', 'otte', 'ni'],
    teens: ['ti', 'elleve', 'tolv', 'tretten', 'fjorten', 'femten', 'seksten', 'sytten', 'atten', 'nitten'],
    tens: ['tyve', 'tredive', 'fyrre', 'halvtreds', 'tres', 'halvfjerds', 'firs', 'halvfems'],
    join: 'og',
  },
  {
    units: ['null', 'en', 'to', 'tre', 'fire', 'fem', 'seks', 'sju', 'åtte', 'ni'],
    teens: ['ti', 'elleve', 'tolv', 'tretten', 'fjorten', 'femten', 'seksten', 'sytten', 'atten', 'nitten'],
    tens: ['tjue', 'tretti', 'førti', 'femti', 'seksti', 'sytti', 'åtti', 'nitti'],
    join: null,
  },
  {
    units: ['noll', 'ett', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio'],
    teens: ['tio', 'elva', 'tolv', 'tretton', 'fjorton', 'femton', 'sexton', 'sjutton', 'arton', 'nitton'],
    tens: ['tjugo', 'trettio', 'fyrtio', 'femtio', 'sextio', 'sjuttio', 'åttio', 'nittio'],
    join: null,
  },
  {
    // Italian writes "tré" at the end of a compound ("ventitré"), and often "tre".
    units: DIGITS_IN.it,
    teens: ['dieci', 'undici', 'dodici', 'tredici', 'quattordici', 'quindici', 'sedici', 'diciassette', 'diciotto', 'diciannove'],
    tens: ['venti', 'trenta', 'quaranta', 'cinquanta', 'sessanta', 'settanta', 'ottanta', 'novanta'],
    join: null,
    elides: true,
  },
];

/** Every such word with the digits it says: "neunundsiebzig" → "79", "sju" → "7". */
const VALUES = new Map<string, string>([
  ['zwo', '2'],
  ['syv', '7'],
  ['en', '1'],
  // Danish and Norwegian "et": one, of a neuter noun.
  ['et', '1'],
]);
for (const { units, teens, tens, join, elides } of LANGUAGES) {
  units.forEach((w, d) => VALUES.set(w, String(d)));
  teens.forEach((w, d) => VALUES.set(w, String(10 + d)));
  tens.forEach((ten, t) => {
    VALUES.set(ten, `${t + 2}0`);
    units.forEach((unit, d) => {
      if (d === 0) return;
      const u = unit === 'eins' ? 'ein' : unit;
      const first = elides && /^[aeiou]/.test(u) ? ten.slice(0, -1) : ten;
      // Dutch writes "ën" after a vowel ("tweeëntwintig"), Swedish "en" for "ett" ("tjugoen"), Italian "tré" last.
      const words =
        join !== null
          ? [`${u}${join}${ten}`, ...(join === 'en' ? [`${u}ën${ten}`] : [])]
          : [`${first}${u}`, `${first}${u === 'ett' ? 'en' : u === 'tre' && elides ? 'tré' : u}`];
      for (const w of words) VALUES.set(w, `${t + 2}${d}`);
    });
  });
}
// The Swiss write "ss" for "ß": "dreissig".
for (const [w, v] of [...VALUES]) if (w.includes('ß')) VALUES.set(w.replace('ß', 'ss'), v);
/** Words that are English too, or said in other languages for other things: a run needs a word besides them. */
const AMBIGUOUS = new Set([
  'et',
  'to',
  'fire',
  'en',
  'ni',
  'sex',
  'elf',
  'ti',
  'tre',
  'tres',
  'tio',
  'null',
  'nul',
  'een',
  'acht',
  'vier',
  'drei',
  'zwei',
  'eins',
  'neun',
  'tien',
  'zes',
  // Italian words other languages say too: "due", "sei", "uno", "nove", "venti".
  'due',
  'sei',
  'uno',
  'nove',
  'venti',
  'zero',
]);

/** The digits a word of these languages says ("åttiotvå" → "82", "fem" → "5"), or undefined. */
export const numberOfWord = (word: string): string | undefined => VALUES.get(word.toLowerCase());

export type WordRun = { start: number; end: number; digits: string };

const TOKEN = /[\p{L}]+|\d{1,4}/gu;
/** What may lie between two numbers of a run: spaces, a comma, a dot or a dash. */
const GAP = /^[ \t]{0,8}[,.–-]?[ \t]{0,8}$/;

/** Words of Danish, Norwegian and Swedish that English does not use: two of them around a run make it Nordic. */
const NORDIC =
  /(?<![\p{L}])(?:ikke|ikkje|inte|jeg|jag|hedder|heter|hej|hei|tak|takk|tack|koden|nummeret|numret|mitt|virker|fungerer|fungerar|och|og|är|på|hvad|hva|vad)(?![\p{L}])/giu;
const isNordic = (around: string): boolean => distinctWords(around, NORDIC) >= 2;

/**
 * The runs of three numbers or more said in these languages (digits typed among them count) that
 * spell at least `min` digits, each with at least one word no other language here says the same way,
 * or said in words that English has too ("fire to fire to") among Danish, Norwegian or Swedish.
 */
export function oneWordNumberRuns(text: string, min: number): WordRun[] {
  type Open = WordRun & { words: number; said: number; plain: boolean };
  const runs: WordRun[] = [];
  const finish = (r: Open | null) => {
    if (!r || r.words < 3 || r.digits.length < min) return;
    if (!r.plain || (r.said >= 3 && isNordic(text.slice(Math.max(0, r.start - 200), r.end + 200)))) runs.push({ start: r.start, end: r.end, digits: r.digits });
  };
  let run: Open | null = null;
  for (const m of text.matchAll(TOKEN)) {
    const word = m[0].toLowerCase();
    const typed = /^\d/.test(word);
    const value = typed ? word : VALUES.get(word);
    if (value === undefined) {
      finish(run);
      run = null;
      continue;
    }
    const plain = typed || AMBIGUOUS.has(word);
    const end = m.index + m[0].length;
    if (run && m.index > run.end && GAP.test(text.slice(run.end, m.index))) {
      run.end = end;
      run.digits += value;
      run.words++;
      if (!typed) run.said++;
      run.plain &&= plain;
    } else {
      finish(run);
      run = { start: m.index, end, digits: value, words: 1, said: typed ? 0 : 1, plain };
    }
  }
  finish(run);
  return runs;
}
