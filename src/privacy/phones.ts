import { findPhoneNumbersInText } from 'libphonenumber-js';
import { referenceBefore } from './codes.ts';
import { spokenDigitRuns } from './spoken.ts';
import { digitsOf, type Found, replaceSpans, substitute } from './substitute.ts';

/**
 * Phone numbers: first every number libphonenumber-js finds in the text, in any format of any
 * country (North American by default, so national numbers count), with its extension; then the
 * shapes it does not take as valid numbers (reserved ranges such as 555 and UK drama numbers, local
 * "555-0142"); then numbers said as words ("nine oh two five five five…").
 */
const PHONE = new RegExp(
  String.raw`(?<![\w$£€+@#/.])(?<![A-Za-z\d][-])(?:` +
    String.raw`(?:\+|00)\d+(?:[ .-]?\(\d{1,4}\)[ .-]?\d+)?(?:[ .-]\d+)*` +
    String.raw`|(?:1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-]?)\d{3}[ .-]?\d{4}` +
    String.raw`|0\d{2,4}[ .-]?\d{3,4}[ .-]?\d{3,4}` +
    String.raw`|0\d(?:[ .-]?\d{2}){4}` +
    // Turkish mobiles in 4-3-2-2: "0532 418 77 09".
    String.raw`|0\d{3}[ .-]\d{3}[ .-]\d{2}[ .-]\d{2}` +
    String.raw`|0\d{2,4}[ .-]?\d{6,8}` +
    String.raw`|[1-9]\d{2}(?:[ .-]\d{2,3}){2,3}` +
    String.raw`|[6-9]\d{4}[ -]\d{5}` +
    // Indian mobiles in 4-3-3 ("9819 004 227"), Chinese ones in 3-4-4 ("139 1782 4456"), two-digit
    // area codes in 2-4-4 ("55 4123 8890", "11 5432-1098"), Nordic "070-123 45 67" and "073 912 44 08".
    String.raw`|[6-9]\d{3} \d{3} \d{3}` +
    String.raw`|1[3-9]\d[ -]\d{4}[ -]\d{4}` +
    String.raw`|[1-9]\d \d{4}[ -]\d{4}` +
    String.raw`|0\d{1,3}[ -]\d{2,3}(?: \d{2}){2,3}` +
    // Australian landlines with their area code in brackets: "(02) 5550 4471".
    String.raw`|\(0\d\)[ ]?\d{4}[ ]?\d{4}` +
    String.raw`|[2-9]\d{2}[-.]\d{4}` +
    // Singapore's eight digits in 4-4: "9123 4567".
    String.raw`|[689]\d{3} \d{4}` +
    String.raw`)(?![\w@/%]|[.,:-]\d)`,
  'g',
);
/** What an eight-digit number after it belongs to, when it is not a phone: "gift card 9123 4567", "serial 6120 4471". */
const NOT_A_PHONE_BEFORE =
  /(?<![\p{L}])(?:card|voucher|gift|order|invoice|ref|reference|receipt|ticket|code|pin|serial|account|acct|member|membership|policy|#)[ \t:#.]{0,4}$/iu;
const PHONE_CUED =
  /((?<![\p{L}])(?:tel|t[ée]l|phone|ph|mobile|mob|cell|cellphone|cel|hp|landline|contact(?:[ \t]{1,8}me(?:[ \t]{1,8}(?:at|on))?)?|handy|telefon|tel[ée]fono|telem[óo]vel|celular|m[óo]vil|mobiel|gsm|portable|tlf|mobil|mobilnummer|nummer|nummeret|ring(?:[ \t]{1,8}(?:meg|mig|oss|os))?[ \t]{1,8}på|puhelin|(?:my|his|her|our|their|new|cell|phone|mobile|callback|call-back|contact|home|work)[ \t]{1,8}number|num[ée]ro|n[úu]mero|whatsapp|whats|wpp|zap|fone|telefone|numaram|numaras[ıi]|cep(?:[ \t]{1,8}telefonu)?|ra2m[ei]|raqm[ei]|text me at|call me at|reach me at)\.?(?:[ \t]{1,8}(?:of|da|do|de|di|del|von|van)[ \t]{1,8}(?:my|minha|meu|mi|mia|mio|meiner|meinem|mijn)[ \t]{1,8}\p{L}+)?(?:[ \t]{1,8}(?:is|was|es|est|ist|é|number|no\.?|#))*[ \t:=]{0,8})(\+?\(?\d[\d \t()./-]{5,22}\d)(?![\p{L}\p{N}])/giu;
/**
 * A North American number read out in its three groups with commas between, digits typed one by one
 * or together, one group at least typed digit by digit: "6 0 4, 5 5 5, 0 1 7 9", "514, 555, 0 1 9 4".
 * A list of scores or prices ("4, 5, 3", "120, 150, 1800") is typed in whole numbers.
 */
const GROUPED =
  /(?<![\w$£€+@#/.,])(?:1[ \t]{0,3}[,.-][ \t]{0,3})?\d(?: ?\d){2}[ \t]{0,3}[,.-][ \t]{0,3}\d(?: ?\d){2}[ \t]{0,3}[,.-][ \t]{0,3}\d(?: ?\d){3}(?![\w]| ?\d|[.,-]\d)/g;
/** Where a number may be: digits with separators, up to 30 characters, and an extension; no number has more than six groups. */
const CANDIDATE = /[+(]?\d[\d \t()./-]{5,28}\d(?:[ \t]{0,8},?[ \t]{0,8}(?:x|ext\.?|extension)[ \t]{0,8}\d{1,6})?/gi;
/** An extension after a number: "x23", "ext. 12", "extension 23", "poste 4", "extensión 215", "Durchwahl 34", "local 12". */
const NUMBER_WORD =
  '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)';
const EXTENSION = new RegExp(
  String.raw`^[ \t]{0,8},?[ \t]{0,8}(?:x|ext\.?|extension|extensi[óo]n|extens[ãa]o|ramal|interno|int\.|poste|durchwahl|dw\.?|toestel|wewn\.?|anknytning|local|loc\.)[ \t]{0,8}#?[ \t]{0,8}(?:\d(?:[ \t]?\d){0,5}|${NUMBER_WORD}(?:[ \t-]{1,8}${NUMBER_WORD}){0,4})(?![\p{L}])`,
  'iu',
);

export function redactPhones(text: string, found: Found, country: 'US' | 'CA' | 'GB' | 'FR' = 'US'): string {
  // The library reads only the stretches that could hold a number: it costs about 2 µs a character.
  // A stretch joined by a dash to the word before it is a code's part ("GC-0071-3390-5521").
  const spans = [...text.matchAll(CANDIDATE)].flatMap((c) =>
    (c[0].match(/\d+/g) ?? []).length > 6 || /[\p{L}\d]-$/u.test(text.slice(Math.max(0, c.index - 2), c.index))
      ? []
      : findPhoneNumbersInText(c[0], { defaultCountry: country }).map((p) => {
          // An extension read digit by digit ("extension 3 0 4"): the library keeps its first digit only.
          const end = c.index + p.endsAt;
          const more = p.number.ext && /^(?:[ \t]\d){1,5}(?![\p{L}\p{N}])/u.exec(text.slice(end, end + 12));
          return [c.index + p.startsAt, end + (more ? more[0].length : 0)] as const;
        }),
  );
  let out = replaceSpans(text, spans, 'phone', found);
  out = substitute(out, PHONE, (m) => {
    let number = m[0];
    let rest = '';
    if (number.startsWith('+') || number.startsWith('00')) {
      // "+1 555 123 4567 18 holes": a short last group followed by a word is the next number.
      const last = /[ .-](\d{1,3})$/.exec(number);
      const after = out.slice(m.index + number.length, m.index + number.length + 2);
      if (last && /^\s\p{L}/u.test(after) && digitsOf(number).length - last[1]!.length >= 10) {
        rest = number.slice(last.index);
        number = number.slice(0, last.index);
      }
      const n = digitsOf(number).length - (number.startsWith('00') ? 2 : 0);
      if (n < 8 || n > 15) return undefined;
    } else if (number.startsWith('0')) {
      const n = digitsOf(number).length;
      if (n < 10 || n > 12) return undefined;
    } else if (/^[1-9]\d{2}(?:[ .-]\d{2,3}){2,3}$/.test(number)) {
      // "912 345 678", "679 88 21 43": a national number in groups, nine or ten digits; eight in the
      // Norwegian mobile's 3-2-3, which starts with 4 or 9 ("912 34 567").
      const n = digitsOf(number).length;
      if ((n < 9 || n > 10) && !/^[49]\d{2} \d{2} \d{3}$/.test(number)) return undefined;
    } else if (/^\d{4} \d{4}$/.test(number) && (referenceBefore(out, m.index) || NOT_A_PHONE_BEFORE.test(out.slice(Math.max(0, m.index - 16), m.index)))) {
      // "gift card 9123 4567", "order 6120 4471": a reference's number, not a phone.
      return undefined;
    }
    found.phone++;
    return `[phone]${rest}`;
  });
  out = substitute(out, GROUPED, (m) => {
    if (!/\d \d/.test(m[0])) return undefined;
    found.phone++;
    return '[phone]';
  });
  // After what names it ("tel.", "mobile", "cell is"), any run of 7 to 15 digits in groups.
  out = substitute(out, PHONE_CUED, (m) => {
    if (digitsOf(m[2]!).length < 7 || digitsOf(m[2]!).length > 15) return undefined;
    found.phone++;
    return `${m[1]}[phone]`;
  });
  // A number said as words, with its "plus" or "area code" said before it.
  const said = spokenDigitRuns(out, 7, false, true)
    .filter((r) => r.digits.length <= 15)
    .map((r) => {
      const before = /(?:pluss?|m[áa]s|mais|pi[ùu]|\+)[ \t]{0,8}$/i.exec(out.slice(Math.max(0, r.start - 7), r.start));
      return [before ? r.start - before[0].length : r.start, r.end] as const;
    });
  out = replaceSpans(out, said, 'phone', found);
  // The extension goes with the number before it.
  return out.replace(/\[phone\]([^\n[]{0,40})/g, (whole, after: string) => {
    const ext = EXTENSION.exec(after);
    return ext ? `[phone]${after.slice(ext[0].length)}` : whole;
  });
}

/**
 * Digits typed one by one that no other pass took, eight to fifteen of them with a zero among them:
 * a phone number ("call or text 0 4 1 7 5 5 5 2 3 9"). It runs after the answers to a question, which
 * know better what such digits are ("passport number?" / "5 3 3 8 0 1 9 2 7"); a card's went before
 * it, and a score card's holes have no zero ("we shot 4 5 3 4 4 5 3 4 5").
 */
export function redactTypedNumbers(text: string, found: Found): string {
  const typed = spokenDigitRuns(text, 8, true)
    .filter((r) => r.typed && r.digits.length <= 15 && r.digits.includes('0'))
    .map((r) => [r.start, r.end] as const);
  return replaceSpans(text, typed, 'phone', found);
}
