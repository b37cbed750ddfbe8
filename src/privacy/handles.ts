import { isCommon } from './common-words.ts';
import { loadNameLexicon } from './lexicon.ts';
import { SAID_NUMBER } from './spoken.ts';
import { type Found, replaceSpans } from './substitute.ts';

/**
 * Usernames and social or payment handles, which name one person as a number does: after what names
 * them ("Username's fore_and_aft", "my venmo is @aaron-pelk", "login: CaptainSlice", "mit brugernavn er
 * golfmorten"), a word shaped as a handle (a digit, an underscore, a dot or a capital inside it), or
 * any word but a common one after a username named in so many words and "is" ("all lowercase" is no username);
 * an @handle so shaped anywhere ("@jess_golf", not Slack's "@here"), or small letters joined by
 * underscores ("the_real_tiger_mum", "big_swing_kev"; not a system's code of a few English words,
 * "card_declined", nor after "wifi" or "password"); a UPI payment address
 * ("rahul.verma92@okaxis"); and one said aloud ("slicey
 * underscore mcslice"). Removed as `id`.
 */
/** "Username" in the languages customers write: "usuario", "Benutzername", "brugernavn", "kullanıcı adı". */
const USERNAME =
  "user[ \\t]?name|user[ \\t]?id|usuario|usuário|nombre[ \\t]de[ \\t]usuario|nome[ \\t](?:de[ \\t])?usu[áa]rio|nome[ \\t]utente|identifiant|nom[ \\t]d['’]utilisateur|benutzername|gebruikersnaam|brugernavn|brukernavn|användarnamn|käyttäjätunnus|nazwa[ \\t]użytkownika|login[ \\t]użytkownika|kullanıcı[ \\t]adı(?:m)?";
const NAMED = new RegExp(
  String.raw`(?<![\p{L}])(?:${USERNAME}|login|handle|gamer[ \t]?tag|venmo|cash[ \t]?app|paypal|insta(?:gram)?|ig|snap(?:chat)?|tiktok|twitter|discord|telegram)` +
    // "his gamer tag for the leaderboard is …", "login on the app is …"
    String.raw`(?:[ \t]{1,8}(?:for|on|in)[ \t]{1,8}(?:the[ \t]{1,8})?\p{L}{2,20})?` +
    String.raw`(?:['’]s|[ \t]{1,8}(?:is|es|er|är|ist|est|è|é|jest|to|lautet)|[ \t]{0,4}:)?[ \t]{1,8}(@?[\p{L}\p{N}_][\p{L}\p{N}._-]{1,39})`,
  'giu',
);
const USERNAME_FIRST = new RegExp(`^(?:${USERNAME})`, 'iu');
/** Linked to its value by "is" or a colon, a username need not look like one: "mi usuario es golfmorten". */
const LINKED = /(?:['’]s|[ \t](?:is|es|er|är|ist|est|è|é|jest|to|lautet)|:)[ \t]{1,8}@?[\p{L}\p{N}_][\p{L}\p{N}._-]*$/iu;
/** A handle has something a word has not: a digit, an underscore, a dot, an @, or a capital after its first letter (and a letter: "login is 552 918" gives a code). */
const HANDLE_SHAPED = /^@|[\d_.]|^.\p{Ll}*\p{Lu}/u;
/** A payment address with no domain's dot: India's UPI ("rahul.verma92@okaxis"). Addresses with one are emails, removed before. */
const UPI = /(?<![\p{L}\p{N}._%+@-])[\p{L}\p{N}][\p{L}\p{N}._-]{2,63}@[A-Za-z]{2,15}(?![\p{L}\p{N}@_-]|\.[\p{L}\p{N}])/gu;
const AT_HANDLE = /(?<![\p{L}\p{N}._%+@-])@[A-Za-z_][A-Za-z0-9_.-]{1,29}(?<![.-])/gu;
/** A word of small letters joined by underscores, as only usernames are written ("the_real_tiger_mum"); not a network's or a file's name. */
const UNDERSCORED = /(?<![\p{L}\p{N}_@./\\-])[a-z][a-z0-9]*(?:_[a-z0-9]+){1,5}(?![\p{L}\p{N}_@/\\-]|\.\p{L})/gu;
const NOT_A_USER =
  /(?<![\p{L}])(?:wi-?fi|network|ssid|file|folder|setting|variable|field|password|passcode|pin|error|code|status|message|says)(?![\p{L}])[^\n]{0,24}$/iu;
/** Said aloud, with the numbers said after it: "slicey underscore mcslice", "eagle underscore eye seventy seven". */
const SAID = new RegExp(
  String.raw`(?<![\p{L}])\p{L}{1,30}(?:[ \t]{1,4}underscore[ \t]{1,4}[\p{L}\p{N}]{1,30}){1,4}(?:[ \t]{1,4}${SAID_NUMBER}){0,6}(?![\p{L}])`,
  'giu',
);

/** An English word ("correct", "wrong"), as the lexicon's vocabularies know them. */
const isWord = (w: string): boolean => {
  const { english, wordnet } = loadNameLexicon();
  const lower = w.toLowerCase();
  return isCommon(lower) || english.has(lower) || wordnet.has(lower);
};

export function redactHandles(text: string, found: Found): string {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(NAMED)) {
    const value = m[1]!.replace(/[.-]+$/, '');
    const linked = USERNAME_FIRST.test(m[0]) && LINKED.test(m[0]) && value.length >= 4 && !/^\p{Lu}\p{Ll}+$/u.test(value) && !isWord(value);
    if ((HANDLE_SHAPED.test(value) || linked) && /\p{L}/u.test(value))
      spans.push([m.index + m[0].length - m[1]!.length, m.index + m[0].length - m[1]!.length + value.length]);
  }
  for (const m of text.matchAll(UNDERSCORED)) {
    // A system's code is a few English words joined ("human_required", "card_declined"): a username has more, a digit or a word of its own.
    const parts = m[0].split('_');
    if (parts.length < 4 && parts.every((part) => isWord(part))) continue;
    // A transcript's speaker label ("speaker_0:", "spk_1:") is no one's username.
    if (!NOT_A_USER.test(text.slice(Math.max(0, m.index - 40), m.index)) && !/^[ \t]?:/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2)))
      spans.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(UPI)) spans.push([m.index, m.index + m[0].length]);
  // Alone, an @handle is one with a digit, an underscore, a dot or a dash in it: "@here" and "@home" are words.
  for (const m of text.matchAll(AT_HANDLE)) if (/[\d_.-]/.test(m[0].slice(2))) spans.push([m.index, m.index + m[0].length]);
  // "the underscore one" speaks of the character, not a name.
  for (const m of text.matchAll(SAID)) {
    const words = m[0].split(/[ \t]+/);
    if (!isCommon(words[0]!) && !isCommon(words[2]!)) spans.push([m.index, m.index + m[0].length]);
  }
  return replaceSpans(text, spans, 'id', found);
}
