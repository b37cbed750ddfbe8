import { diffArrays } from 'diff';

/**
 * A unified-style line diff of two texts (jsdiff's Myers diff), with `context` unchanged lines
 * around each change and "..." where lines are left out: what a PR body shows of a proposal.
 */
export function lineDiff(before: string, after: string, context = 2): string {
  const ops = diffArrays(before.split('\n'), after.split('\n')).flatMap((change) =>
    change.value.map((line) => ({ kind: change.added ? '+' : change.removed ? '-' : ' ', line })),
  );
  const keep = ops.map((op, k) => op.kind !== ' ' || ops.slice(Math.max(0, k - context), k + context + 1).some((o) => o.kind !== ' '));
  const out: string[] = [];
  ops.forEach((op, k) => {
    if (keep[k]) out.push(`${op.kind}${op.line}`);
    else if (keep[k - 1]) out.push('...');
  });
  return out.join('\n');
}
