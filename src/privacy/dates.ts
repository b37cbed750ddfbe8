/**
 * Dates as customers write and say them, for expiry dates and dates of birth: "04/27", "03/14/1988",
 * "1988-03-14", "March 14th, 1988", "14 mars 1988", "march fourteenth nineteen eighty eight",
 * "oh four twenty seven". `dateAfter` reads one from a position onwards; it is anchored, so the caller
 * chooses where a date may start (after a cue such as "exp" or "born").
 */
const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|' +
  'jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|' +
  'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|' +
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|' +
  'januar|februar|märz|maerz|juni|juli|oktober|dezember|janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro|dezembro|' +
  'januarie|februarie|maart|mei|junie|julie|augustus|desember|' +
  // Danish, Norwegian and Swedish where they differ from the above: "3. marts 2015", "12 maj".
  'januari|februari|marts|maj|augusti|' +
  // Italian, and Polish as a date says them ("3 maggio 2014", "12 marca 1990").
  'gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|' +
  'stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|wrze[sś]nia|pa[zź]dziernika|listopada|grudnia|' +
  // Turkish: "17 Mart 1992".
  'ocak|[şs]ubat|mart|nisan|may[ıi]s|haziran|temmuz|a[ğg]ustos|eyl[üu]l|ekim|kas[ıi]m|aral[ıi]k';
/** A day said as an ordinal word: "fifth", "twelfth", "thirtieth" ("twenty-first" is two of them joined). */
const ORDINALS =
  'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|' +
  'fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth';
const NUMBER_WORDS =
  'zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|' +
  'seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|' +
  `${ORDINALS}|` +
  // Spanish and French, as a date of birth is said in them: "doce de agosto de dos mil dieciséis".
  'uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|diecis[ée]is|diecisiete|dieciocho|diecinueve|' +
  'veinte|veinti(?:uno|ún|un|d[óo]s|tr[ée]s|cuatro|cinco|s[ée]is|siete|ocho|nueve)|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|' +
  'cien|ciento|mil|novecientos|primero|un|une|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|' +
  'trente|quarante|cinquante|soixante|cent|mille|premier|' +
  // Italian, as a card's expiry is read: "undici ventotto".
  'due|quattro|cinque|sette|nove|dieci|undici|dodici|venti|vent(?:uno|idue|itr[ée]|iquattro|icinque|isei|isette|otto|inove)|trenta|trentuno';
/** One piece of a date: digits (with their separators, or eight run together), an ordinal, a month, a number word. */
const PIECE = String.raw`(?:['’]\d{2}(?!\d)|\d{8}(?!\d)|\d{1,4}(?!\d)(?:st|nd|rd|th|er|\.)?(?:[/.-]\d{1,4}(?!\d)){0,2}|(?:${MONTHS})\.?|(?:${NUMBER_WORDS})(?:-(?:${NUMBER_WORDS}))?)`;
const GLUE = String.raw`(?:[ \t]{0,8}[,/-]?[ \t]{0,8}|(?:[ \t]{1,8}(?:of|the|de|del|and|y|et|slash|dash|uh|um|,|nen|gatsu|nyeon|wol|th[áa]ng|n[ăa]m))+[ \t]{1,8})`;
const DATE = new RegExp(String.raw`(?:the[ \t]{1,8})?${PIECE}(?:${GLUE}${PIECE}){0,7}(?![\p{L}\p{N}])`, 'iuy');

/** The date that starts at `from` (after optional spaces, a colon or "is"/"on"/"in"), as [start, end), or null. */
export function dateAfter(text: string, from: number): [number, number] | null {
  const lead = /^(?:[ \t]{0,8}(?:[:=#-]|(?:is|was|on|in|to|date|of|file|’s|'s|le|el|am|em|en)(?![\p{L}])))*[ \t]{0,8}/iu.exec(text.slice(from, from + 40));
  const start = from + (lead?.[0].length ?? 0);
  DATE.lastIndex = start;
  const m = DATE.exec(text);
  if (!m) return null;
  // A date holds a digit, a month or at least two number words: "is ready" is not one. A dot that ends
  // the sentence ("le 4 avril.", "in 2011.") stays outside it.
  const body = /\.$/.test(m[0]) && /^(?:\s|$)/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 1)) ? m[0].slice(0, -1) : m[0];
  const words = body.toLowerCase().match(/\p{L}+/gu) ?? [];
  const months = new RegExp(`^(?:${MONTHS})$`, 'i');
  if (!/\d/.test(body) && !words.some((w) => months.test(w)) && words.filter((w) => new RegExp(`^(?:${NUMBER_WORDS})$`).test(w)).length < 2) return null;
  return [m.index, m.index + body.length];
}

const ORDINAL_WORDS = `${ORDINALS}|twenty-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty-first`;
/** A date that names its month or its year: not just "is 5". */
export const MONTH_OR_YEAR = new RegExp(
  String.raw`(?<![\p{L}])(?:${MONTHS})(?![\p{L}])|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|(?:19|20)\d{2}|['’]\d{2}(?!\d)|nineteen|two[ \t]{1,8}thousand|(?<![\p{L}])mil(?:le)?(?![\p{L}])`,
  'iu',
);

/**
 * A year of birth written in digits: 1900 to five years before this one. No booking, charge or
 * membership a customer writes about is that old, and children born then come to junior sessions
 * ("born 11/2/2017"). Known when the process starts.
 */
const BIRTH_YEAR = yearsUpTo(new Date().getFullYear() - 5);
function yearsUpTo(last: number): string {
  const [, , decade, unit] = String(last);
  return `19\\d{2}|${decade === '0' ? '' : `20[0-${Number(decade) - 1}]\\d|`}20${decade}[0-${unit}]`;
}

/**
 * Full dates written with a year a booking cannot have (`BIRTH_YEAR`): "03/14/1988", "March 14,
 * 1988", "14 March 1988", "17 de junio de 1994", "1990/03/17", "1991년 7월 2일". Read as a date of birth
 * even without a cue; an ISO date ("2000-01-01", an SOP's last review) only after one.
 */
export const OLD_DATE = new RegExp(
  // The year first, in Korean, Japanese or Chinese ("1991년 7월 2일", "1991年7月2日"), or with slashes ("1990/03/17").
  String.raw`(?<!\p{N})(?:${BIRTH_YEAR})[ \t]?[년年][ \t]?\d{1,2}[ \t]?[월月][ \t]?\d{1,2}[ \t]?[일日]|` +
    String.raw`(?<![\p{L}\p{N}/.-])(?:(?:(?:${BIRTH_YEAR})/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])|(?:${ORDINAL_WORDS})(?:[ \t]{1,8}of)?[ \t]{1,8}(?:${MONTHS})\.?,?[ \t]{1,8}(?:${BIRTH_YEAR})|\d{1,2}[/.-]\d{1,2}[/.-](?:${BIRTH_YEAR})|(?:${MONTHS})\.?[ \t]{1,8}\d{1,2}(?:st|nd|rd|th)?,?[ \t]{1,8}(?:${BIRTH_YEAR})|\d{1,2}(?:st|nd|rd|th|er)?(?:[ \t]{1,8}(?:de|of))?[ \t]{1,8}(?:${MONTHS})\.?,?[ \t]{1,8}(?:(?:de|del|of)[ \t]{1,8})?(?:${BIRTH_YEAR}))(?![\p{L}\p{N}/]))`,
  'giu',
);

/** A day of the month said as a cardinal or an ordinal word, in the languages customers write in: "twelve", "quatorze", "dreiundzwanzigster". */
const DAY_WORDS =
  String.raw`(?:(?:twenty|thirty)[ \t-]?)?(?:one|two|three|four|five|six|seven|eight|nine)|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|` +
  `(?:${ORDINAL_WORDS})|` +
  `premier|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|dix-(?:sept|huit|neuf)|vingt(?:-(?:et-un|deux|trois|quatre|cinq|six|sept|huit|neuf))?|trente(?:-et-un)?|` +
  String.raw`uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|diecis[ée]is|diecisiete|dieciocho|diecinueve|veinte|veinti\p{L}{2,6}|treinta(?:[ \t]y[ \t]uno)?|` +
  String.raw`due|tre|quattro|cinque|sei|sette|otto|nove|dieci|undici|dodici|tredici|quattordici|quindici|sedici|diciassette|diciotto|diciannove|venti|vent\p{L}{3,6}|trenta|trentuno|` +
  String.raw`um|dois|tr[êe]s|sete|oito|dez|doze|treze|catorze|dezesseis|dezessete|dezoito|dezenove|vinte(?:[ \t]e[ \t]\p{L}{2,6})?|trinta(?:[ \t]e[ \t]um)?|` +
  String.raw`(?:erst|zweit|dritt|viert|f[üu]nft|sechst|siebt|acht|neunt|zehnt|elft|zw[öo]lft|\p{L}{3,8}zehnt|\p{L}{0,12}zwanzigst|\p{L}{0,12}drei(?:ß|ss)igst)(?:e[rnms]?)?|` +
  // Turkish, "on" alone being English: "on yedi", "yirmi üç".
  String.raw`(?:on|yirmi|otuz)[ \t](?:bir|iki|[üu][çc]|d[öo]rt|be[şs]|alt[ıi]|yedi|sekiz|dokuz)|yirmi|otuz|iki|[üu][çc]|d[öo]rt|be[şs]|alt[ıi]|yedi|sekiz|dokuz`;
const YEAR_UNIT = 'one|two|three|four|five|six|seven|eight|nine';
const YEAR_TEN = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
/** A year of birth said in words: "nineteen ninety", "fifty-four", "twenty-thirteen", "neunzehnhundertachtundachtzig", "mil novecentos e oitenta", "bin dokuz yüz doksan iki". */
const SAID_BIRTH_YEAR =
  String.raw`nineteen[ \t-]{1,3}(?:(?:oh[ \t-]{1,3})?(?:${YEAR_UNIT})|(?:${YEAR_TEN})(?:[ \t-]{1,3}(?:${YEAR_UNIT}))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)|two[ \t]{1,8}thousand(?:[ \t]{1,8}(?:and[ \t]{1,8})?(?:${YEAR_UNIT}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?(?![ \t]{1,8}(?:dollars?|euros?|pounds?|bucks|people|guests|points))|neunzehnhundert\p{L}{0,24}|zweitausend\p{L}{0,12}|` +
  // Two digits said for the century before ("fourth of January, fifty-four"), or a year after 2009 said
  // as two numbers ("second of May, twenty-thirteen"), not a count of something.
  String.raw`(?:thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ \t-]{1,3}(?:${YEAR_UNIT}))?(?![ \t-]{1,8}(?:people|guests|players|kids|adults|minutes|mins|hours|pounds|dollars|euros|bucks|quid|percent|pence|cents|each|off|of[ \t]us))|` +
  String.raw`twenty[ \t-]{1,3}(?:oh[ \t-]{1,3}(?:${YEAR_UNIT})|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|` +
  String.raw`mil(?:le)?[ \t-]{1,3}(?:neuf[ \t-]cents?|novecientos|novecentos)(?:[ \t-]{1,3}\p{L}{1,12}){0,3}|millenovecento\p{L}{0,20}|bin[ \t]{1,3}dokuz[ \t]{1,3}y[üu]z(?:[ \t]{1,3}\p{L}{2,8}){0,2}`;
/**
 * Full dates of birth said with the day in words: "Twelve August 1990", "Quatorze juillet 1989",
 * "Dreiundzwanzigster April neunzehnhundertachtundachtzig", "August twelfth, nineteen ninety". A year
 * no booking can have makes it a birth date without a cue, as OLD_DATE does for written ones.
 */
export const SAID_OLD_DATE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:the[ \t]{1,8})?(?:${DAY_WORDS})(?:[ \t]{1,8}(?:of|de|di|du))?[ \t]{1,8}(?:${MONTHS})|(?:${MONTHS})[ \t]{1,8}(?:the[ \t]{1,8})?(?:${DAY_WORDS}))\.?,?[ \t]{1,8}(?:(?:de|of)[ \t]{1,8})?(?:${BIRTH_YEAR}|${SAID_BIRTH_YEAR})(?![\p{L}\p{N}])`,
  'giu',
);
