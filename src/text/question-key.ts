/** Apostrophe look-alikes, dropped so "can’t", "can't" and "cant" read the same. */
const APOSTROPHES = /['‘’‚‛ʼ`´′]/g;

/**
 * The form a question is looked up by: NFKC, lower case, apostrophes dropped, other punctuation and
 * symbols read as spaces, whitespace collapsed and trimmed. "Is the  bay FROZEN?!" → "is the bay frozen".
 */
export function normaliseQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}
