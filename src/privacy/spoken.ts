/**
 * Digits said as words, as speech-to-text writes them: "nine oh two five five five", "double five",
 * "902 five five five 0142". A run is a sequence of digit words and digit groups separated by spaces,
 * commas, dots or dashes; it holds at least one digit word (plain digit runs are the other passes').
 */
const UNITS: Record<string, string> = {
  zero: '0',
  oh: '0',
  o: '0',
  nought: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};
const TOKEN = String.raw`(?:zero|nought|oh|one|two|three|four|five|six|seven|eight|nine|double|triple|o|\d{1,4})`;
const RUN = new RegExp(
  String.raw`(?<![\p{L}\p{N}_'’])${TOKEN}(?:(?:[ \t]{0,8}[,.-]?[ \t]{1,8}|[ \t]{0,8}[,-][ \t]{0,8}|[ \t]{1,8}(?:dash|hyphen|uh|um|er)[ \t]{1,8})${TOKEN})+(?![\p{L}\p{N}_'’])`,
  'giu',
);

export type SpokenRun = { start: number; end: number; digits: string };

/**
 * The runs in `text` that spell at least `min` digits with at least one word among them; with
 * `spacedDigits`, also digits typed one by one ("3 9 1 7").
 */
export function spokenDigitRuns(text: string, min: number, spacedDigits = false): SpokenRun[] {
  const runs: SpokenRun[] = [];
  for (const m of text.matchAll(RUN)) {
    const words = m[0].toLowerCase().match(/[a-z]+|\d+/g) ?? [];
    const spaced = spacedDigits && words.every((w) => /^\d$/.test(w));
    if (!spaced && !words.some((w) => w in UNITS && w !== 'o' && w !== 'oh')) continue;
    let digits = '';
    let repeat = 1;
    for (const w of words) {
      if (w === 'double' || w === 'triple') repeat = w === 'double' ? 2 : 3;
      else if (w === 'dash' || w === 'hyphen' || w === 'uh' || w === 'um' || w === 'er') continue;
      else {
        digits += (UNITS[w] ?? w).repeat(repeat);
        repeat = 1;
      }
    }
    if (digits.length >= min) runs.push({ start: m.index, end: m.index + m[0].length, digits });
  }
  return runs;
}
