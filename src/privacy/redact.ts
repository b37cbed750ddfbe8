/**
 * Redaction of personal data before any text leaves the database (to an LLM, a commit, a PR body or a
 * log). Deterministic and biased towards redacting: a door code read as a phone number is still
 * removed. Every pass is linear in the text: patterns start on token boundaries, and a run of
 * spaces is matched at most eight at a time, so no input makes them backtrack catastrophically
 * (test/privacy/redact.test.ts sends 100 KB of the shapes that would).
 */
import { redactAddresses } from './addresses.ts';
import { redactAnswers } from './answers.ts';
import { setBranchesAside } from './branches.ts';
import { redactBirthDates } from './birth-dates.ts';
import { redactCards } from './cards.ts';
import { redactCodes } from './codes.ts';
import { redactCorrections, redactEchoes, type RemovedValue, removedValues } from './echoes.ts';
import { redactEmails } from './emails.ts';
import { redactHandles } from './handles.ts';
import { redactCheckLetters, redactIds } from './ids.ts';
import { redactSaidMillions } from './said-millions.ts';
import { loadNameLexicon } from './lexicon.ts';
import { redactCuedNames, redactJoinedNames, redactLexiconNames, redactListedNames } from './names.ts';
import { redactNamesInOtherScripts } from './names-in-other-scripts.ts';
import { redactPhones, redactTypedNumbers } from './phones.ts';
import { redactPlates } from './plates.ts';
import { redactReadBacks } from './read-backs.ts';
import { isShouted, readQuietly, replaceAsTyped } from './shouted.ts';
import { redactSpelled } from './spelled.ts';
import { redactSpelledPasswords } from './spelled-passwords.ts';
import { noneFound, type RedactionKind } from './substitute.ts';

/**
 * `names`: the names recognised by their cue ("this is Sam"), and `values`: the other values removed
 * (a plate, a code), to redact elsewhere in the same conversation.
 */
export type Redacted = { text: string; found: Record<RedactionKind, number>; names: string[]; values: RemovedValue[] };
export type RedactOptions = { names?: readonly string[]; values?: readonly RemovedValue[] };

/**
 * Replaces personal data with typed placeholders: [phone], [email], [card], [code], [address],
 * [plate], [dob], [name]. Order matters: what is recognised by its shape goes first (emails, what is
 * spelled letter by letter, cards,
 * dates of birth, phones, addresses), then plates and codes (found near their cue words), then the
 * answers to a question that asked for one of them (the next line of a transcript), then digits typed one by one that none of these took, then names (a cue word such as "Türcode" must not be taken for a surname first).
 */
export function redact(typed: string, options: RedactOptions = {}): Redacted {
  const found = noneFound();
  // Digits of other scripts are read as ASCII ones ("٠٥٠٣٨٢٧١٩٤" is a phone) and written back as typed.
  const text = asciiDigits(typed);
  let out = text;
  out = redactEmails(out, found);
  out = redactSpelledPasswords(out, found);
  out = redactHandles(out, found);
  out = redactIds(out, found);
  out = redactSaidMillions(out, found);
  out = redactSpelled(out, found);
  out = redactCards(out, found);
  out = redactBirthDates(out, found);
  out = redactPhones(out, found);
  out = redactAddresses(out, found);
  out = redactPlates(out, found);
  out = redactCodes(out, found);
  const names: string[] = [];
  // "TeeBox Polanco" names a place: the name passes do not see it.
  const branches = setBranchesAside(out);
  // A text in capitals is read in small letters, its known names capitalised.
  const shouted = isShouted(branches.text);
  const read = shouted ? readQuietly(branches.text) : branches.text;
  out = redactAnswers(read, found, names);
  out = redactCheckLetters(redactTypedNumbers(out, found));
  out = redactListedNames(out, options.names ?? [], found);
  out = redactCuedNames(out, found, names);
  out = redactNamesInOtherScripts(out, found);
  out = redactListedNames(out, names, found);
  out = redactLexiconNames(out, found);
  const joined = names.length;
  out = redactJoinedNames(out, found, names);
  if (names.length > joined) out = redactListedNames(out, names.slice(joined), found);
  if (shouted) out = replaceAsTyped(branches.text, read, out);
  out = branches.restore(out);
  out = redactReadBacks(out, found);
  out = redactCorrections(out, found);
  // What was removed once goes wherever it comes again ("the plate is BCX 442 … BCX 442, got it").
  const values = removedValues(text, out);
  out = redactEchoes(out, values, found);
  if (options.values?.length) out = redactEchoes(out, options.values, found);
  return { text: text === typed ? out : replaceAsTyped(typed, text, out), found, names, values };
}

/** The zero of each script whose decimal digits are one UTF-16 unit each, as ASCII's are: Arabic, Persian, Indic, Thai, Lao, Tibetan, Myanmar, full width. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0xff10];
const OTHER_DIGIT = new RegExp(
  `[${DIGIT_ZEROS.map((z) => `\\u${z.toString(16).padStart(4, '0')}-\\u${(z + 9).toString(16).padStart(4, '0')}`).join('')}]`,
  'g',
);

/** `text` with other scripts' decimal digits as ASCII digits, the same length. */
function asciiDigits(text: string): string {
  return text.replace(OTHER_DIGIT, (d) => {
    const code = d.charCodeAt(0);
    return String(code - DIGIT_ZEROS.findLast((z) => z <= code)!);
  });
}

/**
 * The names and values of a list (a conversation's) replaced in an already redacted text: names in
 * any case where they are not words, values with any separators.
 */
export function redactKnown(text: string, known: { names: readonly string[]; values: readonly RemovedValue[] }): string {
  const found = noneFound();
  return redactEchoes(redactListedNames(text, known.names, found), known.values, found);
}

/** Loads what redaction needs up front (the name lexicon), so the first text redacted is not slower. */
export function warmRedaction(): void {
  loadNameLexicon();
}
