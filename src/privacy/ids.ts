import { electronicFormatIBAN, isValidBBAN, isValidIBAN } from 'ibantools';
import { referenceBefore } from './codes.ts';
import { numberOfWord } from './one-word-numbers.ts';
import { digitOfWord } from './spoken.ts';
import { digitsOf, type Found, replaceSpans } from './substitute.ts';

/**
 * Identity and account numbers: an IBAN (checked by its own digits or its country's shape, or named
 * "IBAN": one read out with a digit wrong is still a person's account), a Singapore
 * NRIC or FIN ("S8812345D"), a British National Insurance number ("QQ 12 34 56 C"), a US Social
 * Security number ("523-41-8876"), an Indian PAN or GSTIN ("BNZPK4821L"), a Nordic personal number
 * ("820415-4368"), a Brazilian CPF or CNPJ ("23.817.654/0001-42"), a British driving licence
 * ("MORGA801235LW9KD"), an Italian codice fiscale, an Irish PPS number ("8314926WA"), a Swiss
 * company number ("CHE-482.116.903"), an Ontario health card ("1234-567-890-AB"), a US employer's
 * number ("84-2219034"), a British VAT number ("GB 341 2298 76"), a Pakistani CNIC
 * ("35202-1234567-1"), a Malaysian identity card number ("850612-14-5527"), a Spanish DNI or NIE
 * ("48291037K"), a Swiss AHV number ("756.4821.9930.17"), an Emirates ID ("784-1990-4827731-2"), a
 * Belgian national number ("87.08.04-417.62"), a French NIR in its groups ("2 91 07 75 112 048 53"),
 * an Australian Business Number whose check digits hold, and any number
 * of four digits or more after what names a person's document or account: a passport, an ID card, a
 * driving licence, a bank account or sort code ("passport no. 534128976", "my NRIC is …",
 * "passport no? mine is …", "Kontonummer 1234 5678"), or a membership or loyalty number
 * ("membership no. GM-448213", "Member #A77120"): it names one customer as surely as a phone does, and
 * a SOP never needs it.
 */
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?(?![\p{L}\p{N}])/gu;
const IBAN_NAMED = /(?<![\p{L}])iban[ \t:]{0,8}(?:(?:is|no\.?|number|#)[ \t:]{0,8})?$/iu;
const IBAN_ASKED = /(?<![\p{L}])iban(?![\p{L}])/iu;
const SHAPED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:[STFGM]\d{7}[A-Z]|\d{3}-\d{2}-\d{4}|[A-Z]{5}\d{4}[A-Z]|\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]|[A-CEGHJ-PR-TW-Z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D]|` +
    String.raw`\d{3}\.\d{3}\.\d{3}-\d{2}|\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}|[A-Z9]{5}[ ]?\d{6}[ ]?[A-Z9]{2}[ ]?\d[A-Z]{2}|[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]|` +
    String.raw`\d{7}[A-W][A-IW]?|CHE-?\d{3}\.\d{3}\.\d{3}|\d{4}-\d{3}-\d{3}-[A-Z]{2}|\d{2}-\d{7}|GB[ ]?\d{3}[ ]?\d{4}[ ]?\d{2}|\d{5}-\d{7}-\d|\d{6}-\d{2}-\d{4}|` +
    // A Spanish DNI or NIE ("48291037K", "X1234567L"), a Swiss AHV number ("756.4821.9930.17"), an Emirates ID ("784-1990-4827731-2"), a French NIR in its groups ("2 91 07 75 112 048 53").
    String.raw`\d{8}-?[A-HJ-NP-TV-Z]|[XYZ]-?\d{7}-?[A-HJ-NP-TV-Z]|756\.\d{4}\.\d{4}\.\d{2}|784-\d{4}-\d{7}-\d|\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}|[12] \d{2} \d{2} (?:\d{2}|2[AB]) \d{3} \d{3} \d{2})(?![\p{L}\p{N}])`,
  'gu',
);
/**
 * Words that name a person's document, account or tax number, then perhaps "number", "no", "#" and
 * "is": a passport, an ID card, a driving licence, a bank account, a national identity or tax number
 * (Chile's RUT, Mexico's RFC and CURP, Brazil's CPF and CNPJ, Spain's NIF, Italy's codice fiscale and
 * partita IVA, France's SIRET, Australia's ABN and TFN, New Zealand's IRD and GST numbers, a VAT number).
 */
export const DOCUMENT =
  'passport|passeport|pasaporte|passaporto|reisepass|pasup[oō]{1,2}to(?:[ \\t]{1,8}bang[oō]u?)?|yeogwon(?:[ \\t]{1,8}beonho)?|h[ộo][ \\t]{1,8}chi[ếe]u|isikukood|cnp|amka|rijksregisternummer|rodn[ée][ \\t]číslo|henkil[öo]tunnus|szem[ée]lyi[ \\t]sz[áa]m|id[ \\t]card|identity[ \\t]card|residen(?:ce|cy)[ \\t](?:card|permit)|national[ \\t]id|nric|mykad|emirates[ \\t]id|social[ \\t]security|ssn|national[ \\t]insurance|ni[ \\t](?:no\\.?|number)|pps|personnummer|fødselsnummer|cpr|aadhaar|cnic|(?:sch[üu]ler|studenten)?ausweis(?:nummer)?|dni|nie|cédula|cedula|curp|rekeningnummer|numer[ \\t]konta|n[úu]mero[ \\t]de[ \\t]cuenta|numero[ \\t]di[ \\t]conto|' +
  'rut|rfc|cpf|cnpj|nif|nit|cif|cuit|cuil|bsn|pesel|siret|siren|abn|tfn|ird|gst|vat|uen|tin|ust-?idnr\\.?|ust-?id|umsatzsteuer-?id|btw-?nummer|steuernummer|steuer-?id|codice[ \\t]fiscale|partita[ \\t]iva|p\\.[ \\t]?iva|tax[ \\t](?:id|file[ \\t]number|number|no\\.?)|' +
  "(?:driver['’]?s|driving|drivers)[ \\t]licen[cs]e|licen[cs]e[ \\t](?:no\\.?|number|#)|licen[cs]e(?=[ \\t]{1,8}[A-Z]{0,2}\\d{6})|bank[ \\t]account|account[ \\t](?:no\\.?|number|#)|acct[ \\t]?(?:no\\.?|number|#)?|kontonummer|sort[ \\t]code|bsb|routing[ \\t]number|" +
  'id[ \\t](?:no\\.?|number|#)|' +
  // "numéro national", "Nombor IC?", "cartão de cidadão", "carta d'identità n.", "carte étudiante n°"
  "num[ée]ro[ \\t]national|registre[ \\t]national|nombor[ \\t]ic|ic[ \\t](?:no\\.?|number)|cart[ãa]o[ \\t]de[ \\t]cidad[ãa]o|carta[ \\t]d['’]identit[àa]|carte[ \\t]d['’]identit[ée]|carte[ \\t][ée]tudiante|num[ée]ro[ \\t](?:d['’])?[ée]tudiant|student[ \\t]card|" +
  // "member ID 88-1203", "loyalty card no 7788-1200-33", "Mitgliedsnummer"
  "(?:member(?:ship)?|loyalty|rewards?)(?:[ \\t](?:card|account))?[ \\t]?(?:id|no\\.?|numbers?|#)|s[óo]ci[oa][ \\t]n[º°.]|mitgliedsnummer|n[úu]mero[ \\t]de[ \\t](?:s[óo]ci[oa]|membre)|num[ée]ro[ \\t]d['’]adh[ée]rent|num[ée]ro[ \\t]de[ \\t]membre|numero[ \\t](?:di[ \\t])?tessera|lidnummer|lidmaatschapsnummer|medlemsnummer|numer[ \\t]członkowski|numer[ \\t]członkowska|(?:nr|numer)[ \\t]karty[ \\t]członkowskiej|člensk[éeáý][ \\t]číslo|číslo[ \\t]člen(?:a|ství)|j[äa]sennumero|liikmenumber|f[ée]lagsn[úu]mer|kaiin[ \\t]{1,8}bang[oō]u?|hoewon[ \\t]{1,8}beonho|s[ốo][ \\t]{1,8}th[àa]nh[ \\t]{1,8}vi[êe]n|m[ãa][ \\t]{1,8}(?:th[àa]nh[ \\t]{1,8}vi[êe]n|kh[áa]ch[ \\t]{1,8}h[àa]ng)|raqam[ \\t]{1,8}al-?(?:odwiya|3odwiya|udwiya)|tags[áa]gi[ \\t]sz[áa]m|(?:student|employee|staff|badge|payroll)[ \\t](?:id|card|number|no\\.?)|[üu]ye(?:lik)?[ \\t]numara(?:s[ıi]|m)|" +
  // "customer number is C-4420193", "Kundenummer CH-55102", "numéro client"
  '(?:customer|client)[ \\t](?:id|no\\.?|number|#)|kunden?nummer|kundnummer|klantnummer|num[ée]ro[ \\t](?:de[ \\t])?client|n[úu]mero[ \\t]de[ \\t]cliente|numero[ \\t](?:di[ \\t])?cliente';
/** What names a person's own document or account, not a business's tax number, which a customer asks the venue for as often ("I need the GST number"). */
export const PERSONAL_DOCUMENT = new RegExp(String.raw`(?<![\p{L}])(?!(?:gst|vat|abn)(?![\p{L}]))(?:${DOCUMENT}|iban)(?![\p{L}])`, 'iu');
/** A membership, an account or a sort code named alone, its number straight after it: "membership M-22019", "Member #A77120", "Account 3310-8842", "sort 20-44-91". */
const NAMED_ALONE =
  '(?:member(?:ship)?|loyalty|mitgliedschaft|lidmaatscha[pb]|lidmaatskap|membres[ií]a|medlemskap|tessera|członkostwa)(?:[ \\t](?:card|socio|soci))?|account|acct|sort';
/** Documents named in a sentence that gives their number later, in other words: an insurance policy, a Turkish identity card, an Indonesian bank account. */
const MORE_DOCUMENTS = 'policy[ \\t](?:no\\.?|number|#)|p[óo]liza|polizza|versicherungsnummer|polisnummer|kimlik|no\\.?[ \\t]rek|rekening|rg';
/** A text about a bank account: there, "acc" and a branch's code name the account's numbers ("BSB 062-000 acc 1234 5678"); elsewhere a long one after "acc". */
const BANK = /(?<![\p{L}])(?:bank|bsb|sort[ \t]code|routing|iban|branch[ \t]code|banco|banque)(?![\p{L}])/iu;
const BANK_NAMED =
  /(?<![\p{L}])(?:acc|account|branch)(?:[ \t]{1,8}(?:no\.?|number|code|#))?(?:[ \t]{1,8}is)?[ \t:#]{1,8}(\d{3,}(?:[ -]\d{2,}){0,4})(?![\p{L}\p{N}])/giu;
const NAMED = new RegExp(
  String.raw`(?<![\p{L}])(?:${DOCUMENT}|${NAMED_ALONE})(?![\p{L}])(?:,?[ \t]{1,8}(?:no\.?|number|nr\.?|n[.°º]|#))?` +
    // "passport no? mine is …", "driving licence, number is …"
    String.raw`(?:[?.,]?[ \t]{1,8}(?:mine(?:['’]s|[ \t]{1,8}is)|it['’]s|it[ \t]{1,8}is|(?:the[ \t]{1,8})?number(?:['’]s|[ \t]{1,8}is)))?` +
    // "…potrzebujecie PESEL? 91031504827": the question, then the number straight after it.
    String.raw`(?:['’]s|[ \t]{1,8}(?:is|was|es|est|ist|er|är|é|è|jest|je|on|este|wa|là|ko[ \t]{1,8}ay|:)|\?(?=[ \t]{1,3}[A-Z]{0,3}\d{5}))?[ \t:#(]{0,8}` +
    // Groups of letters and digits, each with a digit, so the words after the number stay: "M-204518 and my…";
    // dots and slashes join digits as tax numbers are written ("76.543.210-K", "12.345.678/0001-90").
    // A series of up to three letters may stand apart: "ID card no. AK 4821093".
    String.raw`((?:(?<![\p{L}])[A-Z]{1,3}[ ](?=\d))?(?:[A-Z0-9-]{0,12}\d(?:[./]?[A-Z0-9-]){0,16})(?:[ ](?:[A-Z0-9-]{0,12}\d[A-Z0-9-]{0,12})){0,5})(?![\p{L}\p{N}])`,
  'giu',
);

/**
 * A membership's or a card's number named in Chinese, Japanese or Korean, which set no space around
 * words: "会员卡号：SH20241187", "會員號碼係咪 HK-30928？", "会員番号は JP-44108", "멤버십 번호 KR-7730-1185".
 * A few characters of that script ("は", "係咪", "是") may come between; the number has four digits or more.
 */
const CJK_NAMED =
  /(?:(?:会员|會員|会員)卡?(?:号码|號碼|号|號|编号|編號|番号|ナンバー)|卡[号號]|회원권?[ \t]?번호|멤버십[ \t]?번호)[^\p{Script=Latin}\p{N}\n]{0,6}?((?:[A-Za-z]{1,4}[ -]?)?\d[\dA-Za-z]{0,16}(?:-[\dA-Za-z]{1,12}){0,4})(?![\p{Script=Latin}\p{N}])/gu;

/** Small letters standing apart before a number are a word ("is 612093874"), not a document's series ("AK 4821093"). */
const SMALL_SERIES = /^(?!\p{Lu}{1,3} )\p{L}{1,3} /u;
const DOCUMENT_FIRST = new RegExp(`^(?:${DOCUMENT})(?![\\p{L}])`, 'iu');
/** Groups as phones are written; groups of four digits each are a card's ("6001 2284 0093"). */
const PHONE_SHAPED = /^(?!\d{4}(?: \d{4}){2,3}$)\+?\(?\d{2,4}\)?(?:[ .-]\d{2,4}){2,4}$/;

/**
 * A document's or a membership's number given later in the sentence that names it: "my passport, a
 * blue irish one, number PA4418827", "Mitgliedsnummer lautet 4402-8817-DE", "TC kimlik numaram 384 219
 * 550 62", "my membership card got swallowed… card number on the app is 6001 2284 0093". Not a business's
 * tax number ("Our GST/HST number is 81234 5678 RT0001").
 */
const NAMES_NUMBER = new RegExp(String.raw`(?<![\p{L}])(?!(?:gst|vat|abn)(?![\p{L}]))(?:${DOCUMENT}|${NAMED_ALONE}|${MORE_DOCUMENTS})(?![\p{L}])`, 'giu');
/** Where such a sentence ends: a stop before a space or the end, not the dots inside "32.487.119-5" or after "No." and "Nr.". */
const SENTENCE_END = /(?<!(?:^|[^\p{L}])[Nn][oOrR])[.](?=\s|$)|[!?](?=\s|$)|\n/u;
/** A next sentence that only gives the number: "Can I use my membership there? Number is GP 7731 0042". */
const GIVES_IT = /^[!?.]?[ \t]{1,8}(?:(?:the|my)[ \t]{1,8})?(?:number|no\.?|nr\.?|it['’]s|it[ \t]is|mine[ \t]is|mine['’]s)(?![\p{L}])/iu;

/** The sentence from the start of `rest`, and the next one when it only gives the number. */
function sentenceOf(rest: string): string {
  const end = SENTENCE_END.exec(rest)?.index ?? rest.length;
  if (!GIVES_IT.test(rest.slice(end))) return rest.slice(0, end);
  const next = rest.slice(end + 1);
  return rest.slice(0, end + 1 + (SENTENCE_END.exec(next)?.index ?? next.length));
}
/** A number as documents are written: a series of capitals, then groups with digits ("GP 7731 0042", "AV-PL-0092-7731-H"). */
export const WRITTEN_DOCUMENT = String.raw`(?:[A-Z]{1,4}[ -]){0,2}[A-Z]{0,6}\d[\dA-Z]{0,20}(?:[./-][\dA-Z]{1,12}|[ ][A-Z]{0,4}\d[\dA-Z]{0,11}){0,6}`;
const WRITTEN_NUMBER = new RegExp(String.raw`(?<![\p{L}\p{N}])${WRITTEN_DOCUMENT}(?![\p{L}\p{N}])`, 'gu');
/** A date or an amount is no document's number: "valid until 12.03.2027", "€1,250.00". */
const DATE_OR_AMOUNT = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|^\d{4}[./-]\d{1,2}[./-]\d{1,2}$|^\d{1,3}(?:,\d{3})+(?:\.\d{2})?$|^\d+[.,]\d{2}$/;
/** Money after a number: "1250.00 EUR", "300000 dollars". */
const CURRENCY_AFTER = /^[ \t]?(?:€|\$|£|eur|euros?|usd|gbp|dollars?|pounds?|bucks|pesos|reais|rupees|rs)(?![\p{L}])/iu;

function numbersLater(text: string, spans: [number, number][]): void {
  for (const cue of text.matchAll(NAMES_NUMBER)) {
    const from = cue.index + cue[0].length;
    const sentence = sentenceOf(text.slice(from, from + 120));
    // The first number there is the document's ("NIF 245 118 930 e morada Rua Augusta 120, 1100-053 Lisboa").
    const m = [...sentence.matchAll(WRITTEN_NUMBER)].find((n) => digitsOf(n[0]).length >= 6);
    if (!m) continue;
    const start = from + m.index;
    const value = m[0];
    if (DATE_OR_AMOUNT.test(value) || referenceBefore(text, start) || /[$£€¥][ \t]?$/u.test(text.slice(Math.max(0, start - 2), start))) continue;
    if (CURRENCY_AFTER.test(text.slice(start + value.length, start + value.length + 12))) continue;
    // A number in a phone's groups after a membership named alone is a phone ("the number on my membership is 519 555 0137").
    if (!DOCUMENT_FIRST.test(cue[0]) && PHONE_SHAPED.test(value) && digitsOf(value).length >= 9) continue;
    spans.push([start, start + value.length]);
  }
}

/** What names a document or an IBAN, then perhaps "number", "is", a colon: where a number read aloud may follow. */
const SAID_AFTER = new RegExp(
  String.raw`(?<![\p{L}])(?:${DOCUMENT}|iban)(?![\p{L}])(?:[ \t-]{1,8}(?:no\.?|number|nr\.?|#|n[úu]mero|nummer|nummeret))?` +
    // "my CPR number? It's …", "CPR-nummer? Det er …"
    String.raw`(?:[?.!]?[ \t]{1,8}(?:it['’]?s|det[ \t]{1,8}(?:er|är)|es|c['’]est|è|é|ist))?(?:[ \t]{1,8}(?:is|was|es|est|ist|è|é|er|är|c['’]est))?[ \t:,]{1,8}`,
  'giu',
);
/** The digits a word says in any language this module reads ("nueve", "åttiotvå"), or undefined. */
const digitsOfWord = (w: string): string | undefined => digitOfWord(w.toLowerCase()) ?? numberOfWord(w);
/** A word of a number read aloud besides those: "oh", a letter, up to four capitals, or digits. */
const SAID_PART = /^(?:[Oo]h|\p{L}|\p{Lu}{2,4}|\d{1,8})$/u;
/** Said between its parts: a dash, a slash, a dot, a hesitation, "letter" before a letter ("letra jota"). */
const SAID_JOINS = new Set(
  (
    'dash hyphen minus slash barra guion guión tiret trattino traço traco streck bindestreg bindestrek koppelteken strich bindestrich ' +
    'point ponto punto punt punkt uh um er then letra lettre letter'
  ).split(' '),
);

/**
 * An identity number or an IBAN read aloud after what names it: "IBAN: I T, sei zero, X, zero cinque
 * quattro due…", "my RFC is RAMJ, ocho cinco cero tres uno dos, H, siete, A": words that each say a
 * digit or a letter, five digits or more (four among letters); the span ends at the first word that says neither.
 */
const REPEATS: Record<string, number> = { double: 2, triple: 3, treble: 3 };
const AS_IN = /[ \t]{1,8}as[ \t]{1,8}in[ \t]{1,8}\p{L}{2,20}/iuy;
const SENTENCE_GOES_ON = /[ \t]{1,8}\p{Ll}{2}/uy;
const NEXT_WORD = /[ \t]{1,8}([\p{L}\p{N}]+)/uy;
/** Whether the word after `at` says a digit. */
function saysDigit(text: string, at: number): boolean {
  NEXT_WORD.lastIndex = at;
  const next = NEXT_WORD.exec(text)?.[1];
  return next !== undefined && digitsOfWord(next) !== undefined;
}

export function saidAfter(text: string, from: number): number | null {
  const words = /[\p{L}\p{N}]+/uy;
  const gap = /[ \t]{0,8}[,.\-/]?[ \t]{0,8}/y;
  let at = from;
  let end = from;
  let digits = 0;
  let parts = 0;
  // Forty words at most: an IBAN, the longest, is 34 characters.
  for (let read = 0; read < 40; read++) {
    gap.lastIndex = at;
    gap.exec(text);
    words.lastIndex = gap.lastIndex;
    const m = words.exec(text);
    if (!m) break;
    const w = m[0];
    if (SAID_JOINS.has(w.toLowerCase())) {
      at = words.lastIndex;
      continue;
    }
    // "M as in Mike": the word that says the letter goes with it.
    AS_IN.lastIndex = words.lastIndex;
    if (/^\p{L}$/u.test(w) && AS_IN.test(text)) {
      parts++;
      at = end = AS_IN.lastIndex;
      continue;
    }
    // "…nine one. I want": a pronoun or an article opens the next sentence; "C A four four…" reads on.
    SENTENCE_GOES_ON.lastIndex = words.lastIndex;
    if (/^(?:I|A|a)$/.test(w) && SENTENCE_GOES_ON.test(text) && !saysDigit(text, words.lastIndex)) break;
    // "double oh", "triple seven": the digit after counts twice or three times.
    const repeat = REPEATS[w.toLowerCase()];
    if (repeat) {
      digits += repeat - 1;
      at = words.lastIndex;
      continue;
    }
    const said = digitsOfWord(w);
    if (said === undefined && !SAID_PART.test(w)) break;
    digits += said?.length ?? (/^\d+$/.test(w) ? w.length : /^oh$/i.test(w) ? 1 : 0);
    parts++;
    at = end = words.lastIndex;
  }
  // Five digits, or four among letters ("A-U-four-four-two-nine").
  return (digits >= 5 && parts >= 3) || (digits >= 4 && parts >= 5) ? end : null;
}

/** An Australian Business Number, eleven digits as it is written ("51 824 753 556"), kept only when its check digits hold. */
const ABN = /(?<![\p{L}\p{N}])\d{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}(?![\p{L}\p{N}])/gu;
const ABN_WEIGHTS = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
function isAbn(written: string): boolean {
  const digits = written.replace(/ /g, '');
  const sum = ABN_WEIGHTS.reduce((total, weight, i) => total + weight * (Number(digits[i]) - (i === 0 ? 1 : 0)), 0);
  return sum % 89 === 0;
}

/** A Nordic personal number, a date of birth and four digits: "820415-4368" or "19820415-4368" (Sweden), "080392-1734" (Denmark). */
const PERSONAL_NUMBER = /(?<![\p{L}\p{N}-])(?:19|20)?(\d\d)(\d\d)(\d\d)[-+]\d{4}(?![\p{L}\p{N}-])/gu;
const isDay = (d: string) => Number(d) >= 1 && Number(d) <= 31;
const isMonth = (m: string) => Number(m) >= 1 && Number(m) <= 12;

export function redactIds(text: string, found: Found): string {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(IBAN)) {
    // Named right before it, or read back in a conversation that asked for an IBAN ("Ich wiederhole: DE44 5001…").
    const named = IBAN_NAMED.test(text.slice(Math.max(0, m.index - 16), m.index)) || IBAN_ASKED.test(text.slice(Math.max(0, m.index - 300), m.index));
    const iban = electronicFormatIBAN(m[0]) ?? '';
    if (named || isValidIBAN(iban) || isValidBBAN(iban.slice(4), iban.slice(0, 2))) spans.push([m.index, m.index + m[0].length]);
  }
  // What a booking or an order is called is its reference ("Reserva 20241207B").
  for (const m of text.matchAll(SHAPED)) if (!referenceBefore(text, m.index)) spans.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(ABN)) if (isAbn(m[0])) spans.push([m.index, m.index + m[0].length]);
  // Year, month, day (Sweden) or day, month, year (Denmark, Norway) before the dash.
  for (const m of text.matchAll(PERSONAL_NUMBER)) if (isMonth(m[2]!) && (isDay(m[3]!) || isDay(m[1]!))) spans.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(NAMED)) {
    const value = m[1]!;
    // A number of four digits or more; a phrase that goes on in words after its first part is no number.
    const digits = digitsOf(value).length;
    if (digits < 4) continue;
    // A series standing apart is written in capitals: "card to 4120 W Belmont Ave" holds no "to" series.
    if (SMALL_SERIES.test(value)) continue;
    // After a membership or an account named alone, a year is its year ("membership 2025 renewal") and a number in a
    // phone's groups is a phone ("new number for the membership: 519.555.0137").
    if (!DOCUMENT_FIRST.test(m[0]) && (/^(?:19|20)\d\d$/.test(value) || (PHONE_SHAPED.test(value) && digits >= 9))) continue;
    const start = m.index + m[0].length - value.length;
    spans.push([start, m.index + m[0].length]);
  }
  for (const m of text.matchAll(CJK_NAMED)) if (digitsOf(m[1]!).length >= 4) spans.push([m.index + m[0].length - m[1]!.length, m.index + m[0].length]);
  numbersLater(text, spans);
  // Ten digits or more after "acc" are a bank's account anywhere ("my FNB acc 62123456789"); six in a text about a bank.
  const bank = BANK.test(text);
  for (const m of text.matchAll(BANK_NAMED)) {
    const digits = digitsOf(m[1]!).length;
    if (digits < 6 || (!bank && (digits < 10 || /^branch/i.test(m[0])))) continue;
    spans.push([m.index + m[0].length - m[1]!.length, m.index + m[0].length]);
  }
  for (const m of text.matchAll(SAID_AFTER)) {
    const from = m.index + m[0].length;
    if (spans.some(([a, b]) => a < from + 1 && from < b)) continue;
    const end = saidAfter(text, from);
    if (end !== null) spans.push([from, end]);
  }
  return replaceSpans(text, spans, 'id', found);
}

/**
 * The check letter said after a number already removed, as a Spanish DNI or a Chilean RUT is read out:
 * "[id], letra jota", "[phone], guion k". It belongs to the number: it goes into its placeholder.
 */
const CHECK_LETTER =
  /(\[(?:id|phone|code|card)\])[ \t]{0,3}[,.]?[ \t]{0,3}(?:letra|lettre|letter|lettera|buchstabe|gui[oó]n)[ \t]{1,3}(?:[a-zñ]|be|ce|de|efe|ge|hache|jota|ka|ele|eme|ene|eñe|pe|cu|erre|ese|te|uve|equis|ye|zeta)(?![\p{L}\p{N}])/giu;

export function redactCheckLetters(text: string): string {
  return text.includes('[') ? text.replace(CHECK_LETTER, '$1') : text;
}
