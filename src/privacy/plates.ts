import { referenceBefore } from './codes.ts';
import { digitOfWord } from './spoken.ts';
import { type Found, isPlaceholder, replaceSpans } from './substitute.ts';

/**
 * Licence plates, found near what names them: after "plate", "tag" or "registration" (any case,
 * letters spelled one by one, digits written or said), or in a sentence about a vehicle ("my car is
 * the silver civic BXKJ 442", capitals only). A plate is 4 to 10 letters and digits with at least one
 * of each, in one to eight groups; letters may be said in the NATO alphabet.
 */
const STRONG =
  /(?<![\p{L}])(?:(?<!(?:driving|driver['’]?s|drivers)[ \t]{1,8})licen[cs]e(?:[ \t]{1,8}plates?|(?![ \t]{1,8}(?:expired|expires|expiry|expiring|key|keys|error|server|renewal|renew|renewed|check|is[ \t]{1,8}expired|has[ \t]{1,8}expired)(?![\p{L}])))|plates?(?:[ \t]{1,8}(?:number|no\.?|#))?|(?:vehicle|car)[ \t]{1,8}(?:number|no\.?|#)|tags?|registration(?:[ \t]{1,8}number)?|reg(?:[ \t]{1,8}(?:number|no\.?))?|rego|immatriculation|plaque|matr[ií]cula|placas?|kennzeichen|nummernschild|kenteken|targa|rejestracja|numer[ \t]{1,8}rejestracyjny|registreringsnummer|regnr\.?|regnummer|nummerpl[åa]t(?:en)?|nummerplade|kjennemerke|rekisterinumero|rekkari|skilt|spz|bi[ểe]n[ \t]{1,8}s[ốo](?:[ \t]{1,8}xe)?|nanb[aā]{1,2}(?:[ \t]{1,8}pur[eē]{1,2}to)?|beonhopan|b[íi]ln[úu]mer(?:i[ðd])?|numbrim[äa]rk|rekisteritunnus|plaka(?:n[ıi]z|m|s[ıi])?|rendsz[áa]m(?:a|ot)?|[îi]nmatriculare|πινακίδα|αριθμ[όο]ς[ \t]{1,8}κυκλοφορ[ίι]ας)(?![\p{L}])/giu;
const VEHICLE_WORDS =
  'car|cars|truck|jeep|van|suv|vehicle|minivan|pickup|sedan|hatchback|motorcycle|parked|parking|tow|towed|towing|civic|corolla|camry|accord|rav4|cr-v|f-150|f150|silverado|tesla|honda|toyota|ford|chevy|chevrolet|nissan|hyundai|kia|mazda|subaru|bmw|audi|mercedes|volkswagen|vw|lexus|acura|dodge|ram|gmc|jeep|voiture|coche|carro|wagen|bil|bilen|samoch[óo]d|macchina|ute|' +
  // Other languages' words for a car, a van or a motorbike, and for parking it.
  'autos|autoa|auton|autoni|autó|autóm|autóval|fahrzeug|voertuig|véhicule|vehículo|veículo|veicolo|pojazd|vozidlo|araba|arabam|aracım|mobil|kereta|kotse|sasakyan|gaadi|kocsi|camioneta|furgoneta|bakkie|' +
  'parkplatz|parkeerplaats|parkering|parkeringen|parcheggio|estacionamiento|aparcamiento|estacionamento|parkoló|otopark|parkir|geparkeerd|geparkt|parkiert|stationnée?|garée?|aparcado|estacionado|estacionei|parcheggiato|parcheggiata|zaparkowa(?:ny|łem|łam)|parkeret|parkerad|parkerat|pysäköin(?:ti|yt|nyt)|ma[șs]in[aă]|parcat|parcare|αυτοκ[ίι]νητο|αυτοκινήτου|πάρκινγκ';
const VEHICLE = new RegExp(String.raw`(?<![\p{L}])(?:${VEHICLE_WORDS})(?![\p{L}-])`, 'giu');
/** "auto" where it is a car: before a plate or a stop, or after another language's article ("mijn auto"; not "auto login"). */
const AUTO =
  /(?<![\p{L}])(?:[Aa]uto(?=[ \t]*(?:[,.:;!?()]|$)|[ \t]{1,3}[\p{Lu}\p{N}][\p{Lu}\p{N}-]*(?![\p{L}]))|(?<=(?:[Mm]ijn|[MmZz]['’]n|[Dd]e|[Hh]et|[Ee]en|[Dd]ie|[Dd]as|[Mm]ein(?:e|em|en)?|[Ii]hre?|[Ll]['’]|[Ll]a|[Mm]ia|[Ss]ua|[Mm]oj[ea]|[Mm]oim|[Mm]inun)[ \t]{1,3})[Aa]uto(?![\p{L}-]))/gmu;
/** The spelling alphabet's words, each with the letter it says ("kilo" is K). */
export const NATO: Record<string, string> = Object.fromEntries(
  'alpha alfa bravo charlie delta echo foxtrot golf hotel india juliet juliett kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey whisky xray x-ray yankee zulu'
    .split(' ')
    .map((w) => [w, w[0]!.toUpperCase()]),
);
/**
 * Other languages' spelling alphabets, read after a plate's cue: German ("Martha", "Zeppelin"), Swedish
 * ("Kalle", "Xerxes"), Dutch ("Gerard", "Nico") and Italian, which spells with cities ("Genova", "Roma").
 */
const SPELLING_WORDS: Record<string, string> = Object.fromEntries(
  (
    'anton berta cäsar dora emil friedrich gustav heinrich ida julius kaufmann ludwig martha nordpol otto paula quelle richard samuel siegfried theodor ulrich viktor wilhelm xanthippe ypsilon zacharias zeppelin ' +
    'adam bertil caesar david erik filip helge ivar johan kalle ludvig martin niklas olle petter qvintus rudolf sigurd tore urban xerxes yngve zäta ' +
    'bernard cornelis dirk eduard ferdinand gerard hendrik izaak johannes karel lodewijk marie nico pieter quirinius simon theodoor utrecht victor willem zaandam ' +
    'ancona bologna como domodossola empoli firenze genova imola jolly kappa livorno milano napoli otranto palermo quarto roma savona torino udine venezia xeres york zara'
  )
    .split(' ')
    .map((w) => [w, w[0]!.toUpperCase()]),
);
/** Said while a plate is read out: "S L K one two three four, uh, Z", "…, then seven", "M-Z, dann drei…". */
const FILLERS = new Set(['uh', 'um', 'er', 'erm', 'eh', 'äh', 'ähm', 'euh', 'then', 'dann', 'dan', 'puis', 'luego', 'poi', 'sedan', 'dash', 'and']);
/** "K as in kilo", "M wie Martha", "G van Gerard", "B comme Bernard", "C como casa", "P jak Paweł": the word after says the letter before. */
const SPELLED_AS = new Set(['wie', 'van', 'comme', 'como', 'come', 'jak', 'som']);
/** A make or model is never a plate: "silver rav4". */
const VEHICLE_WORD = new RegExp(`^(?:${VEHICLE_WORDS})$`, 'iu');
/** A time of day or a span of them, as one token: "7pm", "6-8pm", "10pm-12am". */
const TIME = /^(?:\d{1,2}(?:am|pm)?-)?\d{1,2}(?:am|pm)$/i;
const BRITISH = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}[ \t]?[A-Z]{3}(?![\p{L}\p{N}])/gu;
/** A German registration: district, dash, one or two letters, up to four digits ("M-AB 1234", "HH-K 42E"). */
const GERMAN = /(?<![\p{L}\p{N}-])[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}[ ]?\d{1,4}[EH]?(?![\p{L}\p{N}-])/gu;
/**
 * Other registrations whose shape is theirs alone: Belgian ("1-GHT-406"), Indian, a state's code first
 * ("MH 02 DY 4481"), French, Italian or Argentine ("AB-123-CD", "AB 123 CD"), Spanish, Swiss and Russian.
 */
const INDIAN_STATES = 'AN|AP|AR|AS|BR|CG|CH|DD|DL|DN|GA|GJ|HP|HR|JH|JK|KA|KL|LA|LD|MH|ML|MN|MP|MZ|NL|OD|OR|PB|PY|RJ|SK|TN|TR|TS|UK|UP|WB';
const SWISS_CANTONS = 'AG|AI|AR|BE|BL|BS|FR|GE|GL|GR|JU|LU|NE|NW|OW|SG|SH|SO|SZ|TG|TI|UR|VD|VS|ZG|ZH';
/** What names a shaped value as something else: an error, a model, a serial number ("error E-04-A"). */
const NAMED_AS_OTHER = /(?<![\p{L}])(?:error|err|fehler|erreur|model|modell|modelo|serial|s\/n|sn)[ \t:#.]{0,4}$/iu;
/** Greek letters that look Latin, the only ones Greek plates use. */
const GREEK_LETTER = '[ΑΒΕΗΙΚΜΝΟΡΤΥΧΖ]';
/** A Romanian plate's three letters, no Q and never beginning with I or O. */
const ROMANIAN_LETTERS = '(?!PRO|MAX|XL[ST])[A-HJ-NP-Z][A-PR-Z]{2}';
/** Russian letters that look Latin, the only ones Russian plates use. */
const RUSSIAN_LETTER = '[АВЕКМНОРСТУХ]';
const SHAPED = new RegExp(
  String.raw`(?<![\p{L}\p{N}-])(?:[1-9]-[A-Z]{3}-\d{3}|(?:${INDIAN_STATES})[ -]?\d{1,2}[ -]?[A-Z]{1,3}[ -]?\d{4}|[A-Z]{2}([ -])\d{3}\1[A-Z]{2}|` +
    // Spanish ("4581 HGR": no vowels), Swiss ("ZH 498 712") and Russian ("М 482 КР 197").
    String.raw`\d{4}[ -]?(?!HRS|MPH|KPH|RPM|PTS|GMT|BST|CST|PST|MST|FPS|DPI|PPM|LBS|YDS)[BCDFGHJKLMNPRSTVWXYZ]{3}|(?:${SWISS_CANTONS})[ ]\d{3}[ ]?\d{3}|${RUSSIAN_LETTER}[ ]?\d{3}[ ]?${RUSSIAN_LETTER}{2}[ ]?\d{2,3}|` +
    // Dutch or Portuguese in three groups ("5-TXP-82", "GB-123-X", "AA-12-BB"), Romanian ("CJ 48 XRT"), Greek ("ΙΚΧ 4821"), Mercosur ("ABC1D23").
    String.raw`\d{1,3}-[A-Z]{1,3}-\d{1,3}|[A-Z]{1,3}-\d{1,3}-[A-Z]{1,3}|(?:B|[A-Z]{2})[ ]\d{2,3}[ ]${ROMANIAN_LETTERS}|${GREEK_LETTER}{3}[ -]?\d{4}|[A-Z]{3}\d[A-Z]\d{2})(?![\p{L}\p{N}-])`,
  'gu',
);
const TOKEN = /(?<!['’])[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*|\[[a-z]+\]/gu;

export function redactPlates(text: string, found: Found): string {
  const spans: [number, number][] = [];
  for (const cue of text.matchAll(STRONG)) {
    const from = cue.index + cue[0].length;
    // 60 characters, to the end of the word there.
    const to = from + 60 + (/^[\p{L}\p{N}-]*/u.exec(text.slice(from + 60, from + 80))?.[0].length ?? 0);
    scan(text, from, Math.min(text.length, to), true, spans);
    // A plate named after it, in capitals: "put in BKXR 442 for the ontario plate".
    const before = text.slice(Math.max(0, cue.index - 40), cue.index);
    const stop = Math.max(...['. ', '! ', '? ', '\n'].map((s) => before.lastIndexOf(s)));
    scan(text, cue.index - before.length + (stop < 0 ? 0 : stop + 1), cue.index, false, spans);
  }
  // A British, a German or another shaped registration has a shape no other value has: "MA16 PZY", "M-AB 1234".
  for (const shape of [BRITISH, GERMAN, SHAPED]) {
    for (const m of text.matchAll(shape))
      if (!NAMED_AS_OTHER.test(text.slice(Math.max(0, m.index - 16), m.index))) spans.push([m.index, m.index + m[0].length]);
  }
  for (const cue of [...text.matchAll(VEHICLE), ...text.matchAll(AUTO)]) {
    const [from, to] = sentenceAround(text, cue.index);
    scan(text, from, to, false, spans);
  }
  return replaceSpans(text, spans, 'plate', found);
}

function sentenceAround(text: string, at: number): [number, number] {
  const before = text.slice(Math.max(0, at - 120), at);
  const stop = Math.max(before.lastIndexOf('. '), before.lastIndexOf('! '), before.lastIndexOf('? '), before.lastIndexOf('\n'));
  const from = stop < 0 ? Math.max(0, at - 120) : at - before.length + stop + 1;
  // This sentence and the next: "…not even my car. mine is 6TRF 552".
  const stops = [...text.slice(at, at + 240).matchAll(/[.!?](?:\s|$)|\n/g)];
  return [from, at + (stops[1]?.index ?? Math.min(text.length - at, 240))];
}

/** What a token adds to a plate: its letters and digits, or null when it cannot be part of one. */
function plateChars(token: string, strong: boolean): string | null {
  if (isPlaceholder(token) || VEHICLE_WORD.test(token)) return null;
  const bare = token.replace(/-/g, '');
  // A hexadecimal constant is an error code ("0x80070005"), never a plate; nor is a time ("7pm", "10pm-12am").
  if (bare.length > 10 || /^0x[\da-f]+$/i.test(bare) || TIME.test(token)) return null;
  const lower = bare.toLowerCase();
  if (strong && FILLERS.has(lower)) return '';
  // Digits said in any language spoken.ts reads, "oh" for zero ("four oh", "drei", "jeden").
  if (strong && (lower === 'oh' || digitOfWord(lower) !== undefined)) return lower === 'oh' ? '0' : digitOfWord(lower)!;
  if (strong && Object.hasOwn(NATO, lower)) return NATO[lower]!;
  // Other languages' spelling alphabets ("Kalle", "Martha").
  if (strong && /^\p{Lu}/u.test(token) && Object.hasOwn(SPELLING_WORDS, lower)) return SPELLING_WORDS[lower]!;
  // Read out with dashes between: "eight-B-N-Q-five-five-zero".
  if (strong && token.includes('-')) {
    const parts = token.split('-').map((part) => plateChars(part, strong));
    if (parts.every((part) => part !== null)) return parts.join('');
  }
  if (/^\p{N}+$/u.test(bare)) return bare;
  // One letter, as plates are written (not "è", "é": "la targa è…").
  if (/^(?:[A-Za-z]|\p{Script=Cyrillic})$/u.test(bare) && (strong || /\p{Lu}/u.test(bare))) return bare;
  if (/^[\p{Lu}\p{N}]+$/u.test(bare)) return bare;
  if (strong && /\p{N}/u.test(bare) && /\p{L}/u.test(bare)) return bare;
  return null;
}

/**
 * Read out, a plate says a letter by a word ("K as in kilo", "M wie Martha": the words say nothing
 * more) and a repeated digit with "double" or "triple" ("double four" is 44).
 */
export type Token = { start: number; end: number; chars: string | null; spelling?: boolean };
function spellOut(text: string, tokens: Token[]): void {
  for (let i = 0; i < tokens.length - 1; i++) {
    const word = text.slice(tokens[i]!.start, tokens[i]!.end).toLowerCase();
    const next = tokens[i + 1]!;
    const single = tokens[i - 1]?.chars?.length === 1;
    if (single && word === 'as' && text.slice(next.start, next.end).toLowerCase() === 'in' && i + 2 < tokens.length) {
      for (const t of tokens.slice(i, i + 3)) {
        t.chars = '';
        t.spelling = true;
      }
      i += 2;
    } else if (single && SPELLED_AS.has(word)) {
      tokens[i]!.chars = '';
      next.chars = '';
      tokens[i]!.spelling = next.spelling = true;
      i++;
    } else if ((word === 'double' || word === 'triple') && next.chars?.length === 1) {
      tokens[i]!.chars = '';
      next.chars = next.chars.repeat(word === 'double' ? 2 : 3);
      i++;
    }
  }
}

/**
 * The tokens of [from, to), each with the letters and digits it says read out as a plate is (null:
 * none); `strong`, after a plate's cue, also digits and letters said as words ("M wie Martha", "four oh").
 */
export function readOut(text: string, from: number, to: number, strong: boolean): Token[] {
  const tokens: Token[] = [...text.slice(from, to).matchAll(TOKEN)].map((m) => ({
    start: from + m.index,
    end: from + m.index + m[0].length,
    chars: plateChars(m[0], strong),
  }));
  if (strong) spellOut(text, tokens);
  return tokens;
}

/** The longest runs of plate-like tokens in [from, to) that make a plate, added to `spans`. */
function scan(text: string, from: number, to: number, strong: boolean, spans: [number, number][]): void {
  const tokens = readOut(text, from, to, strong);
  for (let i = 0; i < tokens.length; i++) {
    let chars = '';
    let best = -1;
    if (tokens[i]!.chars === '') continue;
    for (let j = i; j < tokens.length && j < i + 12; j++) {
      const t = tokens[j]!;
      if (t.chars === null || (j > i && !/^[ \t,-]{0,8}$/.test(text.slice(tokens[j - 1]!.end, t.start)))) break;
      chars += t.chars;
      if (chars.length > 10) break;
      if (t.chars !== '' && chars.length >= 4 && /\p{L}/u.test(chars) && /\p{N}/u.test(chars)) best = j;
    }
    // The words that say the last letter go with it: "…N van Nico".
    while (best >= 0 && tokens[best + 1]?.spelling && /^[ \t,-]{0,8}$/.test(text.slice(tokens[best]!.end, tokens[best + 1]!.start))) best++;
    // What a booking or an order is called is its reference, never a plate ("Booking SYD-2210"): a run
    // there is dropped and the next token may start one.
    if (best >= 0 && !referenceBefore(text, tokens[i]!.start)) {
      spans.push([tokens[i]!.start, tokens[best]!.end]);
      i = best;
    }
  }
}
