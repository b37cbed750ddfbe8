import type { DeployDiff, Figure, RouteFigures } from './diff-deploy.ts';
import type { FieldChange } from './diff-sops.ts';

/** Changed lines shown per section (and glossary terms); `--json` has them all. */
const MAX_DIFF_LINES = 12;

const show = (v: unknown) => (v === null || v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));
const clip = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A front-matter (or glossary) change: list items added and removed, or the value before and after. */
function formatField(c: FieldChange): string {
  if (Array.isArray(c.before) && Array.isArray(c.after)) {
    const was = new Set(c.before.map(show));
    const now = new Set(c.after.map(show));
    const items = [
      ...[...now].filter((x) => !was.has(x)).map((x) => `+ "${clip(x, 60)}"`),
      ...[...was].filter((x) => !now.has(x)).map((x) => `- "${clip(x, 60)}"`),
    ];
    return `${c.field}: ${items.length ? items.join('; ') : 'reordered'}`;
  }
  return `${c.field}: ${clip(show(c.before), 60)} → ${clip(show(c.after), 60)}`;
}

const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
const signed = (d: number | null) => (d === null ? '' : d === 0 ? ' (=)' : ` (${d > 0 ? '+' : ''}${d.toFixed(3)})`);
const cell = (x: Figure) => `${f(x.active)} → ${f(x.candidate)}${signed(x.delta)}`;

function formatEval(diff: DeployDiff): string[] {
  const e = diff.eval;
  if (!e) return [];
  const columns: [keyof Omit<RouteFigures, 'route'>, string][] = [
    ['hit1', 'hit@1'],
    ['confidentCorrect', 'confident & correct'],
    ['precision', 'precision'],
    ['falseAnswerRate', 'false-answer rate'],
  ];
  const rows = [['route', ...columns.map(([, title]) => title)], ...e.routes.map((r) => [r.route, ...columns.map(([key]) => cell(r[key]))])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = [
    `eval on ${e.cases} cases, active → candidate (Δ):`,
    ...rows.map(
      (row) =>
        `  ${row
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}`,
    ),
  ];
  if (e.gate)
    lines.push(
      e.gate.pass ? 'a deploy would pass its health check' : `a deploy would fail its health check:\n${e.gate.reasons.map((r) => `  ${r}`).join('\n')}`,
    );
  return [...lines, ...e.notes.map((n) => `note: ${n}`)];
}

/** `sop deploy --diff` for a person: what changes, file by file and key by key, then the eval figures side by side. */
export function formatDeployDiff(diff: DeployDiff): string {
  const candidate = diff.candidate.version
    ? `version ${diff.candidate.version}`
    : `the working tree (${diff.candidate.sopsDir}, ${diff.candidate.rolloutFile})`;
  const active = diff.active
    ? `the active version ${diff.active.version}${diff.active.pinned ? ' (pinned by a rollback: a deploy is stored, not activated, until sop deploy --unpin)' : ''}`
    : 'no active version (nothing deployed yet: everything is added)';
  if (!diff.different) return `no difference between ${candidate} and ${active}\n`;
  const lines = [`${candidate} against ${active}:`];
  if (diff.files.length) {
    const count = (change: string) => diff.files.filter((c) => c.change === change).length;
    lines.push(`SOP files: ${count('added')} added, ${count('removed')} removed, ${count('changed')} changed`);
    for (const file of diff.files) {
      lines.push(`  ${file.change.padEnd(8)} ${file.path}`);
      for (const field of file.frontMatter) lines.push(`    front matter ${formatField(field)}`);
      for (const s of file.sections) {
        lines.push(`    section ${s.change.padEnd(8)} ${s.heading} (${s.id})`);
        const changed = s.diff?.split('\n') ?? [];
        lines.push(...changed.slice(0, MAX_DIFF_LINES).map((l) => `      ${clip(l, 120)}`));
        if (changed.length > MAX_DIFF_LINES) lines.push(`      … ${changed.length - MAX_DIFF_LINES} more lines (--json has them all)`);
      }
      if (file.change === 'changed' && !file.frontMatter.length && !file.sections.length)
        lines.push('    no section or front-matter change (positions or links only)');
    }
  }
  if (diff.rollout.length) {
    lines.push(`rollout.yaml: ${diff.rollout.length} ${diff.rollout.length === 1 ? 'value' : 'values'} changed`);
    const width = Math.max(...diff.rollout.map((c) => `${c.scope}.${c.key}`.length));
    for (const c of diff.rollout) lines.push(`  ${`${c.scope}.${c.key}`.padEnd(width)}  ${show(c.before)} → ${show(c.after)}`);
  }
  if (diff.glossary.length) {
    lines.push(
      `glossary.yaml: ${diff.glossary.length} ${diff.glossary.length === 1 ? 'term' : 'terms'} changed`,
      ...diff.glossary.slice(0, MAX_DIFF_LINES).map((c) => `  ${formatField(c)}`),
    );
    if (diff.glossary.length > MAX_DIFF_LINES) lines.push(`  … ${diff.glossary.length - MAX_DIFF_LINES} more (--json has them all)`);
  }
  if (diff.calibration) lines.push(`calibration: ${diff.calibration}`);
  if (diff.embedder) lines.push(`embedder: ${show(diff.embedder.before)} → ${diff.embedder.after}`);
  lines.push(...formatEval(diff));
  return `${lines.join('\n')}\n`;
}
