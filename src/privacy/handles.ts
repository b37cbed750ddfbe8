import { isCommon } from './common-words.ts';
import { SAID_NUMBER } from './spoken.ts';
import { type Found, replaceSpans } from './substitute.ts';

/**
 * Usernames and social or payment handles, which name one person as a number does: after what names
 * them ("Username's fore_and_aft", "my venmo is @aaron-pelk", "login: CaptainSlice"), a word shaped
 * as a handle (a digit, an underscore, a dot or a capital inside it: "all lowercase" is no username);
 * an @handle so shaped anywhere ("@jess_golf", not Slack's "@here"); and one said aloud ("slicey
 * underscore mcslice"). Removed as `id`.
 */
const NAMED =
  /(?<![\p{L}])(?:user[ \t]?name|login|handle|user[ \t]?id|gamertag|venmo|cash[ \t]?app|paypal|insta(?:gram)?|ig|snap(?:chat)?|tiktok|twitter|discord|telegram)(?:['’]s|[ \t]{1,8}is|[ \t]{0,4}:)?[ \t]{1,8}(@?[\p{L}\p{N}_][\p{L}\p{N}._-]{1,39})/giu;
/** A handle has something a word has not: a digit, an underscore, a dot, an @, or a capital after its first letter (and a letter: "login is 552 918" gives a code). */
const HANDLE_SHAPED = /^@|[\d_.]|^.\p{Ll}*\p{Lu}/u;
const AT_HANDLE = /(?<![\p{L}\p{N}._%+@-])@[A-Za-z_][A-Za-z0-9_.-]{1,29}(?<![.-])/gu;
/** Said aloud, with the numbers said after it: "slicey underscore mcslice", "eagle underscore eye seventy seven". */
const SAID = new RegExp(
  String.raw`(?<![\p{L}])\p{L}{1,30}(?:[ \t]{1,4}underscore[ \t]{1,4}[\p{L}\p{N}]{1,30}){1,4}(?:[ \t]{1,4}${SAID_NUMBER}){0,6}(?![\p{L}])`,
  'giu',
);

export function redactHandles(text: string, found: Found): string {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(NAMED)) {
    const value = m[1]!.replace(/[.-]+$/, '');
    if (HANDLE_SHAPED.test(value) && /\p{L}/u.test(value))
      spans.push([m.index + m[0].length - m[1]!.length, m.index + m[0].length - m[1]!.length + value.length]);
  }
  // Alone, an @handle is one with a digit, an underscore, a dot or a dash in it: "@here" and "@home" are words.
  for (const m of text.matchAll(AT_HANDLE)) if (/[\d_.-]/.test(m[0].slice(2))) spans.push([m.index, m.index + m[0].length]);
  // "the underscore one" speaks of the character, not a name.
  for (const m of text.matchAll(SAID)) {
    const words = m[0].split(/[ \t]+/);
    if (!isCommon(words[0]!) && !isCommon(words[2]!)) spans.push([m.index, m.index + m[0].length]);
  }
  return replaceSpans(text, spans, 'id', found);
}
