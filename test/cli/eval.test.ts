import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDeployRepo } from '../deploy/deploy-repo.ts';
import { runSop, runSopJson, useTempDirs } from './run-sop.ts';

const tempDir = useTempDirs('sop-eval-');

type Json = {
  head: { cases: number; groups: Record<string, { confidentCorrect: number }> };
  gate: { pass: boolean; routes: { route: string; pass: boolean; reasons: string[] }[] } | null;
};

describe('sop eval', () => {
  it('reports every route of the eval cases, as a table, JSON and a markdown report', { timeout: 60_000 }, () => {
    const dir = tempDir();
    const run = runSop(['eval', '--report', join(dir, 'report.md')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\d+ cases in [\d.]+ s/);
    for (const route of ['booking', 'brand', 'emergency', 'tech', 'out-of-scope', 'overall']) expect(run.stdout).toMatch(new RegExp(`^${route} `, 'm'));
    expect(run.stdout).toContain('expected calibration error');
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toMatch(/^## SOP eval/);
    expect(report).toContain('### Worst 10 cases');
    const json = runSopJson<Json>(['eval', '--json']);
    expect(json.head.cases).toBeGreaterThanOrEqual(200);
    expect(json.gate).toBeNull();
  });

  it('--gate fails the route whose SOP got worse and whose percentage went up, and passes the others', { timeout: 120_000 }, () => {
    const repo = makeDeployRepo(tempDir());
    // Two tech SOPs that answered confidently now say nothing useful. Their headings stay, so every
    // section an eval case names still exists.
    for (const doc of ['ball-not-registering', 'side-tvs-off']) {
      const file = join(repo.dir, `sops/tech/${doc}.md`);
      const headings = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => /^#{2,6} /.test(l));
      writeFileSync(
        file,
        [
          '---',
          'title: Bay photos',
          'owner: tech-support',
          'last_reviewed: 2026-11-20',
          'tags: [photos]',
          '---',
          '',
          '# Bay photos',
          '',
          ...headings.flatMap((h) => [h, 'Please text us a photo of the bay.', '']),
        ].join('\n'),
      );
    }
    writeFileSync(
      join(repo.dir, 'rollout.yaml'),
      readFileSync(join(repo.dir, 'rollout.yaml'), 'utf8').replace('  tech:\n    mode: shadow', '  tech:\n    mode: rollout\n    percentage: 20'),
    );
    repo.commit('head: worse tech SOPs, tech to 20%');
    repo.git('checkout', '-q', '-b', 'feature');

    const run = runSop(['eval', '--gate', '--base', 'main~1', '--json'], { cwd: repo.dir, timeoutMs: 100_000 });
    expect(run.status).toBe(1);
    const { gate } = JSON.parse(run.stdout) as Json;
    const tech = gate!.routes.find((r) => r.route === 'tech')!;
    expect(tech.pass).toBe(false);
    expect(tech.reasons).toContainEqual(
      expect.stringMatching(/^tech: confident-and-correct dropped [\d.]+ points \([\d.]+ → [\d.]+\), more than 2 and more than one case$/),
    );
    expect(gate!.routes.filter((r) => r.route !== 'tech').flatMap((r) => r.reasons)).toEqual([]);

    const table = runSop(['eval', '--gate', '--base', 'main~1'], { cwd: repo.dir, timeoutMs: 100_000 });
    expect(table.status).toBe(1);
    expect(table.stdout).toContain('gate: FAIL');
    // Against itself, nothing regressed and no exposure was raised.
    expect(runSop(['eval', '--gate', '--base', 'HEAD'], { cwd: repo.dir, timeoutMs: 100_000 }).status).toBe(0);
  });

  it('exits 2, naming what is wrong, on a bad case line, an unknown source or an unknown base', { timeout: 60_000 }, () => {
    const dir = tempDir();
    const cases = join(dir, 'cases.jsonl');
    writeFileSync(cases, '{"id":"a","query":"the screen froze","expected_source":"tech/frozen-screen.md"}\n{"id":"b","query":"","expected_source":null}\n');
    const report = join(dir, 'report.md');
    writeFileSync(report, '## SOP eval\n\n**Gate: pass.** (an earlier run)\n');
    const bad = runSop(['eval', '--cases', cases, '--report', report]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`${cases}:2: field query:`);
    expect(bad.stdout).toBe('');
    // The report says so, so a pull request never keeps an earlier verdict.
    expect(readFileSync(report, 'utf8')).toMatch(/^## SOP eval\n\n\*\*Could not run\*\* \(exit 2\): .*cases\.jsonl:2: field query:/);

    writeFileSync(cases, '{"id":"a","query":"the screen froze","expected_source":"tech/no-such.md"}\n');
    const unknown = runSop(['eval', '--cases', cases]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('case a: expected_source tech/no-such.md is not a document of the SOPs');

    const base = runSop(['eval', '--gate', '--base', 'no-such-branch']);
    expect(base.status).toBe(2);
    expect(base.stderr).toContain('unknown base ref "no-such-branch": fetch it first');
  });
});
