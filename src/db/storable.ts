/** A NUL, or a UTF-16 surrogate without its other half. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what PostgreSQL cannot store
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text PostgreSQL can store: a NUL (refused in text and jsonb) and a lone surrogate (not valid
 * UTF-8; jsonb refuses its escape) become U+FFFD. `onReplace` counts them.
 */
export function storableText(text: string, onReplace?: () => void): string {
  return text.replace(UNSTORABLE, () => {
    onReplace?.();
    return '\ufffd';
  });
}
