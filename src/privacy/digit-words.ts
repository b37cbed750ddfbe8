/**
 * The ten digits, zero to nine, as each language says them: what spoken numbers, spelled codes and
 * passwords read. Portuguese "um" (one) is left out: English speech says "um" for a pause. Indonesian,
 * Vietnamese, romanised Hindi, Malay, Swahili, Russian, Ukrainian, Arabic, Persian, Hebrew, Finnish, Thai and Greek digits
 * are everyday words in those languages too ("hai", "do", "moja", "kuusi", "ένα"): only a run of three or more digit
 * words reads as a number.
 */
export const DIGITS_IN = {
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
  fr: ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf'],
  es: ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve'],
  de: ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun'],
  it: ['zero', 'uno', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove'],
  pt: ['zero', '', 'dois', 'três', 'quatro', 'cinco', 'seis', 'sete', 'oito', 'nove'],
  nl: ['nul', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen'],
  af: ['nul', 'een', 'twee', 'drie', 'vier', 'vyf', 'ses', 'sewe', 'agt', 'nege'],
  pl: ['zero', 'jeden', 'dwa', 'trzy', 'cztery', 'pięć', 'sześć', 'siedem', 'osiem', 'dziewięć'],
  sv: ['noll', 'ett', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio'],
  tr: ['sıfır', 'bir', 'iki', 'üç', 'dört', 'beş', 'altı', 'yedi', 'sekiz', 'dokuz'],
  id: ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan'],
  vi: ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'],
  hi: ['shunya', 'ek', 'do', 'teen', 'chaar', 'paanch', 'chhe', 'saat', 'aath', 'nau'],
  ms: ['kosong', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'lapan', 'sembilan'],
  sw: ['sifuri', 'moja', 'mbili', 'tatu', 'nne', 'tano', 'sita', 'saba', 'nane', 'tisa'],
  ru: ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  uk: ['нуль', 'одна', 'дві', 'три', 'чотири', 'пʼять', 'шість', 'сім', 'вісім', 'девʼять'],
  ar: ['صفر', 'واحد', 'اثنين', 'ثلاثة', 'أربعة', 'خمسة', 'ستة', 'سبعة', 'ثمانية', 'تسعة'],
  fa: ['صفر', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه'],
  he: ['אפס', 'אחת', 'שתיים', 'שלוש', 'ארבע', 'חמש', 'שש', 'שבע', 'שמונה', 'תשע'],
  fi: ['nolla', 'yksi', 'kaksi', 'kolme', 'neljä', 'viisi', 'kuusi', 'seitsemän', 'kahdeksan', 'yhdeksän'],
  th: ['ศูนย์', 'หนึ่ง', 'สอง', 'สาม', 'สี่', 'ห้า', 'หก', 'เจ็ด', 'แปด', 'เก้า'],
  el: ['μηδέν', 'ένα', 'δύο', 'τρία', 'τέσσερα', 'πέντε', 'έξι', 'επτά', 'οκτώ', 'εννέα'],
};
/** Other ways these languages say a digit: a masculine form, a spelling without its hamza or accent, a colloquial one. */
export const MORE_DIGIT_WORDS: Record<string, string> = {
  ...Object.fromEntries(DIGITS_IN.el.map((w, digit) => [w.normalize('NFD').replace(/\p{M}/gu, ''), String(digit)])),
  τρεις: '3',
  τέσσερις: '4',
  τεσσερις: '4',
  εφτά: '7',
  εφτα: '7',
  οχτώ: '8',
  οχτω: '8',
  εννιά: '9',
  εννια: '9',
  две: '2',
  אחד: '1',
  שניים: '2',
  שתים: '2',
  اثنان: '2',
  إثنين: '2',
  اربعة: '4',
  ثلاث: '3',
  أربع: '4',
  خمس: '5',
  ست: '6',
  سبع: '7',
  ثمان: '8',
  تسع: '9',
};
type Language = keyof typeof DIGITS_IN;

/** Each digit word of `languages` with the digit it says: `{ neuf: '9', nueve: '9', … }`. */
export function digitsSaidIn(...languages: Language[]): Record<string, string> {
  return Object.fromEntries(languages.flatMap((l) => DIGITS_IN[l].flatMap((w, digit) => (w ? [[w, String(digit)]] : []))));
}
