/**
 * Redaction of personal data before any text leaves the database (to an LLM, a commit, a PR body or a
 * log). Deterministic, pattern-based, and biased towards redacting: a door code read as a phone
 * number is still removed. Patterns start on token boundaries and their repetitions are bounded or
 * unambiguous, so no input makes them backtrack catastrophically.
 */

export type RedactionKind = 'phone' | 'email' | 'card' | 'code' | 'address' | 'name';
/** `names`: the names recognised by their cue ("this is Sam"), to redact elsewhere in the same conversation. */
export type Redacted = { text: string; found: Record<RedactionKind, number>; names: string[] };
export type RedactOptions = { names?: readonly string[] };

const KINDS: readonly RedactionKind[] = ['phone', 'email', 'card', 'code', 'address', 'name'];
const PLACEHOLDER = /\[(?:phone|email|card|code|address|name)\]/;

/**
 * Replaces personal data with typed placeholders: [phone], [email], [card], [code], [address], [name].
 * Order matters: emails, cards, phones and addresses first (they are recognised by their shape), then
 * names, then codes (recognised by a cue word and counted in words, so they run on the final text).
 */
export function redact(text: string, options: RedactOptions = {}): Redacted {
  const found = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<RedactionKind, number>;
  let out = text;
  out = redactEmails(out, found);
  out = redactCards(out, found);
  out = redactPhones(out, found);
  out = redactAddresses(out, found);
  out = redactListedNames(out, options.names ?? [], found);
  const names: string[] = [];
  out = redactCuedNames(out, found, names);
  out = redactCodes(out, found);
  return { text: out, found, names };
}

/** What replaces a match: a string, or a string and where the replaced text ends (to swallow more). */
type Replacement = string | { text: string; end: number } | undefined;

/** Replaces the matches `fn` accepts (it returns the replacement, or undefined to keep the match). */
function substitute(text: string, re: RegExp, fn: (m: RegExpExecArray) => Replacement): string {
  let out = '';
  let last = 0;
  let changed = false;
  for (const m of text.matchAll(re)) {
    if (m.index < last) continue;
    const replacement = fn(m);
    if (replacement === undefined) continue;
    const { text: value, end } =
      typeof replacement === 'string' ? { text: replacement, end: m.index + m[0].length } : replacement;
    out += text.slice(last, m.index) + value;
    last = end;
    changed = true;
  }
  return changed ? out + text.slice(last) : text;
}

const digitsOf = (s: string): string => s.replace(/\D/g, '');

// ---------------------------------------------------------------------------------------------- email

/** The local part starts on a token boundary: no rescans of a long run of word characters. */
const EMAIL = /(?<![\w.+%-])[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

function redactEmails(text: string, found: Record<RedactionKind, number>): string {
  return substitute(text, EMAIL, () => {
    found.email++;
    return '[email]';
  });
}

// ----------------------------------------------------------------------------------------------- card

/** 13-19 digits, run together or in groups of 3-6 separated by one space or dash (4-4-4-4, 4-6-5). */
const CARD = /(?<![\w$£€+#.,/-])(?:\d{13,19}|\d{4}(?:[ -]\d{3,6}){2,4})(?![\w/]|[.,-]\d)/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function redactCards(text: string, found: Record<RedactionKind, number>): string {
  return substitute(text, CARD, (m) => {
    const digits = digitsOf(m[0]);
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return undefined;
    found.card++;
    return '[card]';
  });
}

// ---------------------------------------------------------------------------------------------- phone

/**
 * International (`+44 20 7946 0958`, `+1 (555) 123-4567`, `0044…`), North American (`(555) 123 4567`,
 * `1-555-123-4567`, `5551234567`), national numbers with a trunk 0 (`07700 900123`, `020 7946 0958`)
 * and local `555-1234`. Never after `$`, `#`, `/`, `.` or a digit, never before a word character or
 * `/`, nor before `.`, `:` or `-` and a digit: prices, booking numbers, dates and times are not phones.
 */
const PHONE = new RegExp(
  String.raw`(?<![\w$£€+@#/.])(?<!\d[-])(?:` +
    String.raw`(?:\+|00)\d+(?:[ .-]?\(\d{1,4}\)[ .-]?\d+)?(?:[ .-]\d{2,})*` +
    String.raw`|(?:1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-]?)\d{3}[ .-]?\d{4}` +
    String.raw`|0\d{2,4}[ .-]?\d{3,4}[ .-]?\d{3,4}` +
    String.raw`|[2-9]\d{2}-\d{4}` +
    String.raw`)(?![\w@/%]|[.,:-]\d)`,
  'g',
);

function redactPhones(text: string, found: Record<RedactionKind, number>): string {
  return substitute(text, PHONE, (m) => {
    let number = m[0];
    let rest = '';
    if (number.startsWith('+') || number.startsWith('00')) {
      // "+1 555 123 4567 18 holes": a short last group followed by a word is the next number.
      const last = /[ .-](\d{2,3})$/.exec(number);
      const after = text.slice(m.index + number.length, m.index + number.length + 2);
      if (last && /^\s\p{L}/u.test(after) && digitsOf(number).length - last[1]!.length >= 10) {
        rest = number.slice(last.index);
        number = number.slice(0, last.index);
      }
      const n = digitsOf(number).length - (number.startsWith('00') ? 2 : 0);
      if (n < 8 || n > 15) return undefined;
    } else if (number.startsWith('0')) {
      const n = digitsOf(number).length;
      if (n < 10 || n > 11) return undefined;
    }
    found.phone++;
    return `[phone]${rest}`;
  });
}

// -------------------------------------------------------------------------------------------- address

const STREET_TYPES =
  'street|st|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl|highway|hwy|' +
  'parkway|pkwy|circle|cir|terrace|trail|trl|square|sq|crescent|cres|plaza|plz|pike|turnpike|tpke|' +
  'freeway|fwy|expressway|expy';

/** House number, one to four street-name words (or an ordinal such as 5th), a street type, a unit. */
const ADDRESS = new RegExp(
  String.raw`(?<![\w$£€#.,/:-])\d{1,6}[a-z]?(?:-\d{1,6})?[ \t]+` +
    String.raw`((?:(?:[a-z][a-z'’.-]*|\d{1,4}(?:st|nd|rd|th))[ \t]+){1,4})` +
    `(?:${STREET_TYPES})(?![\\w'’])` +
    String.raw`(?:[ \t]+(?:n|s|e|w|ne|nw|se|sw)\.?(?![\w/'’]))?` +
    String.raw`(?:\.?[ \t]*,?[ \t]*(?:apt|apartment|unit|suite|ste|#)\.?[ \t]*#?[a-z0-9-]{1,8}(?![\w-]))?`,
  'gi',
);

/** City and state or province (`, Springfield, IL 62704`), or a postal code, on the same line. */
const ADDRESS_TAIL = new RegExp(
  String.raw`\.?(?:[ \t]*,[ \t]*|[ \t]+)` +
    String.raw`(?:((?:[A-Z][A-Za-z'’.-]*[ \t]+){0,2}[A-Z][A-Za-z'’.-]*)[ \t]*,?[ \t]*)?` +
    String.raw`(?:([A-Z]{2})(?:[ \t]+(\d{5}(?:-\d{4})?|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d))?` +
    String.raw`|(\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}))(?!\w)`,
  'y',
);

const STATES = new Set(
  ('AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AB BC MB NB NL NS NT NU ON PE QC SK YT').split(' '),
);

/** Words that cannot be a street's name: "2 hours drive", "18 holes way", "4 players on the court". */
const NOT_STREET_NAME = new Set(
  ('a an the and or of to in on at for with from by is are was were be my your our their his her its this that ' +
    'it me we you they he she i so but if then than just very more most some any all no not up down out over ' +
    'hour hours hr hrs minute minutes min mins second seconds sec secs day days week weeks month months year years ' +
    'time times hole holes bay bays player players people person persons guy guys kid kids friend friends ' +
    'ball balls shot shots swing swings club clubs iron irons wood woods driver wedge putter hybrid round rounds ' +
    'game games yard yards yd yds mile miles km meter meters feet foot ft block blocks more extra minute ' +
    'dollars bucks percent quick short long good great nice easy').split(' '),
);

function redactAddresses(text: string, found: Record<RedactionKind, number>): string {
  return substitute(text, ADDRESS, (m) => {
    const nameWords = (m[1] ?? '').trim().split(/[ \t]+/);
    if (nameWords.some((w) => NOT_STREET_NAME.has(w.toLowerCase().replace(/[.'’]+$/, '')))) return undefined;
    found.address++;
    const end = m.index + m[0].length;
    ADDRESS_TAIL.lastIndex = end;
    const tail = ADDRESS_TAIL.exec(text);
    if (tail) {
      const [, city, state, zip, postal] = tail;
      const stateOk = state !== undefined && STATES.has(state) && (city !== undefined || zip !== undefined);
      if (stateOk || postal !== undefined) return { text: '[address]', end: end + tail[0].length };
    }
    return '[address]';
  });
}

// ---------------------------------------------------------------------------------------------- names

/**
 * Capitalised words that follow "I'm", "this is", "Hi" or a dash without being a name: states
 * ("I'm Sorry", "I'm Here"), function words, greetings, staff and product words of the bays.
 */
const COMMON = new Set(
  (
    'a an the and or but nor so yet if then than that this these those there here where when what why how who whom ' +
    'which whose it its i me my mine we us our you your yours he him his she her they them their its one ' +
    'is am are was were be been being do does did have has had will would shall should could can may might must ' +
    'not no yes yeah yep yup nope ok okay sure fine good great nice cool awesome perfect alright right ' +
    'in on at to of for from with by about into onto over under up down out off away back around near ' +
    'just only also still already always never ever really very so too quite pretty super totally completely ' +
    'absolutely literally honestly seriously actually basically probably definitely maybe almost nearly ' +
    'hi hey hello hiya yo howdy thanks thank thx ty cheers please sorry apologies oops lol haha welcome ' +
    'bye goodbye regards best sincerely appreciate appreciated again much lot lots ' +
    'here there outside inside upstairs downstairs home away late early now today tonight tomorrow yesterday ' +
    'morning afternoon evening night weekend monday tuesday wednesday thursday friday saturday sunday ' +
    'locked stuck lost confused frustrated annoyed upset disappointed angry mad sad happy glad excited ' +
    'ready done finished new old first last next free busy available interested unable able trying going ' +
    'coming leaving heading running calling texting writing reaching following looking waiting having ' +
    'getting booking booked checking wondering hoping planning thinking supposed scheduled signed charged ' +
    'standing sitting parked playing hitting using seeing doing making taking staying currently due ' +
    'sent help urgent asap quick question questions issue problem broken frozen wrong working ' +
    'dead black blank dark off slow loud quiet cold hot closed open empty full gone missing fixed stopped ' +
    'all everyone anyone someone somebody nobody everybody team guys folks people staff support manager owner ' +
    'member members customer customers guest guests client admin desk front door gate bay bays room box ' +
    'golf golfer sim simulator simulators trackman clubos club clubs foresight gcquad uneekor screen projector ' +
    'ball balls computer pc tv wifi app website account card booking reservation payment refund ' +
    'there many some any each every other another same such own more most less few several ' +
    'dear sir madam mr mrs ms dr mate buddy bro man dude friend friends family midnight noon'
  ).split(' '),
);

const WORD = String.raw`[\p{L}][\p{L}'’-]*`;
const isCapitalised = (w: string): boolean => /^\p{Lu}/u.test(w);
const bareWord = (w: string): string => w.replace(/['’]s$/i, '');

/** A name word: Capitalised (or any case when `lowercaseOk`), not a common word, at least two letters. */
function isNameWord(w: string | undefined, lowercaseOk = false): w is string {
  if (w === undefined) return false;
  const bare = bareWord(w);
  if (bare.length < 2 || !/^\p{L}/u.test(bare)) return false;
  if (!lowercaseOk && !isCapitalised(bare)) return false;
  return !COMMON.has(bare.toLowerCase().replace(/[’']/g, ''));
}

/**
 * The replacement of `first` (and `second`, when it is a Capitalised surname) inside a match that
 * starts with the cue `prefix`; `suffix` is whatever the pattern matched after the words.
 */
function nameReplacement(
  prefix: string,
  first: string,
  sep: string | undefined,
  second: string | undefined,
  suffix: string,
  lowercaseOk: boolean,
): string {
  const possessive = (w: string): string => w.slice(bareWord(w).length);
  if (second !== undefined && sep !== undefined && isNameWord(second, lowercaseOk) && bareWord(first) === first) {
    return `${prefix}[name]${possessive(second)}${suffix}`;
  }
  return `${prefix}[name]${possessive(first)}${sep ?? ''}${second ?? ''}${suffix}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The names the caller knows (the customer's, the staff's): whole words, any case, and the first name
 * alone. The surname alone, and a first name that is also a common word ("Will"), only when Capitalised.
 */
function redactListedNames(text: string, names: readonly string[], found: Record<RedactionKind, number>): string {
  if (names.length === 0) return text;
  const patterns = namePatterns(names);
  const count = (): string => {
    found.name++;
    return '[name]';
  };
  let out = text;
  for (const re of patterns) out = substitute(out, re, count);
  return out;
}

/**
 * The patterns of a list of names, built once per list: a conversation redacts every turn with the
 * same list, so its cost grows with the turns, not with turns times names.
 */
const compiled = new WeakMap<readonly string[], RegExp[]>();
function namePatterns(names: readonly string[]): RegExp[] {
  const known = compiled.get(names);
  if (known) return known;
  const anyCase = new Set<string>();
  const capitalised = new Set<string>();
  for (const name of new Set(names)) {
    const parts = name.trim().split(/\s+/).filter((p) => p.length >= 2);
    if (parts.length === 0) continue;
    if (parts.length > 1) anyCase.add(parts.map(escapeRegExp).join(String.raw`\s+`));
    for (const part of parts) {
      const isFirst = part === parts[0];
      const pattern = escapeRegExp(part);
      if (isFirst && !COMMON.has(part.toLowerCase())) anyCase.add(pattern);
      else capitalised.add(escapeRegExp(part[0]!.toUpperCase() + part.slice(1)));
    }
  }
  const wrap = (alternatives: Set<string>, flags: string): RegExp =>
    new RegExp(
      String.raw`(?<![\p{L}\p{N}_\[])(?:${[...alternatives].sort((a, b) => b.length - a.length).join('|')})(?![\p{L}\p{N}_\]])`,
      flags,
    );
  const patterns = [...(anyCase.size > 0 ? [wrap(anyCase, 'giu')] : []), ...(capitalised.size > 0 ? [wrap(capitalised, 'gu')] : [])];
  compiled.set(names, patterns);
  return patterns;
}

/** "my name is Sam", "name: Sam", "booked under Sam": a strong cue, lower case allowed. */
const NAME_IS = new RegExp(
  String.raw`((?<![\p{L}])(?:my\s+name\s+is|my\s+name['’]s|name\s*:|under\s+the\s+name(?:\s+of)?|(?:booked|booking|reservation)\s+under(?!\s+(?:the|my|his|her|our)\b))[ \t]+)(${WORD})(?:([ \t]+)(${WORD}))?`,
  'giu',
);
/** "this is Sam", "I'm Sam", "I am Sam": Capitalised names only ("I'm Sorry" stays). */
const INTRO = new RegExp(
  String.raw`((?<![\p{L}])(?:this\s+is|i['’]?m|i\s+am|it['’]?s)[ \t]+)(${WORD})(?:([ \t]+)(${WORD}))?`,
  'giu',
);
/** "Hi Sam," at the start of a line, after an optional speaker label ("Agent: Hi Sam"). */
const GREETING = new RegExp(
  String.raw`(^[ \t]*(?:[^\n]{1,60}?:[ \t]*)?(?:hi|hey|hello|hiya|dear|thanks|thank\s+you|thx|morning|good\s+(?:morning|afternoon|evening))(?:[ \t]*,[ \t]*|[ \t]+))(${WORD})(?:([ \t]+)(${WORD}))?`,
  'gimu',
);
/** "Thanks, Sam" / "Cheers,\nSam" at the end of a line. */
const THANKS_SIGN_OFF = new RegExp(
  String.raw`((?<![\p{L}])(?:thanks|thank\s+you|many\s+thanks|thx|cheers|best|regards|best\s+regards|kind\s+regards|warm\s+regards|sincerely|talk\s+soon)(?:[ \t]+(?:so\s+much|a\s+lot|again|very\s+much))?[ \t]*[,!.]?(?:[ \t]+|[ \t]*\r?\n[ \t]*))(${WORD})(?:([ \t]+)(${WORD}))?([ \t]*[.!]*[ \t]*)$`,
  'gimu',
);
/** "- Sam" / "— Sam" at the end of a line. */
const DASH_SIGN_OFF = new RegExp(
  String.raw`((?:^|[ \t])[-–—~][ \t]*)(${WORD})(?:([ \t]+)(${WORD}))?([ \t]*[.!]*[ \t]*)$`,
  'gmu',
);

function redactCuedNames(text: string, found: Record<RedactionKind, number>, names: string[]): string {
  const cued = (lowercaseOk: boolean) => (m: RegExpExecArray): string | undefined => {
    const [, prefix = '', first, sep, second, suffix = ''] = m;
    if (!isNameWord(first, lowercaseOk)) return undefined;
    found.name++;
    // A surname taken with the first name is remembered with it: "Dana Whitfield" must go elsewhere
    // whole, not become "[name] Whitfield" when the first name alone is listed.
    const withSurname = second !== undefined && sep !== undefined && isNameWord(second, lowercaseOk) && bareWord(first!) === first;
    const name = withSurname ? `${first} ${bareWord(second)}` : first;
    if (name && !names.includes(name)) names.push(name);
    return nameReplacement(prefix, first, sep, second, suffix, lowercaseOk);
  };
  let out = text;
  out = substitute(out, NAME_IS, cued(true));
  out = substitute(out, INTRO, cued(false));
  out = substitute(out, GREETING, cued(false));
  out = substitute(out, THANKS_SIGN_OFF, cued(false));
  out = substitute(out, DASH_SIGN_OFF, cued(false));
  return out;
}

// ---------------------------------------------------------------------------------------------- codes

/** "door code", "PIN", "promo code"… but not "error code", "zip code", "QR code" or "dress code". */
const CODE_CUE =
  /(?<![\p{L}\p{N}_\[])(?<!(?:error|zip|area|postal|post|qr|bar|status|dress|country|source|exit|fault|tax|dial|reason)[ \t-]?)(?:code|codes|pin|pins|passcode|passcodes|cvv|cvv2|cvc)(?![\p{L}\p{N}_\]])/giu;

const CUE_WORDS = new Set(['code', 'codes', 'pin', 'pins', 'passcode', 'passcodes', 'cvv', 'cvv2', 'cvc']);
/** Words between a cue and its code that still count as "right after" it ("pin is 123"). */
const DIRECT = new Set(['is', 'was', 'will', 'be', "it's", 'its', 'number', 'no', 'num', 'now', '#', '']);
/** Words that may separate two codes after the first: "1234 or 5678". */
const CONNECTORS = new Set(['and', 'or', 'then', '/', '&', '']);
/** Units after a number that make it a quantity, not a code ("the pin is 150 yards"). */
const UNITS = new Set(
  ('yards yard yds yd feet ft foot meters metres m miles mi mph out away hours hour hrs hr minutes minute min ' +
    'mins seconds sec secs am pm players people holes bays balls dollars bucks usd percent times x days weeks').split(' '),
);
const CODE_WINDOW = 6;
const LEAD = /^[("'“‘:=]+/;
const TRAIL = /[)"'”’.,;:!?]+$/;

function isCodeToken(core: string, direct: boolean, next: string | undefined): boolean {
  if (core.length > 32) return false;
  const followedByUnit = next !== undefined && UNITS.has(next.toLowerCase());
  const digits = /^[#*]?(\d{3,12})[#*]?$/.exec(core);
  if (digits) return !followedByUnit && (digits[1]!.length >= 4 || direct);
  if (/^\d{2,8}(?:-\d{2,8})+$/.test(core)) return !followedByUnit;
  if (/^(?=[^\d]*\d)(?=.*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*[#*]?$/.test(core)) {
    if (core.length < 4) return false;
    return !/^\d+(?:st|nd|rd|th|am|pm|a|p|h|hrs?|mins?|m|s|k|x|yds?|ft|mph|lbs?|kg|gb|mb)$/i.test(core);
  }
  const lower = core.toLowerCase();
  return direct && /^[A-Z]{4,16}$/.test(core) && !COMMON.has(lower) && !DIRECT.has(lower);
}

/**
 * Codes given with a cue: within a few words after the cue word ("your door code for tonight is
 * 4829#"), the first code-shaped token and any joined to it by "or"/"and"/a comma. The phrase is kept.
 */
function redactCodes(text: string, found: Record<RedactionKind, number>): string {
  const edits = new Map<number, number>();
  const TOKEN = /\S+|\n/g;
  for (const cue of text.matchAll(CODE_CUE)) {
    const from = cue.index + cue[0].length;
    const window = text.slice(from, from + 160);
    const tokens: RegExpExecArray[] = [];
    TOKEN.lastIndex = 0;
    for (let t = TOKEN.exec(window); t && tokens.length < 2 * CODE_WINDOW + 2; t = TOKEN.exec(window)) tokens.push(t);
    let gap = 0;
    let direct = true;
    let foundCode = false;
    let seenWord = false;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const raw = token[0];
      if (raw === '\n') {
        if (seenWord) break;
        continue;
      }
      const lead = LEAD.exec(raw)?.[0].length ?? 0;
      const core = raw.slice(lead).replace(TRAIL, '');
      const sentenceEnd = /[.!?]$/.test(raw.slice(lead + core.length));
      if (PLACEHOLDER.test(raw)) {
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
        if (isCodeToken(core, direct, next)) {
          edits.set(from + token.index + lead, core.length);
          foundCode = true;
          direct = false;
        } else if (foundCode) {
          if (!CONNECTORS.has(core.toLowerCase())) break;
        } else {
          gap++;
          if (!DIRECT.has(core.toLowerCase())) direct = false;
        }
      }
      if (core !== '') seenWord = true;
      if (sentenceEnd || gap > CODE_WINDOW) break;
    }
  }
  if (edits.size === 0) return text;
  let out = '';
  let last = 0;
  for (const [start, length] of [...edits].sort((a, b) => a[0] - b[0])) {
    if (start < last) continue;
    out += text.slice(last, start) + '[code]';
    last = start + length;
    found.code++;
  }
  return out + text.slice(last);
}
