export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string };

/** Beyond this many word pairs the texts are shown without highlighting (the table would be too big). */
const MAX_CELLS = 2_000_000;

/**
 * The words of `before` and `after` aligned by their longest common subsequence (case-insensitive,
 * punctuation kept), as runs of same, removed and added text: what the side-by-side view highlights.
 */
export function wordDiff(before: string, after: string): { before: DiffPart[]; after: DiffPart[] } {
  // Leading whitespace stays with the first word, so the texts are shown whole.
  const a = before.match(/\s*\S+\s*|\s+/g) ?? [];
  const b = after.match(/\s*\S+\s*|\s+/g) ?? [];
  if (a.length * b.length > MAX_CELLS) return { before: [{ kind: 'same', text: before }], after: [{ kind: 'same', text: after }] };
  const key = (w: string) => w.trim().toLowerCase().replace(/[.,!?;:]+$/, '');
  const ka = a.map(key);
  const kb = b.map(key);
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = ka[i] === kb[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const left: DiffPart[] = [];
  const right: DiffPart[] = [];
  const push = (parts: DiffPart[], kind: DiffPart['kind'], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && ka[i] === kb[j]) {
      push(left, 'same', a[i++]!);
      push(right, 'same', b[j++]!);
    } else if (i < a.length && (j >= b.length || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) push(left, 'removed', a[i++]!);
    else push(right, 'added', b[j++]!);
  }
  return { before: left, after: right };
}
