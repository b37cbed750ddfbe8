import { z } from 'zod';

/**
 * The known key a misspelt one was most likely meant to be: the nearest by edit distance (case
 * ignored, a swap of two neighbours counts as one edit), when it is within a third of the key's
 * length (at least one edit); otherwise null.
 */
export function closestKey(key: string, known: readonly string[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(key.length / 3)) ? best.name : null;
}

/**
 * How an unknown key is reported: `unknown field "tag": did you mean "tags"?`, or, when no known key is
 * close, `unknown field "colour" (expected title, owner, ...)`.
 */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const close = closestKey(key, known);
  if (close) return `unknown field "${key}": did you mean "${close}"?`;
  return `unknown field "${key}" (expected ${known.join(', ')})`;
}

/** The keys of the object schema at `path` inside `schema` (array indexes step into the element), or []. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const step of path) {
    if (current instanceof z.ZodObject) current = unwrap(current.shape[String(step)] as z.ZodType | undefined);
    else if (current instanceof z.ZodArray && typeof step === 'number') current = unwrap(current.element as z.ZodType);
    else return [];
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** Steps through defaults, optionals, nullables and transforms to the schema that holds the shape. */
function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodDefault || current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const cell = (i: number, j: number) => rows[i]![j]!;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(cell(i - 1, j) + 1, cell(i, j - 1) + 1, cell(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, cell(i - 2, j - 2) + 1);
      rows[i]![j] = d;
    }
  }
  return cell(a.length, b.length);
}
