import { diffArrays } from 'diff';

export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string };

/** Beyond this many word edits the texts are shown without highlighting (the diff would cost too much). */
const MAX_EDITS = 2_000;

/**
 * The words of `before` and `after` aligned by jsdiff (case-insensitive, trailing punctuation aside),
 * as runs of same, removed and added text, each side in its own words: what the side-by-side view highlights.
 */
export function wordDiff(before: string, after: string): { before: DiffPart[]; after: DiffPart[] } {
  // Leading whitespace stays with the first word, so the texts are shown whole.
  const a = before.match(/\s*\S+\s*|\s+/g) ?? [];
  const b = after.match(/\s*\S+\s*|\s+/g) ?? [];
  const key = (w: string) =>
    w
      .trim()
      .toLowerCase()
      .replace(/[.,!?;:]+$/, '');
  const changes = diffArrays(a, b, { comparator: (x, y) => key(x) === key(y), maxEditLength: MAX_EDITS });
  if (!changes) return { before: [{ kind: 'same', text: before }], after: [{ kind: 'same', text: after }] };
  const left: DiffPart[] = [];
  const right: DiffPart[] = [];
  const push = (parts: DiffPart[], kind: DiffPart['kind'], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  // Walked by counts: a run both sides share is shown in each side's own words ("Hello" / "hello").
  let i = 0;
  let j = 0;
  for (const change of changes) {
    const n = change.count;
    if (change.removed) push(left, 'removed', a.slice(i, (i += n)).join(''));
    else if (change.added) push(right, 'added', b.slice(j, (j += n)).join(''));
    else {
      push(left, 'same', a.slice(i, (i += n)).join(''));
      push(right, 'same', b.slice(j, (j += n)).join(''));
    }
  }
  return { before: left, after: right };
}
