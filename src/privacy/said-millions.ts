import { type Found, replaceSpans } from './substitute.ts';

/**
 * A number of millions said in words, with more after the millions: "treinta y ocho millones,
 * cuatrocientos doce mil, novecientos cinco", "vinte e três milhões, oitocentos mil e doze",
 * "quatre-vingts millions deux cent mille", "twelve million three hundred thousand and four". Read
 * out so, it is a national identity number (Argentina's DNI is said this way) or an account; a price
 * of millions names its currency after it ("dos millones de pesos") and stays. Digit words alone
 * ("cinco tres cuatro") are read elsewhere; this pass knows only the words of whole numbers.
 */
const NUMBER_WORDS = new Set(
  // Spanish
  (
    'un uno una dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis dieciseis diecisiete ' +
    'dieciocho diecinueve veinte veintiuno veintiún veintidós veintidos veintitrés veintitres veinticuatro veinticinco veintiséis ' +
    'veintiseis veintisiete veintiocho veintinueve treinta cuarenta cincuenta sesenta setenta ochenta noventa cien ciento ' +
    'doscientos trescientos cuatrocientos quinientos seiscientos setecientos ochocientos novecientos mil ' +
    // Portuguese
    'um dois duas três tres quatro sete oito nove dez onze treze catorze quatorze quinze dezesseis dezasseis dezessete dezassete ' +
    'dezoito dezenove dezanove vinte trinta quarenta cinquenta sessenta oitenta cem cento duzentos duzentas trezentos quatrocentos ' +
    'quinhentos seiscentos setecentos oitocentos novecentos ' +
    // French (the parts of "quatre-vingt-dix-sept" and "soixante-et-onze" too)
    'une deux trois quatre cinq six sept huit neuf dix seize vingt vingts trente quarante cinquante soixante septante huitante ' +
    'octante nonante cent cents mille ' +
    // English
    'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen ' +
    'nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand'
  ).split(' '),
);
const MILLIONS = new Set(['millón', 'millon', 'millones', 'milhão', 'milhao', 'milhões', 'milhoes', 'million', 'millions']);
const JOINS = new Set(['y', 'e', 'et', 'and']);
/** Between two words of one number: spaces, a comma, perhaps "y", "e", "et" or "and". */
const GAP = /^(?:[ \t]{0,2},)?[ \t]{1,3}(?:(?:y|e|et|and)[ \t]{1,3})?$/iu;
/** A currency or a money word after the number: a price, not a number of someone's. */
const MONEY_AFTER =
  /^[ \t,]{0,3}(?:de[ \t]{1,3}|d['’])?(?:pesos?|reais|real|euros?|dólares|dolares|dollars?|francs?|libras?|pounds?|bucks|soles|guaraníes|\$|€|£)/iu;
const WORD = /[\p{L}]+(?:-[\p{L}]+)*/gu;

const isNumberWord = (w: string): boolean => {
  const key = w.toLowerCase();
  return NUMBER_WORDS.has(key) || MILLIONS.has(key) || key.split('-').every((p) => NUMBER_WORDS.has(p) || p === 'et');
};

export function redactSaidMillions(text: string, found: Found): string {
  if (!/mill|milh/i.test(text)) return text;
  const spans: [number, number][] = [];
  let run: { start: number; end: number; millions: boolean; words: number } | undefined;
  const close = (): void => {
    if (run?.millions && run.words >= 3 && !MONEY_AFTER.test(text.slice(run.end, run.end + 16))) spans.push([run.start, run.end]);
    run = undefined;
  };
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const gap = run ? text.slice(run.end, m.index) : '';
    const joined = run !== undefined && GAP.test(gap);
    if (isNumberWord(word) && (run === undefined || joined)) {
      run ??= { start: m.index, end: m.index, millions: false, words: 0 };
      run.end = m.index + word.length;
      run.words++;
      if (MILLIONS.has(word.toLowerCase())) run.millions = true;
    } else if (joined && JOINS.has(word.toLowerCase()) && !JOINS.has(gap.trim())) {
      // "treinta y ocho": the join belongs to the run when a number word follows it (the next gap says).
    } else {
      close();
      if (isNumberWord(word)) run = { start: m.index, end: m.index + word.length, millions: MILLIONS.has(word.toLowerCase()), words: 1 };
    }
  }
  close();
  return replaceSpans(text, spans, 'id', found);
}
