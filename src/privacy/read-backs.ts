import { WRITTEN_DOCUMENT } from './ids.ts';
import { digitsOf, type Found, type RedactionKind } from './substitute.ts';
import { LABEL, speakerOf } from './turns.ts';

/**
 * A value read back in writing: staff type what the caller just said, at the start of their turn
 * ("Caller: M as in Mike, zero zero seven, four four, eight one." / "Rep: M007 4481?", "Agente:
 * 53412908Q. Se lo tramitamos hoy."). A turn that opens with a number of five digits or more, or
 * letters with three digits or more, goes as the kind of value the turn before gave, when one was
 * removed there.
 */
/** Groups of capitals and digits, as a document, an account or a plate is written: "QR 19 34 82 C", "85.07.12-304.26", "40-11-62". */
const OPENING_VALUE = new RegExp(String.raw`^${WRITTEN_DOCUMENT}(?:[ ][A-Z])?(?=[ \t]*(?:[?.!,;]|$)|[ \t]+\p{Ll})`, 'u');
/** What the turn before gave: a value of a kind that is not a name, removed. */
const GAVE_VALUE = /\[(id|phone|code|card|plate|dob|address)\]/;

/** A turn that gave a booking's or an order's reference: what is read back is the reference ("The reference is Q as in Quebec, T, …"). */
const A_REFERENCE = /(?<![\p{L}])(?:reference|ref|booking|reservation|order|confirmation|ticket)(?![\p{L}])[^.?!\n]{0,40}\[/iu;

/** A turn that asks for something else after the value it gave: "[phone]. And the invoice number?" is answered, not read back. */
const ASKS_ANEW = /\][^[\n?]*[.!,][ \t]{0,8}\p{L}+[ \t]{1,8}\p{L}[^[\n]*\?[ \t]*$/u;

/** A form's field, not a speaker: "Booking:", "Order no:", "Date:". */
const FIELD = /(?<![\p{L}])(?:reference|ref|booking|reservation|order|confirmation|ticket|invoice|receipt|date|datum|fecha|time)(?![\p{L}])/iu;

export function redactReadBacks(text: string, found: Found): string {
  if (!text.includes('\n')) return text;
  // The turns as the other passes left them: a value read back is no value given, for the turn after it.
  const given = text.split('\n');
  const lines = [...given];
  for (let i = 1; i < lines.length; i++) {
    const kind = GAVE_VALUE.exec(given[i - 1]!)?.[1] as RedactionKind | undefined;
    if (!kind || A_REFERENCE.test(given[i - 1]!) || ASKS_ANEW.test(given[i - 1]!)) continue;
    const label = LABEL.exec(lines[i]!)?.[0];
    // Another speaker types it back; a form's next field ("Booking: BK-48213", "Date: 2024-03-12") is no read-back.
    if (label === undefined || speakerOf(label) === speakerOf(LABEL.exec(given[i - 1]!)?.[0] ?? '') || FIELD.test(label)) continue;
    const said = lines[i]!.slice(label.length);
    const value = OPENING_VALUE.exec(said)?.[0];
    if (!value) continue;
    const digits = digitsOf(value).length;
    const letters = value.replace(/[^A-Z]/g, '').length;
    if ((digits < 5 && !(digits >= 3 && letters >= 1)) || /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(value)) continue;
    found[kind]++;
    lines[i] = `${label}[${kind}]${said.slice(value.length)}`;
  }
  return lines.join('\n');
}
