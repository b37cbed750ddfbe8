/**
 * The GitHub Actions workflows: what triggers them, and that every command they run exists (npm
 * scripts in package.json, `sop` commands and their options as the real CLI reports them). The
 * eval step's shell is run with a stand-in `npx`, so a failed gate is shown to still post its report.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO, runSop, useTempDirs } from './cli/run-sop.ts';

type Step = { name?: string; id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Workflow = {
  on: Record<string, { branches?: string[] } | null>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  env?: Record<string, string>;
  jobs: Record<string, { steps: Step[]; env?: Record<string, string>; services?: Record<string, { image: string; env?: Record<string, string>; ports?: string[] }> }>;
};

const WORKFLOWS = ['ci.yml', 'deploy.yml'] as const;
const read = (file: string) => parse(readFileSync(join(REPO, '.github', 'workflows', file), 'utf8')) as Workflow;
const ci = read('ci.yml');
const deploy = read('deploy.yml');
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const runs = (w: Workflow) => steps(w).flatMap((s) => (s.run ? [s.run] : []));
const allRuns = WORKFLOWS.flatMap((f) => runs(read(f)).map((run) => ({ file: f, run })));
const scripts = Object.keys((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

/** `npm run x`, and the shorthands `npm test` / `npm start`: the package.json scripts they name. */
const npmScripts = [...new Set(allRuns.flatMap(({ run }) => [...run.matchAll(/\bnpm (?:run(?:-script)? ([\w:.-]+)|(test|start)\b)/g)].map((m) => m[1] ?? m[2]!)))];
/** Every `npx sop <command> <args...>` up to the end of its line: the command and its `--options`. */
const sopCalls = allRuns.flatMap(({ file, run }) =>
  [...run.matchAll(/\bnpx sop ([\w-]+)([^\n;&|]*)/g)].map((m) => ({ file, command: m[1]!, options: [...m[2]!.matchAll(/(?<=^|\s)(--[\w-]+)/g)].map((o) => o[1]!) })),
);
const sopCommands = [...new Set(sopCalls.map((c) => c.command))];

describe('workflow triggers and settings', () => {
  it('runs CI on pull requests and deploys on pushes to main only', () => {
    expect(Object.keys(ci.on)).toEqual(['pull_request']);
    expect(Object.keys(deploy.on)).toEqual(['push']);
    expect(deploy.on.push?.branches).toEqual(['main']);
  });

  it('cancels a superseded CI run of the same pull request, but never a deploy', () => {
    expect(ci.concurrency).toEqual({ group: expect.stringContaining('${{ github.event.pull_request.number }}'), 'cancel-in-progress': true });
    expect(deploy.concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
  });

  it('gives CI a read-only checkout with full history and the right to comment on pull requests', () => {
    expect(ci.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const checkout = steps(ci).find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
  });

  it('runs the tests against the PostgreSQL service with the credentials the service is given', () => {
    const [job] = Object.values(ci.jobs);
    const postgres = job!.services?.postgres;
    expect(postgres?.image).toBe('postgres:16');
    expect(postgres?.ports).toContain('5432:5432');
    const test = steps(ci).find((s) => s.run === 'npm test');
    const url = new URL(test?.env?.TEST_DATABASE_URL ?? '');
    expect([url.protocol, url.hostname, url.port, url.username]).toEqual(['postgres:', 'localhost', '5432', 'postgres']);
    expect(url.password).toBe(postgres?.env?.POSTGRES_PASSWORD);
  });

  it('hands the production database from a secret to the deploy step alone', () => {
    expect(deploy.jobs.deploy?.env?.DATABASE_URL).toBeUndefined();
    const step = steps(deploy).find((s) => s.run?.startsWith('npx sop deploy'));
    expect(step?.env?.DATABASE_URL).toBe('${{ secrets.DATABASE_URL }}');
  });

  it('uses Node 20 with the npm cache and installs exactly what the lock file pins', () => {
    for (const w of [ci, deploy]) {
      expect(steps(w).find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': '20', cache: 'npm' });
      expect(runs(w)).toContain('npm ci');
    }
  });

  it('never interpolates an expression into a shell script', () => {
    // `${{ }}` in `run:` is pasted into the script before it runs: values go through `env:` instead.
    expect(allRuns.filter(({ run }) => run.includes('${{'))).toEqual([]);
  });
});

describe('every command the workflows run exists', { timeout: 120_000 }, () => {
  it('finds the commands to check', () => {
    expect(npmScripts).toEqual(expect.arrayContaining(['typecheck', 'test']));
    expect(sopCommands).toEqual(expect.arrayContaining(['lint', 'eval', 'pr-comment', 'deploy']));
  });

  it('runs npx only for this package’s own `sop` (nothing downloaded)', () => {
    expect(allRuns.flatMap(({ run }) => [...run.matchAll(/\bnpx (\S+)/g)].map((m) => m[1])).filter((bin) => bin !== 'sop')).toEqual([]);
  });

  it.each(npmScripts)('npm script "%s" is in package.json', (script) => {
    expect(scripts).toContain(script);
  });

  it.each(sopCommands)('`sop %s` is a command of the CLI, with every option the workflows pass', (command) => {
    const help = runSop([command, '--help']);
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    // An unknown command with --help prints the top-level help and exits 0: the usage line tells them apart.
    expect(help.stdout).toMatch(new RegExp(`^Usage: sop ${command}( |$)`, 'm'));
    const options = [...new Set(sopCalls.filter((c) => c.command === command).flatMap((c) => c.options))];
    for (const option of options) expect(help.stdout, `sop ${command} ${option}`).toMatch(new RegExp(`(^|[\\s,])${option}[\\s=<[]`, 'm'));
  });
});

describe('the eval gate step', () => {
  const tempDir = useTempDirs('sop-workflow-');
  const ciSteps = steps(ci);
  const at = (pattern: RegExp) => ciSteps.findIndex((s) => pattern.test(s.run ?? ''));
  const evalStep = ciSteps[at(/npx sop eval/)]!;
  const verdict = ciSteps.at(-1)!;

  /** Runs a step's script as GitHub does (`bash -e -o pipefail`), with `npx` standing in for `npx sop eval`. */
  const runStep = (step: Step, env: Record<string, string>) => {
    const dir = tempDir();
    const npx = join(dir, 'npx');
    writeFileSync(npx, '#!/bin/sh\necho "npx $*" > npx-args.txt\n[ "$WRITE_REPORT" = 1 ] && echo "## Eval gate" > eval-report.md\nexit "$EVAL_CODE"\n');
    chmodSync(npx, 0o755);
    writeFileSync(join(dir, 'output'), '');
    const run = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run!], {
      cwd: dir,
      env: { PATH: `${dir}:${process.env.PATH ?? ''}`, GITHUB_OUTPUT: join(dir, 'output'), ...step.env, ...env },
      encoding: 'utf8',
    });
    const file = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '');
    return { dir, status: run.status, output: file('output'), args: file('npx-args.txt').trim(), report: existsSync(join(dir, 'eval-report.md')) };
  };

  it('comes before the summary, the pull-request comment and the verdict, in that order', () => {
    const order = [at(/npx sop eval/), at(/GITHUB_STEP_SUMMARY/), at(/npx sop pr-comment/), ciSteps.indexOf(verdict)];
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
    expect(ciSteps[at(/npx sop pr-comment/)]?.env).toEqual({ GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}', GITHUB_REPOSITORY: '${{ github.repository }}' });
  });

  it.each([
    [0, 'passed'],
    [1, 'gate failed'],
    [2, 'could not run'],
  ])('exit %i (%s): the step succeeds and keeps the code, so the report is posted; the verdict fails with it', (code) => {
    const step = runStep(evalStep, { BASE_REF: 'main', EVAL_CODE: String(code), WRITE_REPORT: '1' });
    expect(step.status).toBe(0);
    expect(step.args).toBe('npx sop eval --gate --base origin/main --report eval-report.md');
    expect(step.output).toBe(`exit-code=${code}\n`);
    expect(step.report).toBe(true);
    // The report steps run on the file alone, not on the eval step's result; the verdict runs after them.
    for (const s of ciSteps.filter((s) => /eval-report\.md/.test(s.run ?? '') && s !== evalStep)) expect(s.if).toBe("hashFiles('eval-report.md') != ''");
    expect(verdict.if).toMatch(/!cancelled\(\) && steps\.eval\.outcome == 'success'/);
    expect(runStep({ ...verdict, env: {} }, { EVAL_EXIT_CODE: step.output.split('=')[1]!.trim() }).status).toBe(code);
  });

  it('passes a branch name to git as text, never as shell', () => {
    const step = runStep(evalStep, { BASE_REF: 'release/$(touch pwned)', EVAL_CODE: '0', WRITE_REPORT: '1' });
    expect(step.args).toBe('npx sop eval --gate --base origin/release/$(touch pwned) --report eval-report.md');
    expect(existsSync(join(step.dir, 'pwned'))).toBe(false);
    expect(evalStep.env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
  });
});
