/**
 * Lower-cased runs of letters and digits. With `joinApostrophes`, apostrophes are dropped first so
 * "don't" is the one word "dont" (as search matches words); without, it is "don" and "t".
 */
export function splitWords(text: string, options: { joinApostrophes?: boolean } = {}): string[] {
  const lower = text.toLowerCase();
  return (options.joinApostrophes ? lower.replace(/['’]/g, '') : lower).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** How many whitespace-separated words a text has, punctuation included: "ok, thanks!" is 2. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The text with its first character in upper case: "putts going left" → "Putts going left". */
export function capitalise(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
