/** What the redactor found, by kind; every pass adds to it. */
export type RedactionKind = 'phone' | 'email' | 'card' | 'code' | 'address' | 'plate' | 'dob' | 'id' | 'name';
export const KINDS: readonly RedactionKind[] = ['phone', 'email', 'card', 'code', 'address', 'plate', 'dob', 'id', 'name'];
export type Found = Record<RedactionKind, number>;
/** A count of nothing found yet, every kind at zero. */
export const noneFound = (): Found => Object.fromEntries(KINDS.map((k) => [k, 0])) as Found;

/** A placeholder the redactor writes, with its kind as the first group. */
export const PLACEHOLDERS = /\[(phone|email|card|code|address|plate|dob|id|name)\]/g;
export const HAS_PLACEHOLDER = /\[(?:phone|email|card|code|address|plate|dob|id|name)\]/;
export const isPlaceholder = (s: string): boolean => /^\[(?:phone|email|card|code|address|plate|dob|id|name)\]$/.test(s);

/** What replaces a match: a string, or a string and where the replaced text ends (to swallow more). */
export type Replacement = string | { text: string; end: number } | undefined;

/**
 * Replaces the matches `fn` accepts (it returns the replacement, or undefined to keep the match).
 * A match kept is searched again from `retryAt(m)` when given (after a cue: "call my husband Raj"
 * must not be lost because "call my" was no name), else after it. `re` must be global.
 */
export function substitute(text: string, re: RegExp, fn: (m: RegExpExecArray) => Replacement, retryAt?: (m: RegExpExecArray) => number): string {
  let out = '';
  let last = 0;
  let changed = false;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const replacement = fn(m);
    if (replacement === undefined) {
      re.lastIndex = Math.max(m.index + 1, retryAt ? retryAt(m) : m.index + m[0].length);
      continue;
    }
    const { text: value, end } = typeof replacement === 'string' ? { text: replacement, end: m.index + m[0].length } : replacement;
    out += text.slice(last, m.index) + value;
    last = end;
    changed = true;
    re.lastIndex = Math.max(end, m.index + 1);
  }
  re.lastIndex = 0;
  return changed ? out + text.slice(last) : text;
}

/** Replaces the spans [start, end) (sorted or not; overlapping ones are joined) with `[kind]`. */
export function replaceSpans(text: string, spans: readonly (readonly [number, number])[], kind: RedactionKind, found: Found): string {
  if (spans.length === 0) return text;
  const joined: [number, number][] = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const previous = joined.at(-1);
    if (previous && start < previous[1]) previous[1] = Math.max(previous[1], end);
    else joined.push([start, end]);
  }
  let out = '';
  let last = 0;
  for (const [start, end] of joined) {
    out += `${text.slice(last, start)}[${kind}]`;
    last = end;
    found[kind]++;
  }
  return out + text.slice(last);
}

export const digitsOf = (s: string): string => s.replace(/\D/g, '');

/** How many different words (any case) `words` finds in `text`: two of a language's everyday small words say a text is in it. */
export const distinctWords = (text: string, words: RegExp): number => new Set(Array.from(text.matchAll(words), (m) => m[0].toLowerCase())).size;
