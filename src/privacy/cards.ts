import { dateAfter } from './dates.ts';
import { digitsSaidIn } from './digit-words.ts';
import { spokenDigitRuns } from './spoken.ts';
import { digitsOf, type Found, replaceSpans, substitute } from './substitute.ts';
import { LABEL } from './turns.ts';

/**
 * Payment card data: the number (13-19 digits, run together or in groups, written or said, whether
 * or not it passes the Luhn check: a mistyped number is still someone's card), its last four after a
 * cue ("ending in 4242"), its security code and its expiry date.
 */
const CARD = /(?<![\w$£€+#.,/-])(?:\d{13,19}|\d{4}(?:[ -]\d{3,6}){2,4})(?![\w/]|[.,-]\d)/g;
/**
 * A card number read or typed in uneven groups ("4519 03 2211 8876 44", "5 4 2 5, 2334, 30 10, 99 03"):
 * taken when its 13-19 digits pass the Luhn check, as a list of scores or times seldom does, or when
 * a card is named just before it and no comma separates the groups.
 */
const CARD_BEFORE = /(?<![\p{L}[])(?:card|cc|visa|mastercard|amex|credit|debit|carte|tarjeta)(?![\p{L}])[^\n.!?]{0,40}$/iu;
const UNEVEN = /(?<![\w$£€+#.,/-])\d{1,6}(?:(?:[ \t]{1,3}|[ \t]{0,2}[,-][ \t]{0,2})\d{1,6}){2,9}(?![\w/]|[.,-]\d)/g;
const MASKED =
  /(?:(?<![\p{L}\p{N}])(?:\d{4}[ \t-]?)?(?:(?:[*x•]{4}|\d{2}[*•]{2}|\d[*•]{3}|\d{3}[*•])[ \t-]?){1,3}|(?<![\p{L}\p{N}*•])[*•]{2,})\d{4}(?![\p{L}\p{N}])/giu;

/** A digit said in English (with "oh"), French, Spanish or Portuguese. */
const SAID_DIGIT = ['oh', ...Object.keys(digitsSaidIn('en', 'fr', 'es', 'pt'))].join('|');
/**
 * "ending in 4242", "ending 42 42", "last four digits are 4242", "first four five five two three", "card ends with 4242", "card ends 4242",
 * "qui finit par 8802", "que termina en cuatro cuatro cero uno", "termina em 7 7 2 3", "Endziffern 4 2 4 2",
 * "eindigt op 4242", "slutar på 4242", "kad yang berakhir 7753", "κάρτα που λήγει σε 3092", "4 digit terakhir 7753".
 */
const LAST_FOUR = new RegExp(
  String.raw`(?:(?<![\p{L}])(?:ending(?:[ \t]{1,8}(?:in|with|en|em))?|ends(?:[ \t]{1,8}(?:in|with))?|(?:last|first)[ \t]{1,8}(?:4|four)(?:[ \t]{1,8}(?:digits|of|on|the|my|card|cc|visa|amex|mastercard|are|is|r|being))*|(?:on|my|the|his|her)[ \t]{1,8}(?:card|visa|mastercard|amex|debit[ \t]{1,8}card|credit[ \t]{1,8}card)(?=[ \t]{1,8}\d{4}(?![\d \t-]*\d))|(?:finit|finissant|termine|terminant|se[ \t]{1,8}termine)[ \t]{1,8}par|(?:termina|terminada|terminado|terminando)[ \t]{1,8}(?:en|em|con|com)|finisce[ \t]{1,8}(?:con|per|in)|endziffern?|endet[ \t]{1,8}(?:auf|mit)|(?:eindig|eindigt|eindigend)[ \t]{1,8}op|slutar[ \t]{1,8}p[åa]|(?:slutter|ender)[ \t]{1,8}(?:p[åa]|med)|p[äa][äa]ttyy(?:[ \t]{1,8}numeroihin)?|ko[ńn]czy[ \t]{1,8}si[ęe][ \t]{1,8}na|kon[čc][íi][ \t]{1,8}na|berakhir(?:an|[ \t]{1,8}dengan)?|v[ée]gz[őo]dik|se[ \t]{1,8}termin[ăa][ \t]{1,8}(?:[îi]n|cu)|l[õo]peb(?:[ \t]{1,8}numbritega)?|endar[ \t]{1,8}[áa]|k[ếe]t[ \t]{1,8}th[úu]c[ \t]{1,8}b[ằa]ng|nagtatapos[ \t]{1,8}sa|acabad[ao][ \t]{1,8}en|ostatnie[ \t]{1,8}(?:4|cztery[ \t]{1,8})?cyfry|[úu]ltimos[ \t]{1,8}(?:4|cuatro|quatro)[ \t]{1,8}d[íi]gitos|son[ \t]{1,8}(?:4|d[öo]rt)[ \t]{1,8}hane(?:si)?|(?:cart[ãa]o|tarjeta|carta|karte|kort)[ \t]{1,8}(?:final|finale)|λήγει[ \t]{1,8}σε|(?:empat|4)[ \t]{1,8}(?:digit|angka)[ \t]{1,8}terakhir(?:nya)?|(?:4|b[ốo]n)[ \t]{1,8}s[ốo][ \t]{1,8}cu[ốo]i|huling[ \t]{1,8}(?:apat|4)(?:[ \t]{1,8}na)?(?:[ \t]{1,8}(?:numero|digits?))?|آخر[ \t]{1,8}(?:أربعة|اربعة|4)[ \t]{1,8}(?:أرقام|ارقام))|` +
    // "下4桁は4242", "尾号4242", "끝자리 4242": the last digits named in Japanese, Chinese or Korean, after any letter.
    String.raw`(?:下4桁|下四桁|末尾|尾号|尾號|尾数|尾數|后四位|後四位|끝자리|끝번호|뒷자리|뒷번호)[はは是는은이가]?)[ \t:：]{0,8}(?:[#*x•.]+[ \t]{0,8})?(\d{4}|\d([ \t-])\d\2\d\2\d|\d\d[ \t-]\d\d|(?:(?:(?:double|triple)[ \t-]{1,3})?(?:${SAID_DIGIT})[ \t,-]{1,8}){2,3}(?:(?:double|triple)[ \t-]{1,3})?(?:${SAID_DIGIT}))(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}])`,
  'giu',
);
/** The security code: "cvv 123", "security code is 987", "the three digits on the back are 123". */
const CVV_CUE =
  /(?<![\p{L}])(?:cvv2?|cvc2?|cid|csc|security(?:[ \t]{1,8}(?:code|number|digits))?|(?:three|3|four|4)[ \t]{1,8}(?:digits?|numbers?)[ \t]{1,8}on[ \t]{1,8}the[ \t]{1,8}back|(?:code|number|digits)[ \t]{1,8}on[ \t]{1,8}the[ \t]{1,8}back|cryptogramme(?:[ \t]{1,8}visuel)?|c[óo]digo[ \t]{1,8}de[ \t]{1,8}seguran[çc]a|c[óo]digo[ \t]{1,8}de[ \t]{1,8}seguridad|codice[ \t]{1,8}di[ \t]{1,8}sicurezza|(?:karten)?pr[üu]f(?:nummer|ziffer|code)|s[äa]kerhetskod(?:en)?|sikkerhe[dt]skode(?:n)?|beveiligingscode|kod[ \t]{1,8}(?:bezpiecze[ńn]stwa|cvv)|bezpe[čc]nostn[íi][ \t]{1,8}k[óo]d|biztons[áa]gi[ \t]{1,8}k[óo]d|turvakoodi|codul[ \t]{1,8}de[ \t]{1,8}securitate|κωδικός[ \t]{1,8}ασφαλείας|m[ãa][ \t]{1,8}b[ảa]o[ \t]{1,8}m[ậa]t|g[üu]venlik[ \t]{1,8}kodu)(?![\p{L}])/giu;
/** A month and year just after a card's number (or the name on it), with no cue: "[card], 11/26", "[card] [name] 08/28". */
const EXPIRY_AFTER_CARD = /(\[card\][ \t]{0,8}[,;]?[ \t]{0,8}(?:\[name\][ \t]{1,8}){0,3})(?:0[1-9]|1[0-2])[/-](?:\d{2}|20\d{2})(?![\p{N}/])/gu;
/** The security code read out after a card's number and expiry: "Visa, 4000 1234 5678 9010, 12/25, 341". */
const CODE_AFTER_EXPIRY =
  /(\[card\][ \t]{0,8}[,;]?[ \t]{0,8}\[card\][ \t]{0,8}[,;]?[ \t]{0,8}(?:(?:cvv|cvc|cv2|code|security[ \t]code)[ \t:]{0,8})?)\d{3,4}(?![\p{L}\p{N}]|[.,]\d)/giu;
/** Words that say when anything runs out ("el voucher vence el 30/06", "der Gutschein läuft ab"): an expiry only just after a card. */
const RUNS_OUT = String.raw`vence|caduca|scade|l[äa]uft[ \t]{1,8}ab|g[åa]r[ \t]{1,8}ut|utl[øo]per|udl[øo]ber|vervalt|expir[ăa]|expira|lej[áa]r|vanhenee|plat(?:n[áa]|nost)[ \t]{1,8}do|λήγει|h[ếe]t[ \t]{1,8}h[ạa]n`;
const RUNS_OUT_ALONE = new RegExp(`^(?:${RUNS_OUT})$`, 'iu');
/** A card named in the sixty characters before such a word. */
const CARD_NAMED = /tarjeta|cart[ãa]o|carta|card|carte|karte|kaart|kort|karta|k[áa]rty|kortti|κάρτα|thẻ|visa|mastercard|amex/iu;
/** The expiry: "exp 04/27", "expires April 2027", "expiry oh four twenty seven", "valid thru 11/28". */
const EXPIRY_CUE = new RegExp(
  String.raw`(?<![\p{L}])(?:exp(?:\.|iry|ires|ired|iring|iration)?(?:[ \t]{1,8}date)?|valid[ \t]{1,8}(?:thru|through|until)|good[ \t]{1,8}(?:thru|through|until)|(?:val(?:id)?|cad|vto|venc|scad)\.?(?=[ \t:]{1,4}\d\d\/\d\d(?!\d))|validade|vencimiento|vencimento|vence|caduca|caducidad|scadenza|g[üu]ltig[ \t]{1,8}bis|ablaufdatum|udl[øo]b|utg[åa]ngsdatum|wa[żz]n[ae][ \t]{1,8}do|geldig[ \t]{1,8}tot|valable[ \t]{1,8}jusqu['’][àa]|v[áa]lid[ao][ \t]{1,8}(?:at[ée]|hasta)|son[ \t]{1,8}kullanma|${RUNS_OUT})(?![\p{L}])`,
  'giu',
);

export function redactCards(text: string, found: Found): string {
  let out = substitute(text, CARD, (m) => {
    const n = digitsOf(m[0]).length;
    if (n < 13 || n > 19) return undefined;
    found.card++;
    return '[card]';
  });
  out = substitute(out, UNEVEN, (m) => {
    const digits = digitsOf(m[0]);
    if (digits.length < 13 || digits.length > 19) return undefined;
    // Without the checksum, only groups of a card's reading (no list with commas) after a card is named.
    if (!passesLuhn(digits) && (m[0].includes(',') || !CARD_BEFORE.test(m.input.slice(Math.max(0, m.index - 48), m.index)))) return undefined;
    found.card++;
    return '[card]';
  });
  out = replaceSpans(
    out,
    spokenDigitRuns(out, 13, true)
      // "plus two three four, eight zero three…": an international phone number, said.
      .filter(
        (r) =>
          (r.meant ?? r.digits).length >= 13 &&
          r.digits.length <= 19 &&
          !/(?:plus|\+)[ \t]{0,8}$/i.test(out.slice(Math.max(0, r.start - 6), r.start)) &&
          // Digits typed one by one ("3 7 1 4, 4 9 6 3…") are a card's when they pass its checksum or a card is named before them.
          (!r.typed || passesLuhn(r.digits) || CARD_BEFORE.test(out.slice(Math.max(0, r.start - 48), r.start))),
      )
      .map((r) => [r.start, r.end] as const),
    'card',
    found,
  );
  // A card number masked but for its last four: "****4410", "xxxx-xxxx-xxxx-4410", "•••• 4410".
  out = substitute(out, MASKED, () => {
    found.card++;
    return '[card]';
  });
  out = substitute(out, LAST_FOUR, (m) => {
    found.card++;
    return `${m[0].slice(0, m[0].length - m[1]!.length)}[card]`;
  });
  out = replaceSpans(
    out,
    valuesAfter(
      out,
      CVV_CUE,
      /^[ \t]{0,8}(?:(?:is|are|was|es|est|ist|är|er|on|je|é|è|:|=|#|-)[ \t]{0,8})*(\d{3,4}|\d[ \t]\d[ \t]\d(?:[ \t]\d)?|(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)[ \t,-]{0,8}){3,4})(?![\p{L}\p{N}])/iu,
    ),
    'card',
    found,
  );
  const expiries: [number, number][] = [];
  for (const cue of out.matchAll(EXPIRY_CUE)) {
    if (RUNS_OUT_ALONE.test(cue[0]) && !CARD_NAMED.test(out.slice(Math.max(0, cue.index - 60), cue.index))) continue;
    // "It expires in 10 minutes": a duration, not a date.
    const after = out.slice(cue.index + cue[0].length, cue.index + cue[0].length + 40);
    if (/^[ \t]{1,8}in[ \t]{1,8}(?:\d{1,3}|an?|one|two|three|five|ten|fifteen|thirty)[ \t]{0,8}(?:sec|min|hour|hr|day|week)/i.test(after)) continue;
    // Asked, and answered on the next line after its speaker's label: "Expiry?\nCaller: March twenty-eight."
    const end = cue.index + cue[0].length;
    const asked = /^[ \t]{0,8}\?[ \t]{0,8}\n/.exec(after);
    const label = asked ? LABEL.exec(out.slice(end + asked[0].length, end + asked[0].length + 80)) : null;
    const span = dateAfter(out, asked && label ? end + asked[0].length + label[0].length : end);
    // "expired (LINK-EXP-09)": the end of a code, not a date.
    if (span && span[1] - span[0] <= 40 && !/[\p{L}\p{N}]-$/u.test(out.slice(Math.max(0, span[0] - 2), span[0]))) expiries.push(span);
  }
  out = replaceSpans(out, expiries, 'card', found);
  out = substitute(out, EXPIRY_AFTER_CARD, (m) => {
    found.card++;
    return `${m[1]}[card]`;
  });
  return substitute(out, CODE_AFTER_EXPIRY, (m) => {
    found.card++;
    return `${m[1]}[card]`;
  });
}

/** After each cue, the first group of `value` (anchored just after the cue), as spans. */
function valuesAfter(text: string, cue: RegExp, value: RegExp): [number, number][] {
  const spans: [number, number][] = [];
  for (const c of text.matchAll(cue)) {
    const from = c.index + c[0].length;
    const m = value.exec(text.slice(from, from + 80));
    if (!m) continue;
    const group = m[1]!.replace(/[ \t,-]{1,8}$/, '');
    const start = from + m[0].indexOf(m[1]!);
    spans.push([start, start + group.length]);
  }
  return spans;
}

/** The Luhn checksum every payment card number satisfies. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
