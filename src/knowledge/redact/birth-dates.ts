import { dateAfter, OLD_DATE } from './dates.ts';
import { type Found, replaceSpans } from './substitute.ts';

/**
 * Dates of birth: the date after "DOB", "date of birth", "born", "birthday" (written or said), and any
 * full date whose year no booking can have ("03/14/1988").
 */
const BIRTH_CUE =
  /(?<![\p{L}])(?:d\.?o\.?b\.?|date[ \t]+of[ \t]+birth|birth[ \t]*date|birthdate|birthday|b-?day|born(?:[ \t]+(?:on|in))?|date[ \t]+de[ \t]+naissance|n[ée]e?[ \t]+le|fecha[ \t]+de[ \t]+nacimiento|nac[ií]\s+el)(?![\p{L}])/giu;

export function redactBirthDates(text: string, found: Found): string {
  const spans: [number, number][] = [];
  for (const cue of text.matchAll(BIRTH_CUE)) {
    const span = dateAfter(text, cue.index + cue[0].length);
    if (span && span[1] - span[0] <= 60) spans.push(span);
  }
  for (const m of text.matchAll(OLD_DATE)) spans.push([m.index, m.index + m[0].length]);
  return replaceSpans(text, spans, 'dob', found);
}
