/**
 * `sop lint --json` on a temp folder of SOPs: the same findings as the text output, as one JSON
 * document with a summary, and the same exit codes (1 on errors, 0 on warnings only).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSop, useTempDirs, writeFiles } from './run-sop.ts';

const tempDir = useTempDirs('sop-cli-lint-');

type Finding = { file: string; line: number; column: number; severity: 'error' | 'warning'; rule: string; message: string };
type LintJson = { findings: Finding[]; summary: { documents: number; sections: number; routes: number; errors: number; warnings: number } };

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

const INSTRUCTIONS = lines(
  '---',
  'title: Tech support instructions',
  'owner: tech-support',
  'last_reviewed: 2026-11-01',
  'description: Simulator problems in a bay.',
  'opening: "Sorry about that!"',
  `closing: "Text back if that doesn't sort it."`,
  `no_answer: "I'm not sure about that one."`,
  `escalation: "I've flagged this for our team."`,
  'always_escalate: false',
  '---',
  'Be friendly and brief; answer only from the SOPs.',
);

/** Reviewed in 2020: a stale-review warning on line 4, whatever today is. */
const STALE = lines(
  '---',
  'title: Frozen screen',
  'owner: tech-support',
  'last_reviewed: 2020-01-01',
  'tags: [trackman]',
  '---',
  '',
  '# Frozen screen',
  '',
  'Use this when the TrackMan picture is stuck.',
  '',
  '## Reply',
  'Close TrackMan with Alt+F4 and open it again.',
  '',
  '## Steps',
  '1. Press Alt+F4.',
  '2. Double-click the TrackMan icon.',
);

/** No owner: a front-matter error on line 1. */
const NO_OWNER = lines(
  '---',
  'title: No sound',
  'last_reviewed: 2026-11-01',
  'tags: [sound]',
  '---',
  '',
  '# No sound',
  '',
  'Use this when the bay is silent.',
  '',
  '## Reply',
  'Turn the volume knob on the wall up.',
);

function project(files: Record<string, string>): string {
  const root = tempDir();
  writeFiles(root, Object.fromEntries(Object.entries(files).map(([p, c]) => [`sops/${p}`, c])));
  return root;
}

/** Checks the document's shape, and that it says what the text output of the same run says. */
function expectSameAsText(json: LintJson, text: string): void {
  for (const f of json.findings) {
    expect(Object.keys(f)).toEqual(['file', 'line', 'column', 'severity', 'rule', 'message']);
    expect(text).toContain(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} (${f.rule})\n`);
  }
  expect(text.trimEnd().split('\n')).toHaveLength(json.findings.length + 1);
  const { documents, sections, routes, errors, warnings } = json.summary;
  expect(text.trimEnd().split('\n').at(-1)).toBe(
    `${documents} documents, ${sections} sections in ${routes} routes: ${errors} error(s), ${warnings} warning(s)`,
  );
  expect(errors).toBe(json.findings.filter((f) => f.severity === 'error').length);
  expect(warnings).toBe(json.findings.filter((f) => f.severity === 'warning').length);
}

describe('sop lint --json', { timeout: 120_000 }, () => {
  it('prints each finding with its file, line, column, severity, rule and message, a summary, and exits 1 on errors', () => {
    const root = project({ 'tech/system_instructions.md': INSTRUCTIONS, 'tech/frozen-screen.md': STALE, 'tech/no-sound.md': NO_OWNER });
    const run = runSop(['lint', 'sops', '--json'], { cwd: root });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as LintJson;
    expect(json.findings).toContainEqual({
      file: join('sops', 'tech', 'no-sound.md'),
      line: 1,
      column: 1,
      severity: 'error',
      rule: 'front-matter',
      message: expect.stringMatching(/^owner: /),
    });
    expect(json.findings).toContainEqual({
      file: join('sops', 'tech', 'frozen-screen.md'),
      line: 4,
      column: 1,
      severity: 'warning',
      rule: 'stale-review',
      message: expect.stringMatching(/^last_reviewed 2020-01-01 is \d+ days old/),
    });
    expect(json.summary).toMatchObject({ documents: 2, routes: 1 });
    expect(json.summary.errors).toBeGreaterThanOrEqual(1);
    expect(json.summary.warnings).toBeGreaterThanOrEqual(1);

    const text = runSop(['lint', 'sops'], { cwd: root });
    expect(text.status).toBe(1);
    expectSameAsText(json, text.stdout);
  });

  it('exits 0 on warnings only, and lists a named rollout file that is missing', () => {
    const root = project({ 'tech/system_instructions.md': INSTRUCTIONS, 'tech/frozen-screen.md': STALE });
    const clean = runSop(['lint', 'sops', '--json'], { cwd: root });
    expect(clean.status).toBe(0);
    const json = JSON.parse(clean.stdout) as LintJson;
    expect(json.summary.errors).toBe(0);
    expect(json.findings.map((f) => f.rule)).toContain('stale-review');
    expectSameAsText(json, runSop(['lint', 'sops'], { cwd: root }).stdout);

    const rollout = runSop(['lint', 'sops', '--rollout', 'no-such.yaml', '--json'], { cwd: root });
    expect(rollout.status).toBe(1);
    const withRollout = JSON.parse(rollout.stdout) as LintJson;
    expect(withRollout.findings.at(-1)).toEqual({ file: 'no-such.yaml', line: 1, column: 1, severity: 'error', rule: 'rollout', message: 'no such file' });
    expect(withRollout.summary.errors).toBe(json.summary.errors + 1);
  });
});
