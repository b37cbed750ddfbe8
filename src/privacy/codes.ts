import { isCommon } from './common-words.ts';
import { loadNameLexicon } from './lexicon.ts';
import { SAID_NUMBER, spokenDigitRuns } from './spoken.ts';
import { digitsOf, type Found, HAS_PLACEHOLDER } from './substitute.ts';

/**
 * Access codes and passwords, found after what names them: "door code 4829#", "PIN is 9981",
 * "lockbox combo is 0420", "keypad says 7781", "I tried 1234 and 0000", "gate code five five two
 * one", "wifi password is Birdie2024!". Within a few words after the cue, the first code-shaped token
 * and any joined to it by "or", "and" or a comma. The cue is kept. Promotional codes are offers
 * anyone may have, not personal: "promo code SPRING25" stays.
 */
const CODE_CUE =
  /(?<![\p{L}\p{N}_[])(?<!(?:error|zip|area|postal|post|qr|bar|status|dress|country|source|exit|fault|tax|dial|reason|promo|promotional|discount|coupon|voucher|referral|auth|authorization|authorisation|approval|confirmation|tracking|response|http|server|api)[ \t-]?)(?:code|codes|pin|pins|passcode|passcodes|combo|combination|keypad|lockbox|lock[ \t]{1,8}box|key[ \t]{1,8}box|keybox|padlock|safe|alarm|alarma|alarme|otps?|c[oó]digo|codice|codici|clave|t[üu]rcode|torcode|zugangscode|pincode|geheimzahl|senha|deurcode|toegangscode|poortcode|d[öø]rr?kod(?:en|e)?|portkod(?:en)?|adgangskode|kod(?:en|u|um|unu|unuz)?|kode|[şs]ifre(?:si)?|parola|(?:p[äa][äa]sy|ovi|portti|avain|vahvistus)?koodi(?:n|a)?|(?:ajt[óo]|kapu|bel[ée]p[őo])k[óo]d(?:ot|ja|ja[ \t]{1,8}a)?|код|пин|пін|קוד|הקוד|רמז|رمز|الرمز|كود|الكود|کد|nambari[ \t]{1,8}ya[ \t]{1,8}siri|κωδικ[όοός]{1,2}[ςύ]?|k[óo]d(?:ot|ja|u)?|codul|ang[oō]u?|anshou[ \t]{1,8}bang[oō]u?|pasuw[aā]do|bimil[ \t]?beonho|kodeu|ramz|(?:hur[ðd]ar)?k[óo][ðd]i(?:nn|nn?|ann)?|(?:ukse|pin-?)?kood(?:i)?|parool|lykilor[ðd]|m[ãa][ \t]{1,8}(?:c[ửu]a|pin|s[ốo]|m[ởo][ \t]{1,8}c[ửu]a|x[áa]c[ \t]{1,8}nh[ậa]n)|m[ậa]t[ \t]{1,8}kh[ẩa]u)(?![\p{L}\p{N}_\]])/giu;
/** A code named in Japanese, Korean, Chinese or Thai, where no space sets words apart: "ドアコード 5831", "비밀번호", "รหัสประตู". */
const CJK_CODE_CUE = /(?:コード|暗証番号|パスワード|코드|비밀번호|密码|密碼|代码|รหัส)/gu;
/** What someone does with a code: only digits count after these ("I tried 1234 and 0000", "kokeilin 2580", not "try HDMI 2"). */
const CODE_VERB =
  /(?<![\p{L}\p{N}_[])(?:try|trying|tried|enter|entered|entering|punch(?:ed)?(?:[ \t]{1,8}in)?|typed(?:[ \t]{1,8}in)?|put[ \t]{1,8}in|keyed[ \t]{1,8}in|used|essay[ée]|tap[ée]|entr[ée]|compos[ée]|intent[ée]|prob[ée]|puse|marqu[ée]|provato|provati|digitato|inserito|tentei|digitei|prøvde|prøvede|provade|testade|kokeilin|kokeilen|syötin|näppäilin|próbáltam|beütöttem|zkoušel[a]?|zadal[a]?|próbował(?:em|am)|wpisał(?:em|am))(?![\p{L}\p{N}_\]])/giu;
/** A password is whatever word follows its cue, digits or not. */
const PASSWORD_CUE =
  /(?<![\p{L}\p{N}_[])(?:password|passwd|pwd|pw|passphrase|mot[ \t]{1,8}de[ \t]{1,8}passe|contraseña|contrasena|senha|passwort|(?:login|account|wifi|wi-fi|member)[ \t]{1,8}pass|pass(?=[ \t]{0,8}[:=]))(?![\p{L}\p{N}_\]])/giu;

const CUE_WORDS = new Set(['code', 'codes', 'otp', 'otps', 'pin', 'pins', 'passcode', 'passcodes', 'combo', 'combination', 'keypad', 'lockbox', 'alarm']);
/** Words between a cue and its code that still count as "right after" it ("pin is 123"). */
const DIRECT = new Set([
  'is',
  'was',
  'will',
  'be',
  "it's",
  'its',
  'number',
  'no',
  'num',
  'now',
  '#',
  '',
  'says',
  'said',
  'shows',
  'showed',
  'reads',
  'are',
  'of',
  'to',
  'as',
]);
/** Words that may separate two codes after the first: "1234 or 5678". */
const CONNECTORS = new Set(['and', 'or', 'then', '/', '&', '', 'also', 'even', 'plus', 'maybe', 'perhaps', 'possibly']);
/** Units after a number that make it a quantity, not a code ("the pin is 150 yards", "a 4-digit PIN"). */
export const UNITS = new Set(
  (
    'yards yard yds yd feet ft foot meters metres m miles mi mph out away hours hour hrs hr minutes minute min ' +
    'mins seconds sec secs am pm players people holes bays balls dollars bucks usd percent times x days weeks digit digits character characters'
  ).split(' '),
);
/** Capitals that follow a cue without being a code: "change my PIN ASAP". */
const NOT_A_CODE = new Set(['asap', 'pls', 'plz', 'thx', 'urgent', 'help', 'fyi', 'lol', 'omg', 'wtf']);
/** Words that cannot be a password: "the password is wrong", "password is not working". */
const NOT_A_PASSWORD = new Set(
  (
    'the a an is was not wrong incorrect right correct working broken invalid expired same different new old changed ' +
    "isnt isn't doesnt doesn't didnt didn't wont won't cant can't keeps still even exactly printed posted written shown " +
    'reset case sensitive on in at for to of my your our their it this that there here what which'
  ).split(' '),
);
const CODE_WINDOW = 6;
const LEAD = /^[("'“‘:=]+/;
const TRAIL = /[)\]}"'”’.,;:!?]+$/;
const TOKEN = /\S+|\n/g;

/** A small word of lower-case letters and one digit that stands for a letter (2, 3, 5, 6, 7, 8, 9). */
const ARABIZI = /^(?=.{4,8}$)[a-z]*[235-9][a-z]*$/;

function isCodeToken(core: string, direct: boolean, next: string | undefined): boolean {
  if (core.length > 32) return false;
  const followedByUnit = next !== undefined && UNITS.has(next.toLowerCase());
  const digits = /^[#*]?(\d{3,12})[#*]?$/.exec(core);
  if (digits) return !followedByUnit && (digits[1]!.length >= 4 || direct);
  if (/^[#*]?\d{1,8}(?:[*#-]\d{1,8})+[#*]?$/.test(core)) return !followedByUnit;
  if (/^(?=[^\d]*\d)(?=.*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*[#*!]?$/.test(core)) {
    // "a 16-character code", "the 4-digit pin": a measure; "E-204": an error the screen shows.
    if (core.length < 4 || /^\d+-[a-z]+$/i.test(core) || /^[A-Z]{1,3}-\d{1,4}$/.test(core)) return false;
    // Arabic written in Latin letters, a digit for a letter ("sa7by", "3ala"): a word, unless the code is named right before it.
    if (!direct && ARABIZI.test(core)) return false;
    return !/^\d+(?:st|nd|rd|th|am|pm|a|p|h|hrs?|mins?|m|s|k|x|yds?|ft|mph|lbs?|kg|gb|mb)$/i.test(core);
  }
  return direct && /^[A-Z]{4,16}$/.test(core) && !DIRECT.has(core.toLowerCase()) && !isCommon(core) && !NOT_A_CODE.has(core.toLowerCase());
}

/** Words that make a code an offer anyone may use: "use code SWING20 for 20% off", "enter code X at checkout". */
const OFFER = /\d[ \t]{0,8}%|\b\d+[ \t]{1,8}off\b|\boff[ \t]{1,8}(?:any|your|all|the|each|every|a|an)\b|discount|promo|coupon|checkout|voucher|rebook/i;

/** A keypad entry with its enter key, wherever it stands: "7731#", "09-11#", "*2580". */
const KEYPAD = /(?<![\p{L}\p{N}#*[-])(?:\d{3,8}[#*]|\d{2,4}(?:-\d{2,4}){1,2}[#*]|\*\d{3,8})(?![\p{L}\p{N}#*])/gu;

const NUMBER_WORDS = new RegExp(`^${SAID_NUMBER}$`, 'i');
const PASSWORD_SAID = new RegExp(
  String.raw`((?<![\p{L}])(?:password|passwd|pw|passcode)(?:[ \t]{1,8}(?:is|was|it['’]?s|its))?[ \t:=,]{1,8}(?:it['’]?s[ \t]{1,8})?)((?:\p{L}+[ \t]{1,8}){1,3}${SAID_NUMBER}(?:[ \t,-]{1,8}${SAID_NUMBER}){1,7})(?![\p{L}\p{N}])`,
  'giu',
);
/**
 * The key pressed after a code, in the languages read here: "… two six star", "… then pound",
 * "…, then the tick button", "… cinco, uno, almohadilla", "… otto, due, zero, cancelletto".
 */
const ENTER_KEY = new RegExp(
  String.raw`^[ \t]{0,8},?[ \t]{1,8}(?:(?:then|followed[ \t]{1,8}by|luego|poi|dann|puis|dan)[ \t]{1,8})?(?:(?:the|la|el|il|die|le|de|het)[ \t]{1,8})?` +
    '(?:pound|hash|star|tick|enter|almohadilla|numeral|asterisco|estrella|cancelletto|dièse|diese|étoile|etoile|raute|sternchen|stern|sterretje|hekje|kruisje|fyrkant|firkant|stjärna|stjerne)' +
    String.raw`(?:[ \t]{1,8}(?:key|sign|button|tecla|tasto|taste|toets|touche))?(?![\p{L}])`,
  'iu',
);

/** How many characters from `at` say the key pressed after a code ("… fyrkant", ", then pound"): 0 when none. */
export const keyPressedAfter = (text: string, at: number): number => ENTER_KEY.exec(text.slice(at, at + 60))?.[0].length ?? 0;

/** Words that number what follows them, not a password: "hole seven eight", "channel three four". */
const COUNTED = new Set(
  'hole holes locker lane floor level par iron irons wedge wood hybrid handicap page step version channel hdmi input port tv monitor minutes hours mins hrs'.split(
    ' ',
  ),
);
const WIFI = /(?<![\p{L}])wi-?fi(?![\p{L}])/iu;
/**
 * A password as people make them up: six to thirty-two characters, a digit, a small letter, and a
 * capital or a symbol. Not a network's name, which dashes or underscores join ("GolfHub-5G"), nor a
 * device's ("iPhone15").
 */
const MADE_UP =
  /(?<![\p{L}\p{N}_@.#*-])(?=[\p{L}\p{N}!@#$%&*]{0,31}\d)(?=[\p{L}\p{N}!@#$%&*]{0,31}\p{Ll})(?=[\p{L}\p{N}!@#$%&*]{0,31}[\p{Lu}!@#$%&*])[\p{L}\p{N}!@#$%&*]{6,32}(?![\p{L}\p{N}_-])/gu;
const DEVICE = /^(?:iphone|ipad|ipod|galaxy|pixel|macbook|xbox|ps)\d/i;
/** Small letters, then digits, as people make a password up in a hurry: "marmalade42", "tigerwoods1975". */
const WORD_AND_DIGITS = /(?<![\p{L}\p{N}_@.#*-])\p{Ll}{3,24}\d{2,8}(?![\p{L}\p{N}_@-])/gu;

const ACCESS_CONTEXT =
  /(?<![\p{L}])(?:door|doors|gate|lock|locks|locked[ \t]{1,8}(?:out|in)|locker|keypad|lockbox|padlock|override|reset[ \t]{1,8}it)(?![\p{L}])/iu;
const DIAL_NUMBER = String.raw`(?:\d{1,2}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)`;
/** A dial lock's combination: "3 turns right to 12 then left to 40", "right to twenty-one, left to five, right to thirty". */
const DIAL = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:\d|one|two|three|four)[ \t]{1,8}turns?[ \t]{1,8}|turn[ \t]{1,8})?(?:right|left|clockwise|counter-?clockwise)[ \t]{1,8}(?:to[ \t]{1,8})?${DIAL_NUMBER}(?:[ \t]{0,8},?[ \t]{1,8}(?:then[ \t]{1,8})?(?:(?:\d|one|two|three|four)[ \t]{1,8}turns?[ \t]{1,8}|turn[ \t]{1,8})?(?:right|left|clockwise|counter-?clockwise)[ \t]{1,8}(?:to[ \t]{1,8})?${DIAL_NUMBER}){1,3}(?![\p{L}\p{N}])`,
  'giu',
);

/** A number standing alone: not part of a price, a time, a reference, a decimal or a word. */
/** Four to eight digits, or six in two groups of three or three pairs as a one-time code is shown ("884 213", "24 68 13"). */
const BARE_NUMBER =
  /(?<![\p{L}\p{N}$£€#@.:/_+-]|\d[ .-])(?:\d{4,8}(?![\p{L}\p{N}%:/_-]|[.,]\d)|(?:\d{3} \d{3}|\d{2} \d{2} \d{2})(?![\p{L}\p{N}%:/_-]|[.,]\d|[ .-]\d))/gu;

const LETTER_BEFORE = /(?<![\p{L}])\p{Lu}[ \t,]{1,3}$/u;
const LETTER_AFTER = /^[ \t,]{1,3}\p{Lu}(?![\p{L}])/u;

/** What names a number as a reference, right before it: "booking 48291", "order #5521", "bay 1204". */
const REFERENCE_BEFORE =
  /(?<![\p{L}])(?:booking|order|reservation|res|ref|reference|invoice|receipt|confirmation|conf|transaction|ticket|case|account|acct|member|membership|bay|room|table|lane|flight|extension|ext|(?:r[ée]servation|reserva|reservaci[óo]n|r[ée]f[ée]rence|referencia|commande|pedido|buchung|buchungsnummer|boeking|bokning|prenotazione|rezerwacja|booking|reservation|ref|reference|order|reservering|reserveringsnummer|rezervasyon|rezervace|rezervare|foglal[áa]s|varaus|bestilling|pesanan|tempahan|예약[ \t]?번호|예약|予約番号|予約)(?:['’]s|[ \t]{1,8}(?:is|es|est))?)[ \t]{0,8}(?:no\.?|number|#|n[º°o]\.?)?[ \t]{0,8}[#:]?[ \t]{0,8}$/iu;
/** A reference's letters read out before its digits, as a caller says them: "RES, quattro due sette…". */
const REFERENCE_LETTERS = /(?<![\p{L}])(?:res|ref|bk)[ \t]{0,8},[ \t]{0,8}$/iu;

/**
 * A bearer code ("GC-88XQ-2210", "XMAS-4F7K-99A2"): groups of letters and digits joined by hyphens,
 * eight characters or more; where it is used, it must hold three digits or more and a group mixing
 * letters and digits, and not follow what names a reference ("booking BK-20931" stays).
 */
const BEARER = /(?<![\p{L}\p{N}_[-])(?=[\p{L}\p{N}-]*\p{L})(?=[\p{L}\p{N}-]{8,})[\p{L}\p{N}]{2,}(?:-[\p{L}\p{N}]{2,}){1,4}(?![\p{L}\p{N}_\]-])/gu;

/** What names a gift card's or voucher's code right before it: "gift voucher", "Gutschein", "carte cadeau", "card number" (a bank card's has no letters). */
const GIFT_BEFORE =
  /(?<![\p{L}])(?:gift[ \t-]?(?:card|voucher|certificate|cert)|card[ \t]{1,8}(?:number|no\.?|#)|giftcard|voucher|gutschein|cadeaubon|cadeaukaart|carte[ \t]{1,8}cadeau|tarjeta[ \t]{1,8}(?:de[ \t]{1,8})?regalo|vale[ \t]{1,8}(?:de[ \t]{1,8})?regalo|presentkort)(?:[ \t]{1,8}(?:code|number|no\.?|#|is|was|reissued|as))*[ \t:#]{0,8}$/iu;
/** A code's shape, letters as A and digits as 9: "GV-5531-KTQ" is "AA-9999-AAA". */
const shapeOf = (code: string): string => code.replace(/\p{L}/gu, 'A').replace(/\d/g, '9');

/** Whether the words just before `at` name the number there as a reference. */
export const referenceBefore = (text: string, at: number): boolean => {
  const before = text.slice(Math.max(0, at - 24), at);
  return REFERENCE_BEFORE.test(before) || REFERENCE_LETTERS.test(before);
};

export function redactCodes(text: string, found: Found): string {
  const edits = new Map<number, number>();
  for (const m of text.matchAll(KEYPAD)) edits.set(m.index, m[0].length);
  // A code in a gift card's or voucher's shape is worth money to whoever holds it, with or without a cue.
  const bearers = [...text.matchAll(BEARER)];
  const taken = new Set<string>();
  for (const m of bearers) {
    // "5:50pm-8pm" is a time, not a code.
    const mixed = m[0].split('-').some((part) => /\p{L}/u.test(part) && /\d/.test(part) && !/^\d+(?:am|pm|h|hrs?|min|k|km|yds?|m)$/i.test(part));
    // Three digits or more, or two in three groups or more ("GV-4KTR-8MQZ").
    const digits = digitsOf(m[0]).length;
    const groups = m[0].split('-').length;
    // Named a gift card's or voucher's right before it, its groups need not mix letters and digits ("gift voucher GV-5531-KTQ").
    const gift = GIFT_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index));
    if ((digits >= 3 || (digits >= 2 && groups >= 3)) && (mixed || (gift && groups >= 3)) && !referenceBefore(text, m.index)) {
      edits.set(m.index, m[0].length);
      taken.add(shapeOf(m[0]));
    }
  }
  // Another code of the same shape is one too: "reissued as GV-8820-MNB".
  for (const m of bearers) if (taken.has(shapeOf(m[0])) && !referenceBefore(text, m.index)) edits.set(m.index, m[0].length);
  // Codes said as words ("five five two one"): a run of three or more digits is one token.
  const spoken = new Map(spokenDigitRuns(text, 3, true).map((r) => [r.start, r.end]));
  let aboutCodes = false;
  for (const cue of [...text.matchAll(CODE_CUE), ...text.matchAll(CJK_CODE_CUE)]) {
    const start = Math.max(0, cue.index - 60);
    const sentence = text.slice(start, cue.index + 80);
    // A PIN is no offer, even a gift voucher's ("the pin on the back is 7731").
    if (!/^pins?$/i.test(cue[0]) && OFFER.test(sentence.slice(sentence.lastIndexOf('.', cue.index - start) + 1))) continue;
    aboutCodes = true;
    findCodes(text, cue.index + cue[0].length, spoken, edits, 'code');
  }
  // Japanese, Korean and Chinese set no space before the code: "ドアコードは四二ゼロ八です".
  for (const cue of text.matchAll(CJK_CODE_CUE)) {
    const from = cue.index + cue[0].length;
    for (let start = from; start <= from + 4; start++) {
      const end = spoken.get(start);
      if (end !== undefined) edits.set(start, end - start);
    }
  }
  // A message about a code: a bare number of four to eight digits anywhere in it is one too ("the gate
  // wants a code?? the one from my email, 40721, doesn't work"), unless it reads as a year or a quantity.
  // A message about a door, a gate or a lock is about its code too ("its 0420 right? for the north door").
  aboutCodes ||= ACCESS_CONTEXT.test(text);
  for (const m of text.matchAll(DIAL)) edits.set(m.index, m[0].length);
  if (aboutCodes) {
    const claim = claimer(text, edits);
    // Said as words too: "Ok, I'll text it to you: it's five five two one."
    for (const [start, end] of spoken) {
      const digits = text.slice(start, end).match(/\p{L}+|\d/gu)?.length ?? 0;
      // "twenty-five one oh two" is one number, begun before the run.
      if (digits < 4 || digits > 8 || referenceBefore(text, start) || /\p{L}-$/u.test(text.slice(Math.max(0, start - 2), start))) continue;
      claim(start, end);
    }
    for (const m of text.matchAll(BARE_NUMBER)) {
      const next = /^[ \t]{1,8}(\p{L}+)/u.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 16))?.[1];
      if (/^(?:19|20)\d\d$/.test(m[0]) || (next && UNITS.has(next.toLowerCase())) || referenceBefore(text, m.index)) continue;
      // Digits between letters read out are a document's ("Q Q, 12 34 56, C"): another pass reads it whole.
      if (
        / /.test(m[0]) &&
        (LETTER_BEFORE.test(text.slice(Math.max(0, m.index - 4), m.index)) || LETTER_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 4)))
      )
        continue;
      claim(m.index, m.index + m[0].length);
    }
  }
  for (const cue of text.matchAll(CODE_VERB)) findCodes(text, cue.index + cue[0].length, spoken, edits, 'digits');
  let aboutPasswords = false;
  for (const cue of text.matchAll(PASSWORD_CUE)) {
    aboutPasswords = true;
    findCodes(text, cue.index + cue[0].length, spoken, edits, 'password');
  }
  // A password said aloud is words and digits: "password is Tee Time four two", and in a text about
  // passwords or the Wi-Fi, a word before three digits or more ("it's fairway two zero two four").
  for (const m of text.matchAll(PASSWORD_SAID)) if (!isCommon(m[2]!.split(/[ \t]/)[0]!)) edits.set(m.index + m[1]!.length, m[2]!.length);
  if (aboutPasswords || WIFI.test(text)) {
    const claim = claimer(text, edits);
    // A made-up password anywhere in it: letters in both cases, or with a symbol, and a digit ("GolfNerd!2024", "Putt3r!Roma");
    // where a password was named (not the Wi-Fi's, which the venue posts), a word with digits too: "can you put a password on the account? Use marmalade42."
    const shapes = aboutPasswords && !WIFI.test(text) ? [MADE_UP, WORD_AND_DIGITS] : [MADE_UP];
    for (const shape of shapes)
      for (const m of text.matchAll(shape)) if (!DEVICE.test(m[0]) && !referenceBefore(text, m.index)) claim(m.index, m.index + m[0].length);
    for (const [start, end] of spoken) {
      const word = /(?<![\p{L}\p{N}])(\p{L}+)[ \t]{1,8}$/u.exec(text.slice(Math.max(0, start - 24), start));
      if (!word || isCommon(word[1]!) || NUMBER_WORDS.test(word[1]!) || DIRECT.has(word[1]!.toLowerCase()) || COUNTED.has(word[1]!.toLowerCase())) continue;
      if (referenceBefore(text, start)) continue;
      claim(start - word[0].length, end);
    }
  }
  if (edits.size === 0) return text;
  let out = '';
  let last = 0;
  for (const [start, length] of [...edits].sort((a, b) => a[0] - b[0])) {
    if (start < last) continue;
    out += `${text.slice(last, start)}[code]`;
    // The key pressed after it goes with it.
    last = start + length + keyPressedAfter(text, start + length);
    found.code++;
  }
  return out + text.slice(last);
}

/**
 * Adds `[from, to)` to the edits unless it overlaps one: a mask of the characters already taken keeps
 * a text with thousands of numbers linear.
 */
function claimer(text: string, edits: Map<number, number>): (from: number, to: number) => void {
  const taken = new Uint8Array(text.length + 1);
  for (const [at, length] of edits) taken.fill(1, at, at + length);
  return (from, to) => {
    if (taken.subarray(from, to).includes(1)) return;
    taken.fill(1, from, to);
    edits.set(from, to - from);
  };
}

/** `code`: any code-shaped token; `digits`: only codes with digits; `password`: any word right after "is", else a made-up one. */
function findCodes(text: string, from: number, spoken: ReadonlyMap<number, number>, edits: Map<number, number>, mode: 'code' | 'digits' | 'password'): void {
  const password = mode === 'password';
  const window = text.slice(from, from + 160);
  const tokens: RegExpExecArray[] = [];
  TOKEN.lastIndex = 0;
  for (let t = TOKEN.exec(window); t && tokens.length < 2 * CODE_WINDOW + 2; t = TOKEN.exec(window)) tokens.push(t);
  let gap = 0;
  let direct = true;
  let foundCode = false;
  let seenWord = false;
  // The last code found: a one-time code sent in two halves ("884 213") is one code.
  let half: { start: number; core: string } | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const raw = token[0];
    if (raw === '\n') {
      if (seenWord) break;
      continue;
    }
    const at = from + token.index;
    const spokenEnd = spoken.get(at);
    if (spokenEnd !== undefined) {
      edits.set(at, spokenEnd - at);
      foundCode = true;
      direct = false;
      while (i + 1 < tokens.length && from + tokens[i + 1]!.index < spokenEnd) i++;
      seenWord = true;
      continue;
    }
    const lead = LEAD.exec(raw)?.[0].length ?? 0;
    const core = raw.slice(lead).replace(TRAIL, '');
    const sentenceEnd = /[.!?]$/.test(raw.slice(lead + core.length));
    if (HAS_PLACEHOLDER.test(raw)) {
      // An earlier code, or a phone or name in the gap: keeps the second pass where the first stopped.
      if (raw.includes('[code]')) {
        foundCode = true;
        direct = false;
      } else if (foundCode) break;
      else gap++;
    } else {
      const nextRaw = tokens[i + 1]?.[0];
      const next = nextRaw?.replace(LEAD, '').replace(TRAIL, '');
      // The next cue word ("pin code 1234") takes over from here.
      if (CUE_WORDS.has(core.toLowerCase())) break;
      // A four-digit code typed in two pairs right after its cue: "my pin was 55 21".
      if (
        direct &&
        lead === 0 &&
        core === raw &&
        /^\d{2}$/.test(core) &&
        nextRaw !== undefined &&
        /^\d{2}[.,!?]?$/.test(nextRaw) &&
        tokens[i + 1]!.index === token.index + 3
      ) {
        // Not the start of a longer number ("55 21 08 44"), nor a measure ("15 20 yards").
        const after = tokens[i + 2]?.[0].replace(LEAD, '').replace(TRAIL, '').toLowerCase();
        if (after === undefined || (!UNITS.has(after) && !/^\d/.test(after))) {
          edits.set(at, 5);
          foundCode = true;
          break;
        }
      }
      if (half && /^\d{3}$/.test(half.core) && /^\d{3}$/.test(core) && from + token.index + lead === half.start + 4) {
        edits.set(half.start, 7);
        half = null;
        if (sentenceEnd) break;
        continue;
      }
      const lower = core.toLowerCase();
      // Right after "password is" any word is one; further on, only one that looks made up (a digit, a symbol, mixed case).
      const said = i > 0 && /^(?:is|was|:|=|it's|its|to|as)$/i.test(tokens[i - 1]![0]);
      const madeUp = /\d|[^\p{L}\p{N}'’-]|\p{Ll}\p{Lu}/u.test(core) || /^\p{L}+(?:-\p{L}+){2,}$/u.test(core);
      // "Alarm code is 'bluebird'": a quoted word right after the cue is the code.
      const quoted = direct && !foundCode && /^['"“‘].+['"”’][.,;:!?]?$/.test(raw) && core.length >= 3;
      // A password that looks made up counts anywhere in the window ("mot de passe du compte : Bunker#Birdie77").
      const isPassword =
        ((password && madeUp && !foundCode) || ((password || quoted) && direct && !foundCode && (madeUp || (said && !loadNameLexicon().english.has(lower))))) &&
        core.length >= 4 &&
        !NOT_A_PASSWORD.has(lower) &&
        !DIRECT.has(lower) &&
        !isCommon(lower);
      // "booking 48291" further on is a reference, not the code.
      const reference = !direct && referenceBefore(text, at);
      if (isPassword || (!reference && (mode !== 'digits' || /\d/.test(core)) && isCodeToken(core, direct, next))) {
        // A password keeps its trailing punctuation only when it is inside the word ("Birdie2024!").
        const length = isPassword ? raw.length - lead - (/[.,;:?]$/.test(raw) ? 1 : 0) : core.length;
        edits.set(at + lead, length);
        half = { start: at + lead, core };
        foundCode = true;
        direct = false;
      } else if (foundCode) {
        if (!CONNECTORS.has(lower)) break;
      } else {
        gap++;
        if (!DIRECT.has(lower)) direct = false;
      }
    }
    if (core !== '') seenWord = true;
    if (sentenceEnd || gap > CODE_WINDOW) break;
  }
}
