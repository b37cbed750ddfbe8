import { dateAfter, MONTH_OR_YEAR, OLD_DATE } from './dates.ts';
import { type Found, replaceSpans } from './substitute.ts';

/**
 * Dates of birth: the date after "DOB", "date of birth", "born", "birthday" (written or said), and any
 * full date whose year no booking can have ("03/14/1988").
 */
const BIRTH_CUE =
  /(?<![\p{L}])(?:d\.?o\.?b\.?|date[ \t]{1,8}of[ \t]{1,8}birth|birth[ \t]{0,8}date|birthdate|birthday|b-?day|cumplea[ñn]os|anniversaire|geburtstag|compleanno|anivers[áa]rio|urodziny|kaarawan|born(?:[ \t]{1,8}(?:on|in))?|date[ \t]{1,8}de[ \t]{1,8}naissance|n[ée]e?[ \t]{1,8}le|fecha[ \t]{1,8}de[ \t]{1,8}nacimiento|nacid[oa](?:[ \t]{1,8}el)?|nac(?:[ií]|i[óo])[ \t]{1,8}el|geboren(?:[ \t]{1,8}am)?|geburtsdatum|nascid[oa](?:[ \t]{1,8}em)?|data[ \t]{1,8}de[ \t]{1,8}nascimento|dobs?)(?![\p{L}])/giu;

/**
 * The first date in the six words after a cue ("date of birth for the league signup is June 5th,
 * 1984"; "DOB? Caller: the 9th of January"); past the first word it must hold a month or a year.
 */
function dateWithin(text: string, from: number): [number, number] | null {
  const words = [...text.slice(from, from + 80).matchAll(/[^\s]+/g)].slice(0, 6);
  for (const [i, w] of words.entries()) {
    const span = dateAfter(text, from + w.index);
    if (!span || span[1] - span[0] > 60) continue;
    const date = text.slice(span[0], span[1]);
    if (i === 0 || MONTH_OR_YEAR.test(date)) return span;
  }
  return dateAfter(text, from);
}

export function redactBirthDates(text: string, found: Found): string {
  const spans: [number, number][] = [];
  for (const cue of text.matchAll(BIRTH_CUE)) {
    const span = dateWithin(text, cue.index + cue[0].length);
    if (span) spans.push(span);
  }
  for (const m of text.matchAll(OLD_DATE)) spans.push([m.index, m.index + m[0].length]);
  return replaceSpans(text, spans, 'dob', found);
}
