import { dateAfter, MONTH_OR_YEAR, OLD_DATE, SAID_OLD_DATE } from './dates.ts';
import { type Found, replaceSpans } from './substitute.ts';

/**
 * Dates of birth: the date after "DOB", "date of birth", "born", "birthday" (written or said), and any
 * full date whose year no booking can have ("03/14/1988").
 */
const AGE_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|' +
  'un|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|' +
  'uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|' +
  'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|eighteenth|twenty-first|thirtieth|fortieth|fiftieth|sixtieth';
const BIRTH_CUE =
  /(?<![\p{L}[])(?:d\.?o\.?b\.?|date[ \t]{1,8}of[ \t]{1,8}birth|birth[ \t]{0,8}date|birthdate|birthday|b-?day|cumplea[ñn]os|anniversaire|geburtstag|compleanno|anivers[áa]rio|urodziny|kaarawan|born(?:[ \t]{1,8}(?:on|in))?|date[ \t]{1,8}de[ \t]{1,8}naissance|n[ée]e?[ \t]{1,8}le|fecha[ \t]{1,8}de[ \t]{1,8}nacimiento|nacid[oa](?:[ \t]{1,8}el)?|nac(?:[ií]|i[óo])[ \t]{1,8}el|geboren(?:[ \t]{1,8}am)?|geburtsdatum|verjaarsdag|verjaardag|geboortedatum|gebore(?:[ \t]{1,8}op)?|f[øö]d(?:t|d)(?:[ \t]{1,8}(?:den|p[åa]))?|f[øö]delsdag|f[öo]delsedag|syntym[äa]p[äa]iv[äa]|nascid[oa](?:[ \t]{1,8}em)?|data[ \t]{1,8}de[ \t]{1,8}nascimento|nat[oa][ \t]{1,8}(?:il|l['’])|data[ \t]{1,8}di[ \t]{1,8}nascita|urodzon[ya](?:[ \t]{1,8}w)?|data[ \t]{1,8}urodzenia|f[øö]dselsdato(?:en)?|f[öo]delsedatum(?:et)?|f[öo]dd|syntym[äa]aika|syntynyt|s[üu]nnikuup[äa]ev|s[üu]ndinud|sz[üu]l\.|sz[üu]let[ée]si[ \t]{1,8}(?:d[áa]tum|id[őo])|sz[üu]letett|narozen[aáý]?|datum[ \t]{1,8}narozen[íi]|d[áa]tum[ \t]{1,8}narodenia|narodil[a]?[ \t]{1,8}som|data[ \t]{1,8}na[șs]terii|n[ăa]scut[ăa]?(?:[ \t]{1,8}(?:pe|[îi]n))?|do[ğg]um[ \t]{1,8}tarih\p{L}*|ημερομηνία[ \t]{1,8}γέννησης|γεννήθηκα|geb\.|seinengappi|tanj[oō]u?bi|saengnyeonwol-?il|saengil|ng[àa]y[ \t]{1,8}sinh|petsa[ \t]{1,8}ng[ \t]{1,8}kapanganakan|ipinanganak|janam[ \t]{0,8}(?:tithi|din|tarikh)|tar[iī]kh[ \t]{1,8}(?:el|al)[- \t]?mil[aā]d|f[æa]ðingardag(?:ur|inn)?|f[æa]dd(?:ur|ist)?|dobs?)(?![\p{L}])/giu;

/** An age reached on a date: "he's eight on the 19th of June", "turning 7 on 12 Oct", "aura dix ans le 4 avril", "cumple quince el 12 de diciembre". */
const AGE_ON = new RegExp(
  String.raw`(?<![\p{L}])(?:turns?|turning|will[ \t]{1,8}be|(?:he|she|they)['’]ll[ \t]{1,8}be|(?:he|she|they)['’]s|(?:he|she)[ \t]{1,8}is|aura|aurai|fera|cumple|cumplo|cumplirá|fait|completa|faz)[ \t]{1,8}(?:\d{1,3}|${AGE_WORDS})(?:[ \t]{1,8}(?:ans|años|anos|years?(?:[ \t]{1,8}old)?))?[ \t]{1,8}(?:on|el|le|em|no)(?![\p{L}])`,
  'giu',
);

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

/** A date with a month or an ordinal day: "the 19th", "12 Oct", not "7" alone. */
const MONTH_OR_DAY = new RegExp(String.raw`${MONTH_OR_YEAR.source}|\d{1,2}(?:st|nd|rd|th)(?![\p{L}])|\d{1,2}[/.-]\d{1,2}`, 'iu');

export function redactBirthDates(text: string, found: Found): string {
  const spans: [number, number][] = [];
  for (const cue of text.matchAll(BIRTH_CUE)) {
    const span = dateWithin(text, cue.index + cue[0].length);
    if (span) spans.push(span);
  }
  for (const cue of text.matchAll(AGE_ON)) {
    // Right after "on": the date itself ("on the 19th of June", "el 12 de diciembre"), with a day or a month.
    const span = dateAfter(text, cue.index + cue[0].length);
    if (span && span[1] - span[0] <= 40 && MONTH_OR_DAY.test(text.slice(span[0], span[1]))) spans.push(span);
  }
  for (const date of [OLD_DATE, SAID_OLD_DATE]) for (const m of text.matchAll(date)) spans.push([m.index, m.index + m[0].length]);
  return replaceSpans(text, spans, 'dob', found);
}
