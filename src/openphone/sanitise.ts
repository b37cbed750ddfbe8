import { storableText } from '../db/index.ts';
import { InputError } from '../errors.ts';

/** Deeper than this, a webhook body is refused: OpenPhone's events nest five or six levels. */
export const MAX_DEPTH = 64;

/** A NUL or a UTF-16 surrogate written as a JSON escape: the only ways either reaches a parsed string. */
const SUSPECT_ESCAPE = /\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/**
 * Refuses JSON text nested deeper than `max` arrays and objects, with an error that says so, in one
 * pass over the text before it is parsed (strings skipped, escapes included).
 */
export function checkDepth(text: string, max = MAX_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) throw new InputError(`invalid payload: the body nests deeper than ${max} levels`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/**
 * A parsed JSON body made storable: every NUL character (PostgreSQL stores none in text or jsonb)
 * and every lone UTF-16 surrogate (a phone splitting an emoji across SMS segments; jsonb refuses it)
 * in a string or a key becomes U+FFFD, and `replaced` counts them. `raw`, the text it was parsed
 * from, says cheaply whether there can be any. Keys such as `__proto__` stay plain keys. Call it on
 * a body `checkDepth` let through.
 */
export function sanitiseJson(json: unknown, raw: string): { value: unknown; replaced: number } {
  if (!SUSPECT_ESCAPE.test(raw)) return { value: json, replaced: 0 };
  let replaced = 0;
  const clean = (s: string): string => storableText(s, () => replaced++);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return clean(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(walk);
    // Object.fromEntries defines own properties: a "__proto__" key stays data, never a prototype.
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [clean(k), walk(v)]));
  };
  const value = walk(json);
  return { value, replaced };
}
