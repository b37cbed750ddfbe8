import { referenceBefore } from './codes.ts';
import { MONTH_OR_YEAR } from './dates.ts';
import { DIGIT_WORD } from './spoken.ts';
import { type Found, replaceSpans, substitute } from './substitute.ts';

/**
 * Street addresses: a house number, a street's name and type ("123 Main St Apt 4B"), or a French,
 * Québec or Spanish street word before the name ("12 rue de la Paix", "1500 boul. René-Lévesque
 * Ouest", "calle Mayor 5"), with a unit before or after and the city, state and postal code after;
 * post-office boxes; and postal codes whose shape is unmistakable (Canadian, British).
 */
const STREET_TYPES =
  'street|st|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl|highway|hwy|' +
  'parkway|pkwy|circle|cir|terrace|terr|ter|trail|trl|crt|cr|square|sq|crescent|cres|plaza|plz|pike|turnpike|tpke|' +
  'freeway|fwy|expressway|expy|close|mews|row|grove|gardens|gdns|hill|walk|parade|esplanade|promenade|quay|wharf|rise|vale|heights|green|park|broadway|' +
  'ridge|bend|loop|landing|crossing|hollow|meadows|lawn|lawns|view|manor|wynd|brae|straat|laan|rylaan';
const UNIT = String.raw`(?:(?:appartement|apartment|apartamento|departamento|apt|unit|suite|ste|flat|app|bureau|piso|apto|andar|wohnung|whg|dpto|depto|lot|bldg|building|int)(?![\p{L}])|#|m\.)`;

/** A house number said as words: "eighty eight", "twelve hundred", "one two three", "quatre cent douze", "mil seiscientos dos". */
const NUMBER_WORD =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|oh|' +
  'deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cents?|mille|' +
  'uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|' +
  'cien|ciento|doscientos|trescientos|cuatrocientos|quinientos|seiscientos|setecientos|ochocientos|novecientos|mil';
const SPOKEN_NUMBER = String.raw`(?<![\p{L}])(?:${NUMBER_WORD})(?:[ \t-]{1,8}(?:${NUMBER_WORD})){0,3}(?![\p{L}])`;
/** House number, one to four street-name words (or an ordinal such as 5th), a street type, a unit. */
const ADDRESS = new RegExp(
  String.raw`(?:${UNIT}\.?[ \t]{0,8}#?[a-z0-9-]{1,8},?[ \t]{1,8})?` +
    String.raw`(?<![\w$£€#.,/:-])(?:\d{1,6}[a-z]?(?:[-/]\d{1,6})?|${SPOKEN_NUMBER}),?[ \t]{1,8}` +
    String.raw`((?:(?:[\p{L}][\p{L}'’.-]*|\d{1,4}(?:st|nd|rd|th))[ \t]{1,8}){1,4})` +
    `(?:${STREET_TYPES})(?![\\p{L}\\p{N}_'’]|-[\\p{L}\\p{N}])` +
    String.raw`(?:[ \t]{1,8}(?:n|s|e|w|ne|nw|se|sw|north|south|east|west|northeast|northwest|southeast|southwest|upper|lower)\.?(?![\p{L}\p{N}/'’]))?` +
    String.raw`(?:\.?[ \t]{0,8},?[ \t]{0,8}${UNIT}\.?[ \t]{0,8}#?(?:${SPOKEN_NUMBER}(?:[ \t]{1,8}[a-z](?![\p{L}\p{N}]))?|[a-z0-9-]{1,8})(?![\p{L}\p{N}-]))?`,
  'giu',
);
/** What a number names when it follows: a bay, a room, a table. */
const NUMBERED_PLACE = /(?<![\p{L}])(?:bays?|bah[íi]a|baie|bane|room|table|sim|simulator|hole|tee)[ \t]{1,8}$/iu;
/** "3370 Kingsway", "1 Broadway": a one-word street whose name ends in "way". */
const WAY = new RegExp(String.raw`(?<![\w$£€#.,/:-])(?:\d{1,6}|${SPOKEN_NUMBER})[ \t]{1,8}\p{Lu}\p{Ll}+way(?![\p{L}])`, 'gu');
/** Either case of a word's first letter: the street word may open a sentence ("Calle Mayor 23"). */
const anyFirst = (words: string): string =>
  words
    .split('|')
    .map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`)
    .join('|');
/** A number said as words, its first word perhaps opening a sentence ("Quatre cent douze, rue…"), for the case-sensitive patterns. */
const SPOKEN_NUMBER_ANY_FIRST = String.raw`(?<![\p{L}])(?:${anyFirst(NUMBER_WORD)})(?:[ \t-]{1,8}(?:${NUMBER_WORD})){0,3}(?![\p{L}])`;
/** "12 rue de la Paix", "1500 boul. René-Lévesque Ouest", "4 chemin du Lac": the street word first. */
const ROMANCE_STREETS = anyFirst(
  'rue|avenue|av\\.?|boulevard|boul\\.?|bd\\.?|blvd\\.?|chemin|ch\\.?|route|rte\\.?|allée|allee|impasse|place|quai|rang|montée|montee|côte|cote|calle|avenida|avda\\.?|paseo|plaza|camino|carrera|via|viale|piazza',
);
const ADDRESS_ROMANCE = new RegExp(
  String.raw`(?<![\w$£€#.,/:-])(?:\d{1,6}[a-z]?(?:-\d{1,6})?|${SPOKEN_NUMBER_ANY_FIRST}),?[ \t]{1,8}(?:(?:de[ \t]{1,8}la|del|de)[ \t]{1,8})?` +
    `(?:${ROMANCE_STREETS})` +
    String.raw`((?:[ \t]{1,8}(?:de|du|des|la|le|l['’]|d['’]|del|de la|los|las|san|saint|st-|ste-)?[ \t]{0,8}[\p{Lu}\p{N}][\p{L}\p{N}'’.-]*){1,4})` +
    String.raw`(?:[ \t]{1,8}(?:ouest|est|nord|sud|west|east|north|south|o|e|n|s)\.?(?![\p{L}]))?`,
  'gu',
);
/** "calle Mayor 5", "Rua Augusta, 1508", "rue des Alliés 58" (Belgian), "Hauptstraße 12", "Eppendorfer Landstraße 47", "Berliner Straße 5", "Kungsgatan 14", "Hämeenkatu 21 A 4", "Andrássy út 47": a street name and then its number. */
const ADDRESS_NUMBER_AFTER = new RegExp(
  String.raw`(?<![\p{L}])(?:${anyFirst('calle|avenida|av\\.|via|viale|piazza|rua|ul\\.|ulica|aleja|al\\.|rue|chaussée')}|\p{Lu}\p{L}+(?:er|sche)[ \t]{1,8}(?:Straße|Strasse|Weg|Gasse|Platz|Allee|Ring|Damm|Ufer)|(?:\p{Lu}\p{L}+(?:er|sche)[ \t]{1,8})?[\p{Lu}][\p{L}]*(?:straße|strasse|weg|gasse|platz|allee|ring|damm|ufer|chaussee|pfad|steig|laan|straat|gracht|gatan|gata|vägen|veien|vej|gade|katu|tie|kuja|polku|väylä)|(?:\p{Lu}\p{L}+[ \t]{1,8}){1,3}(?:út|utca|körút|tér))[ \t]{1,8}(?:(?:de|del|la|los|das|do|da|dos|des|du|le)[ \t]{1,8})?(?:[\p{Lu}][\p{L}'’.-]*,?[ \t]{1,8}){0,3}(?:\d{1,5}[a-z]?(?:\/\d{1,4}){0,2}|${SPOKEN_NUMBER_ANY_FIRST})(?:,?[ \t]{0,8}\d{1,2}\.?[ºª]?[ \t]{0,8}[A-Z]?(?![\p{L}\p{N}]|-\d))?(?:[ \t]{1,8}m\.[ \t]{0,8}\d{1,4})?(?![\p{L}\p{N}])`,
  'gu',
);

/** What may follow an address, part by part: a unit, a city, a state or province, a postal code. */
const STATE_NAMES =
  'alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming|' +
  'alberta|british columbia|manitoba|new brunswick|newfoundland|nova scotia|ontario|prince edward island|quebec|québec|saskatchewan|yukon|northwest territories|nunavut|' +
  'new south wales|victoria|queensland|tasmania|western australia|south australia';
const STATE_CODES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|' +
  'AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|NSW|VIC|QLD|TAS|ACT';
/** "RR 2", "rural route two", "4418 Hwy 7", "forty-four eighteen Highway Seven": a road known by its number. */
const NUMBERED_ROAD = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:rural[ \t]{1,8}route|RR|R\.R\.)[ \t]{0,8}#?[ \t]{0,8}(?:\d{1,3}|${SPOKEN_NUMBER})(?:[ \t]{0,8},?[ \t]{0,8}(?:\d{1,6}|${SPOKEN_NUMBER}),?[ \t]{1,8}(?:\p{Lu}\p{Ll}{2,20}[ \t]{1,8})?(?:highway|hwy|route|rte|road|rd|concession|line|sideroad)\.?[ \t]{1,8}(?:\d{1,4}|${SPOKEN_NUMBER}))?|(?:\d{1,6}|${SPOKEN_NUMBER}),?[ \t]{1,8}(?:\p{Lu}\p{Ll}{2,20}[ \t]{1,8})?(?:highway|hwy|route|rte|county[ \t]{1,8}road|concession|sideroad)\.?[ \t]{1,8}(?:\d{1,4}|${SPOKEN_NUMBER}))(?![\p{L}\p{N}])`,
  'giu',
);

/** A pattern of lower-case words that matches them in any case, for a regular expression that must stay case-sensitive. */
const caseless = (words: string): string => words.replace(/\p{Ll}/gu, (c) => `[${c}${c.toUpperCase()}]`);
/**
 * Postal codes after an address: US ZIP, Canadian (written or said: "B three H two Y nine"), British, Irish Eircode, Australian,
 * Brazilian, Portuguese, Dutch ("3511 NR"), Indian ("560008", "560 008"), Swedish ("114 55") and Japanese ("150-0001").
 */
const POSTAL =
  String.raw`\d{5}-\d{3}|\d{5}(?:-\d{4})?|\d{4}-\d{3}|\d{3}-\d{4}|\d{2}-\d{3}|\d{6}|\d{3}[ \t]\d{3}|\d{3}[ \t]\d{2}|\d{4}[ \t]?[A-Z]{2}(?![\p{L}])|\d{4}|[A-Za-z]\d[A-Za-z][ \t-]?\d[A-Za-z]\d|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[AC-FHKNPRTV-Y]\d{2}[ \t]?[0-9AC-FHKNPRTV-Y]{4}|D6W[ \t]?[0-9AC-FHKNPRTV-Y]{4}` +
  String.raw`|[A-Za-z][ \t]{0,8}(?:\d|${caseless(DIGIT_WORD)})[ \t]{0,8}[A-Za-z],?[ \t]{1,8}(?:\d|${caseless(DIGIT_WORD)})[ \t]{0,8}[A-Za-z][ \t]{0,8}(?:\d|${caseless(DIGIT_WORD)})` +
  String.raw`|(?:(?:${caseless(DIGIT_WORD)})[ \t,]{1,8}){3,4}(?:${caseless(DIGIT_WORD)})`;
const STATE = String.raw`(?:\((?:${STATE_CODES})\)|(?:${STATE_CODES}|${caseless(STATE_NAMES)}|Co\.?[ \t]{1,8}\p{Lu}\p{L}+)(?![\p{L}]))`;
/** A word of a city's name: "St." and "Mt." abbreviated, any other word without a sentence's full stop ("schicken."). */
const TAIL_WORD = String.raw`(?:\p{Lu}\p{Ll}{0,2}\.|[\p{L}](?:[\p{L}'’-]|\.(?!\s))*)`;
const TAIL_PARTS = [
  // A rural delivery or route number: ", RD 2" (New Zealand), ", RR 3" (North America); a rural site and box: ", Site 14, Box 9"
  /[ \t]{0,8},?[ \t]{0,8}(?:RD|RR|[Ss]ite|[Bb]ox|[Cc]omp)[ \t]{1,8}\d{1,4}(?![\p{L}\p{N}])/uy,
  // A door's number after the house's, written on: "Kerkstraat 15-III", "Prinsengracht 263-2", "12-bis"
  /-(?:\d{1,4}|[IVX]{1,4}|hg|bis|ter)(?![\p{L}\p{N}-])/uy,
  // A floor and a side: "Rua das Flores 27, 3.º Esq.", "Calle Mayor 5, 2º izda", "1º andar"
  /[ \t]{0,8},?[ \t]{0,8}\d{1,2}\.?[ºª°](?:[ \t]{0,8}(?:esq|dto|dta|drt|fte|frente|andar|piso|izq|izda|izquierda|dcha|derecha|dr)\.?(?![\p{L}]))?/iuy,
  // ", suite 900", "unit two", ", app 12"
  new RegExp(
    String.raw`[ \t]{0,8},?[ \t]{0,8}${UNIT}\.?[ \t]{0,8}#?(?:[a-z0-9-]{1,8}|${SPOKEN_NUMBER}(?:[ \t]{1,8}[a-z](?![\p{L}\p{N}]))?)(?![\p{L}\p{N}-])`,
    'iuy',
  ),
  new RegExp(String.raw`(?:[ \t]{0,8},?[ \t]{0,8}|[ \t]{1,8}[-–][ \t]{1,8})(?:${STATE}|[A-Z]{2}(?=[ \t]{0,8},[ \t]{0,8}\d))`, 'uy'),
  // "28013 Madrid", "06600 Ciudad de México", "13002 Marseille Cedex 02", "80331 München schicken": a postal code and the city after it.
  new RegExp(
    String.raw`[ \t]{0,8},?[ \t]{0,8}(?:${POSTAL})(?![\p{L}\p{N}])(?:[ \t]{1,8}\p{Lu}[\p{L}'’-]+(?:[ \t]{1,8}(?:(?:de|del|la|le|am|an|der|sur)[ \t]{1,8})?\p{Lu}[\p{L}'’-]+){0,2}(?:[ \t]{1,8}(?:[NSVØK]|SV|NV)(?![\p{L}]))?(?:[ \t]{1,8}Cedex(?:[ \t]{1,8}\d{1,2})?)?(?=[ \t]{0,8}(?:[,.;!?)—–·|-]|$)|[ \t]{1,8}\p{Ll}))?`,
    'muy',
  ),
  // A city before a state or postal code, in any case ("springfield illinois"), within its sentence; or closing the phrase ("…, Sydney.").
  new RegExp(
    String.raw`(?:[ \t]{0,8},[ \t]{0,8}|[ \t]{1,8}in[ \t]{1,8}|[ \t]{1,8})${TAIL_WORD}(?:[ \t]{1,8}${TAIL_WORD}){0,2}(?:[ \t]{1,8}\d{1,2}(?!\d))?(?=[ \t]{0,8},?[ \t]{0,8}(?:${STATE}|(?:${POSTAL})(?![\p{L}\p{N}])))`,
    'uy',
  ),
  /(?:[ \t]{0,8},[ \t]{0,8}|[ \t]{1,8}in[ \t]{1,8})\p{Lu}[\p{L}'’-]+(?:[ \t]{1,8}\p{Lu}[\p{L}'’-]+){0,2}(?=[ \t]{0,8}(?:[,.;!?()]|$))/muy,
  // After a comma, a city the sentence goes on from: "…Kingsway, Vancouver with my cousin".
  /[ \t]{0,8},[ \t]{0,8}(?!(?:Thanks|Thank|Thx|Please|Pls|See|Cheers|Call|Text|Can|Could|Will|Would|And|But|So|Or|Is|It|I|We|My|The|This|That)(?![\p{L}]))\p{Lu}\p{Ll}[\p{L}'’-]*(?=[ \t]{1,8}\p{Ll})/uy,
];

/** Words that cannot be a street's name: "2 hours drive", "18 holes way", "4 players on the court". */
const NOT_STREET_NAME = new Set(
  (
    'a an the and or of to in on at for with from by is are was were be my your our their his her its this that ' +
    'it me we you they he she i so but if then than just very more most some any all no not up down out over ' +
    'hour hours hr hrs minute minutes min mins second seconds sec secs day days week weeks month months year years ' +
    'time times hole holes bay bays player players people person persons guy guys kid kids friend friends ' +
    'ball balls shot shots swing swings club clubs iron irons wood woods driver wedge putter hybrid round rounds ' +
    'game games yard yards yd yds mile miles km meter meters feet foot ft block blocks more extra minute ' +
    'dollars bucks percent quick short long good great nice easy'
  ).split(' '),
);

/** "PO Box 334", "P.O. Box 12", "p o box 12", "post office box 9", "boîte postale 45", "case postale 12", "apartado 12", "Posbus 2231", "Postfach 1120". */
const PO_BOX = new RegExp(
  String.raw`(?<![\p{L}])(?:p[ \t]{0,8}\.?[ \t]{0,8}o[ \t]{0,8}\.?[ \t]{0,8}box|post[ \t]{1,8}office[ \t]{1,8}box|private[ \t]{1,8}bag|bo[iî]te[ \t]{1,8}postale|case[ \t]{1,8}postale|apartado(?:[ \t]{1,8}postal)?|b\.?[ \t]?p\.?(?=[ \t]{1,8}\d{1,5}[ \t]{0,8},[ \t]{0,8}\d{5})|posbus|postbus|postfach|casilla|caixa[ \t]{1,8}postal|casella[ \t]{1,8}postale|skrytka[ \t]{1,8}pocztowa)[ \t]{0,8}#?[ \t]{0,8}(\d{1,6}|${SPOKEN_NUMBER})(?![\p{L}\p{N}])`,
  'giu',
);
/**
 * A postal code after what names it, in any case, within a few words on its line: "zip 62704", "my
 * postal code is m4c 1b5", "it's got the wrong zip. Should be 78704", "CEP 01310-100", "PLZ 80331".
 */
const POSTAL_CUED =
  /((?<![\p{L}])(?:zip(?:[ \t]{1,8}code)?|postal[ \t]{1,8}code|post[ \t]{0,8}code|code[ \t]{1,8}postal|c[oó]digo[ \t]{1,8}postal|cep|c\.?[ \t]?p\.?|plz|postleitzahl|postnummer|postnr\.?|cap)(?![\p{L}])[^\n\d[]{0,30}?)(\d{5}(?:-\d{3,4})?|\d{4}(?=[ \t]{1,8}\p{Lu}\p{Ll})|[a-z]\d[a-z][ \t-]?\d[a-z]\d|[a-z]{1,2}\d[a-z\d]?[ \t]?\d[a-z]{2})(?![\p{L}\p{N}])/giu;
/** A Canadian postal code, a British postcode or an Irish Eircode alone: "B3H 4R2", "NW1 6XE", "D02 X285"; read out, `SAID_POSTCODE`. */
const POSTCODE =
  /(?<![\p{L}\p{N}])(?:[ABCEGHJ-NPRSTVXY]\d[A-Z][ \t-]?\d[A-Z]\d|(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)[ \t]\d[A-Z]{2}|[AC-FHKNPRTV-Y]\d{2}[ \t](?=[0-9A-Z]{0,3}\d)(?=[0-9A-Z]{0,3}[A-Z])[0-9AC-FHKNPRTV-Y]{4})(?![\p{L}\p{N}])/gu;

/** One to ninety-nine said in English, for a British district ("five", "eleven", "twenty one"); ten to ninety-nine for an Irish routing key. */
const SAID_TENS = String.raw`(?:${caseless('twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety')})(?:[ \t-]{1,3}(?:${caseless('one|two|three|four|five|six|seven|eight|nine')}))?|${caseless('ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen')}`;
const SAID_DISTRICT = String.raw`${SAID_TENS}|${caseless('one|two|three|four|five|six|seven|eight|nine')}`;
const SAID_DIGIT = String.raw`(?:\d|${caseless(DIGIT_WORD)})`;
/**
 * A British postcode or an Irish Eircode read out, its letters as capitals: "N W five, two Q E", "C F
 * eleven, nine H A", "M twenty one, nine T Q"; "D thirteen, X two K nine", "A nine one, K two X four", "D six W"
 * (a letter and two digits, then four letters and digits, a letter among them: "B K nine nine eight one
 * two" is a booking's).
 */
const SAID_POSTCODE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:[A-Z](?:[ \t]{1,3}[A-Z])?[ \t]{1,8}(?:\d{1,2}|${SAID_DISTRICT})(?:[ \t]{1,3}[A-Z])?[ \t]{0,8},?[ \t]{1,8}${SAID_DIGIT}[ \t]{1,8}[A-Z][ \t]{1,3}[A-Z]` +
    String.raw`|[A-Z][ \t]{1,8}(?:\d{2}|${SAID_TENS}|${SAID_DIGIT}[ \t]{1,3}${SAID_DIGIT}|${SAID_DIGIT}[ \t]{1,3}W)[ \t]{0,8},?[ \t]{1,8}(?=(?:${SAID_DIGIT}[ \t]{1,8}){0,3}[A-Z](?![\p{L}]))(?:[A-Z]|${SAID_DIGIT})(?:[ \t]{1,8}(?:[A-Z]|${SAID_DIGIT})){3})(?![\p{L}\p{N}])`,
  'gu',
);

/** An Indian address: a flat's or a house's number, its parts between commas, and a six-digit PIN ("Flat 302, Sai Residency, 4th Cross, Indiranagar, Bengaluru 560038"). */
const INDIAN =
  /(?<![\p{L}])(?:flat|house|h\.?[ \t]?no\.?|plot|door[ \t]no\.?)[ \t]{0,8}(?:no\.?[ \t]{0,8})?\d{1,5}[A-Z]?(?:,[^\n,]{2,40}){1,6}?[ \t-]\d{6}(?![\p{L}\p{N}])/giu;

/**
 * The street before a town and a postcode found alone, in a language whose street words the patterns
 * above do not know: "9 Heol y Nant, Whitchurch, Cardiff, [address]". A house number, a name with a
 * capital, then up to three places between commas, and the postcode.
 */
const STREET_BEFORE_POSTCODE =
  /(?<![\p{L}\p{N}$£€#.,/:-])\d{1,5}[A-Za-z]?,?[ \t]{1,4}(\p{Lu}[\p{L}'’.-]*)(?:[ \t]{1,4}[\p{L}'’.-]+){0,4}(?:[ \t]{0,4},[ \t]{0,4}\p{Lu}[\p{L}'’.-]*(?:[ \t]{1,4}\p{Lu}[\p{L}'’.-]*){0,2}){0,3}[ \t]{0,4},?[ \t]{1,4}\[address\]/gu;

export function redactAddresses(text: string, found: Found): string {
  // A road known by its number first: its house number would otherwise read as a street's ("two, forty-four eighteen Highway").
  let out = substitute(text, NUMBERED_ROAD, (m) => withTail(text, m.index + m[0].length, found));
  out = substitute(out, ADDRESS, (m) => {
    const nameWords = (m[1] ?? '').trim().split(/[ \t]{1,8}/);
    // "200 Bay St", "12 King Street": a Capitalised name before a Capitalised street type is a street's.
    const named = /^\p{Lu}/u.test(m[0].slice(m[0].indexOf(m[1]!) + m[1]!.length));
    const notStreet = (w: string) => NOT_STREET_NAME.has(w.toLowerCase().replace(/[.'’]+$/, '')) && !(named && /^\p{Lu}\p{Ll}/u.test(w));
    if (nameWords.some(notStreet)) return undefined;
    return withTail(out, m.index + m[0].length, found);
  });
  out = substitute(out, INDIAN, () => {
    found.address++;
    return '[address]';
  });
  out = substitute(out, ADDRESS_ROMANCE, (m) => withTail(out, m.index + m[0].length, found));
  out = substitute(out, ADDRESS_NUMBER_AFTER, (m) => withTail(out, m.index + m[0].length, found));
  // "Bay 2 Galway": the number of a bay or a room is no house number.
  out = substitute(out, WAY, (m) =>
    NUMBERED_PLACE.test(out.slice(Math.max(0, m.index - 12), m.index)) ? undefined : withTail(out, m.index + m[0].length, found),
  );
  out = substitute(out, PO_BOX, (m) => withTail(out, m.index + m[0].length, found));
  out = substitute(out, POSTAL_CUED, (m) => {
    // "zip code, and booking 48291": a number a reference names is no postal code.
    if (referenceBefore(out, m.index + m[1]!.length)) return undefined;
    found.address++;
    return `${m[1]}[address]`;
  });
  out = replaceSpans(
    out,
    [...out.matchAll(POSTCODE), ...out.matchAll(SAID_POSTCODE)].map((m) => [m.index, m.index + m[0].length] as const),
    'address',
    found,
  );
  // The postcode is counted already: its street joins its placeholder.
  return substitute(out, STREET_BEFORE_POSTCODE, (m) => (NOT_STREET_NAME.has(m[1]!.toLowerCase()) || MONTH_OR_YEAR.test(m[1]!) ? undefined : '[address]'));
}

/** `[address]`, swallowing what follows at `end` and belongs to it: unit, city, state or province, postal code. */
function withTail(text: string, end: number, found: Found): { text: string; end: number } {
  found.address++;
  for (let parts = 0; parts < 6; parts++) {
    const part = TAIL_PARTS.map((re) => {
      re.lastIndex = end;
      return re.exec(text);
    }).find((m) => m !== null && m[0].length > 0);
    if (!part) break;
    end += part[0].length;
  }
  return { text: '[address]', end };
}
