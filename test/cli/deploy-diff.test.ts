/**
 * `sop deploy --diff [VERSION]` as a user runs it: with nothing deployed everything is added (exit 1);
 * the deployed commit itself has no difference (exit 0); a changed section, an added SOP, a removed
 * SOP and a changed rollout percentage are each listed, with the eval figures of both versions side
 * by side (exit 1), in text and JSON; a stored version compares the same way, an unknown one exits 2;
 * nothing is stored by a diff. A deploy stored but not activated (pinned by a rollback) exits 3 and
 * says on stderr how to activate it; `--list --json` shows which version is active and pinned.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeployDiff } from '../../src/deploy/index.ts';
import { DEPLOY_DATABASES, dropSchema, FROZEN, makeDeployRepo, runtimeEnv, testRollout, type DeployRepo } from '../deploy/deploy-repo.ts';
import { runSop, useTempDirs } from './run-sop.ts';

const tempDir = useTempDirs('sop-cli-deploy-diff-');

/** Cases per eval file the diffs and deploys here run: enough for figures on every route, few enough to be quick. */
const CASES_PER_FILE = 4;

type Listing = {
  active: { version: string; pinned: boolean; activatedBy: string } | null;
  versions: { version: string; health: string; active: boolean; pinned: boolean; deployedBy: string; commitMessage: string | null; sections: number }[];
};

describe.each(DEPLOY_DATABASES)('sop deploy --diff on $name', { timeout: 300_000 }, ({ env: databaseEnv }) => {
  let repo: DeployRepo;
  let env: Record<string, string | undefined>;
  /** A SOP the change removes: the first document of the brand route in the fixture. */
  let removed = '';
  const sop = (...args: string[]) => runSop(['deploy', ...args], { cwd: repo.dir, env, timeoutMs: 240_000 });
  const diffJson = (...args: string[]) => {
    const run = sop('--diff', ...args, '--json');
    return { status: run.status, stderr: run.stderr, diff: run.stdout ? (JSON.parse(run.stdout) as DeployDiff) : null };
  };
  const commits: string[] = [];

  beforeAll(() => {
    const dir = tempDir();
    repo = makeDeployRepo(join(dir, 'repo'));
    removed = `brand/${readdirSync(join(repo.sopsDir, 'brand'))
      .filter((f) => f.endsWith('.md') && f !== 'system_instructions.md')
      .sort()[0]!}`;
    // A few cases of each file, none expecting the SOP the change removes (a deploy would reject that change).
    for (const file of readdirSync(repo.evalsDir).filter((f) => f.endsWith('.jsonl'))) {
      const lines = readFileSync(join(repo.evalsDir, file), 'utf8')
        .split('\n')
        .filter((l) => l.trim() && !l.includes(`"${removed}`));
      writeFileSync(join(repo.evalsDir, file), `${lines.slice(0, CASES_PER_FILE).join('\n')}\n`);
    }
    commits.push(repo.commit('a few eval cases'));
    env = { DATABASE_URL: undefined, DATABASE_SCHEMA: undefined, ...runtimeEnv(repo, databaseEnv(dir)) };
    return () => dropSchema(env as Record<string, string>);
  });

  it('with nothing deployed, everything is added: exit 1; the diff stores nothing', () => {
    const { status, diff } = diffJson();
    expect(status).toBe(1);
    expect(diff).toMatchObject({ different: true, active: null, candidate: { version: null }, calibration: 'added' });
    expect(diff!.files.length).toBeGreaterThan(0);
    expect(diff!.files.every((f) => f.change === 'added')).toBe(true);
    expect(diff!.files.map((f) => f.path)).toContain(FROZEN.file.replace(/^sops\//, ''));
    expect(diff!.rollout).toContainEqual({ scope: 'tech', key: 'mode', before: null, after: 'shadow' });
    expect(diff!.rollout.every((c) => c.before === null)).toBe(true);
    // The candidate's figures alone: there is no active version to compare with.
    const tech = diff!.eval!.routes.find((r) => r.route === 'tech')!;
    expect(tech.hit1).toMatchObject({ active: null, delta: null, candidate: expect.any(Number) });
    expect(diff!.eval!.routes.at(-1)!.route).toBe('overall');

    const listing = sop('--list', '--json');
    expect(listing.status).toBe(0);
    expect(JSON.parse(listing.stdout)).toEqual({ active: null, versions: [] });
  });

  it('the deployed commit against itself: no difference, exit 0, in text and JSON', () => {
    expect(sop('--by', 'ci').status).toBe(0);
    const run = sop('--diff');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`no difference between the working tree (${repo.sopsDir}, rollout.yaml) and the active version ${commits[0]}\n`);
    expect(run.status).toBe(0);
    const { status, diff } = diffJson();
    expect(status).toBe(0);
    expect(diff).toMatchObject({
      different: false,
      active: { version: commits[0], pinned: false },
      files: [],
      rollout: [],
      glossary: [],
      calibration: null,
      embedder: null,
      eval: null,
    });
  });

  it('a changed section, an added SOP, a removed SOP and a changed rollout percentage: each listed, figures side by side, exit 1', () => {
    repo.edit(FROZEN.file, FROZEN.before, FROZEN.after);
    writeFileSync(join(repo.sopsDir, 'tech', 'new-topic.md'), '---\ntitle: New topic\n---\n\n# New topic\n\n## Reply\nA new answer.\n');
    rmSync(join(repo.sopsDir, removed));
    writeFileSync(repo.rolloutFile, testRollout().replace('  tech:\n    mode: shadow\n', '  tech:\n    mode: shadow\n    percentage: 30\n'));
    // Refit the calibration on the changed SOPs once, as a pull request would, so each run below loads it instead of refitting.
    expect(runSop(['calibrate', '--sops', 'sops'], { cwd: repo.dir, env, timeoutMs: 240_000 }).status).toBe(0);

    const run = sop('--diff');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const out = run.stdout;
    expect(out).toMatch(new RegExp(`^the working tree \\(${repo.sopsDir}, rollout\\.yaml\\) against the active version ${commits[0]}:\\n`));
    expect(out).toContain('SOP files: 1 added, 1 removed, 1 changed\n');
    expect(out).toContain(`  removed  ${removed}\n`);
    expect(out).toContain('  added    tech/new-topic.md\n');
    expect(out).toContain('  changed  tech/frozen-screen.md\n');
    expect(out).toContain(`    section changed  Reply (${FROZEN.section})\n`);
    expect(out).toMatch(new RegExp(`\\n      -${FROZEN.before.replace(/[.]/g, '\\.')}`));
    expect(out).toMatch(new RegExp(`\\n      \\+${FROZEN.after.replace(/[.]/g, '\\.')}`));
    expect(out).toMatch(/\nrollout\.yaml: 1 value changed\n {2}tech\.percentage {2}0 → 30\n/);
    expect(out).toContain('\ncalibration: changed\n');
    expect(out).toMatch(/\neval on \d+ cases, active → candidate \(Δ\):\n {2}route\s+hit@1\s+confident & correct\s+precision\s+false-answer rate\n/);
    expect(out).toMatch(/\n {2}tech\s+\d\.\d{3} → \d\.\d{3} \((=|[+-]\d\.\d{3})\)/);
    expect(out).toMatch(/\n {2}overall\s+\d\.\d{3} → \d\.\d{3} /);

    const { status, diff } = diffJson();
    expect(status).toBe(1);
    expect(diff!.different).toBe(true);
    expect(diff!.active).toMatchObject({ version: commits[0], pinned: false });
    expect(diff!.candidate).toEqual({ version: null, sopsDir: repo.sopsDir, rolloutFile: 'rollout.yaml' });
    expect(diff!.files).toEqual(
      [
        { path: removed, change: 'removed', frontMatter: [], sections: [] },
        {
          path: 'tech/frozen-screen.md',
          change: 'changed',
          frontMatter: [],
          sections: [{ id: FROZEN.section, heading: 'Reply', change: 'changed', diff: expect.stringContaining(`-${FROZEN.before}`) }],
        },
        { path: 'tech/new-topic.md', change: 'added', frontMatter: [], sections: [] },
      ].sort((a, b) => a.path.localeCompare(b.path)),
    );
    expect(diff!.files.find((f) => f.path === 'tech/frozen-screen.md')!.sections[0]!.diff).toContain(`+${FROZEN.after}`);
    expect(diff!.rollout).toEqual([{ scope: 'tech', key: 'percentage', before: 0, after: 30 }]);
    expect(diff!.calibration).toBe('changed');
    expect(diff!.glossary).toEqual([]);
    expect(diff!.embedder).toBeNull();
    const e = diff!.eval!;
    expect(e.cases).toBeGreaterThan(0);
    expect(e.routes.map((r) => r.route)).toEqual(['booking', 'brand', 'emergency', 'tech', 'overall']);
    for (const r of e.routes) {
      for (const f of [r.hit1, r.confidentCorrect, r.precision, r.falseAnswerRate]) {
        if (f.active === null || f.candidate === null) continue;
        expect(f.delta).toBeCloseTo(f.candidate - f.active, 6);
      }
    }
    expect(e.gate).toEqual({ pass: true, reasons: [] });

    // Nothing was stored by the diffs.
    expect((JSON.parse(sop('--list', '--json').stdout) as Listing).versions.map((v) => v.version)).toEqual([commits[0]]);
  });

  it('--diff VERSION compares a stored version with the active one; the active one itself is no difference; an unknown one exits 2', () => {
    commits.push(repo.commit('tech: new topic, shorter apology; brand: one SOP fewer; tech at 30% in shadow'));
    const [v1, v2] = commits as [string, string];
    expect(sop('--by', 'ci').status).toBe(0);

    // v1 against the active v2: the change undone.
    const { status, diff } = diffJson(v1.slice(0, 10));
    expect(status).toBe(1);
    expect(diff!.candidate).toEqual({ version: v1, sopsDir: null, rolloutFile: null });
    expect(diff!.active).toMatchObject({ version: v2 });
    expect(diff!.files.map((f) => [f.path, f.change])).toEqual(
      [
        [removed, 'added'],
        ['tech/frozen-screen.md', 'changed'],
        ['tech/new-topic.md', 'removed'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(diff!.rollout).toEqual([{ scope: 'tech', key: 'percentage', before: 30, after: 0 }]);

    const same = sop('--diff', v2);
    expect(same.stdout).toBe(`no difference between version ${v2} and the active version ${v2}\n`);
    expect(same.status).toBe(0);

    const unknown = sop('--diff', 'no-such');
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe('sop: no version no-such: see sop deploy --list\n');
  });

  it('a deploy stored but not activated (pinned by a rollback) exits 3 and says how to activate it; a re-run too; --list --json shows it', () => {
    const [v1, v2] = commits as [string, string];
    expect(sop('--rollback', v1, '--by', 'on-call').status).toBe(0);
    writeFileSync(repo.rolloutFile, readFileSync(repo.rolloutFile, 'utf8').replace('    percentage: 30\n', '    percentage: 40\n'));
    const v3 = repo.commit('tech: 40% in shadow');

    const pinned = sop('--by', 'ci');
    expect(pinned.stdout).toMatch(
      new RegExp(`^stored ${v3} \\(\\d+ sections, 0 texts embedded anew\\); not activated: the active version is pinned by a rollback\\n$`),
    );
    expect(pinned.stderr).toBe(
      `sop: ${v3} is stored but not activated (exit 3): ${v1} is active and pinned by a rollback\n` +
        `  sop deploy --unpin unpins and activates the newest healthy version (${v3})\n` +
        `  sop deploy --rollback ${v3} activates ${v3} and pins it\n`,
    );
    expect(pinned.status).toBe(3);

    // A re-run of the same deploy (the workflow retried) finds it stored, still not active.
    const again = sop('--by', 'ci');
    expect(again.stdout).toBe(`${v3} is stored already with the same content, and is not the active version\n`);
    expect(again.stderr).toMatch(new RegExp(`^sop: ${v3} is stored but not activated \\(exit 3\\): ${v1} is active and pinned by a rollback\\n`));
    expect(again.status).toBe(3);

    const listing = sop('--list', '--json');
    expect(listing.status).toBe(0);
    const { active, versions } = JSON.parse(listing.stdout) as Listing;
    expect(active).toMatchObject({ version: v1, pinned: true, activatedBy: 'on-call' });
    expect(versions.map((v) => [v.version, v.health, v.active, v.pinned, v.deployedBy])).toEqual([
      [v3, 'passed', false, false, 'ci'],
      [v2, 'passed', false, false, 'ci'],
      [v1, 'passed', true, true, 'ci'],
    ]);
    expect(versions[0]).toMatchObject({
      commitMessage: 'tech: 40% in shadow',
      sections: expect.any(Number),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    // The diff names the pin: a deploy of this tree would not be activated.
    const diff = sop('--diff', v3);
    expect(diff.status).toBe(1);
    expect(diff.stdout).toContain(
      `version ${v3} against the active version ${v1} (pinned by a rollback: a deploy is stored, not activated, until sop deploy --unpin):\n`,
    );
  });
});
