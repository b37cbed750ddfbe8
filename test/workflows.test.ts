/**
 * The GitHub Actions workflows: what triggers them, the least privilege each job runs with, actions
 * pinned by commit, and that every command they run exists (npm scripts in package.json, `sop`
 * commands and their options as the real CLI reports them). The eval and deploy steps' shells are
 * run with a stand-in `npx`, so a failed gate is shown to still post its report, and a deploy's
 * exit code is shown to reach the job.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEPLOY_EXIT } from '../src/cli/deploy.ts';
import { REPO, runSop, useTempDirs } from './cli/run-sop.ts';

type Step = {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
};
type Job = {
  steps: Step[];
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  env?: Record<string, string>;
  services?: Record<string, { image: string; env?: Record<string, string>; ports?: string[] }>;
};
type Workflow = {
  on: Record<string, { branches?: string[]; inputs?: Record<string, { required?: boolean; type?: string }> } | null>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
};

const WORKFLOWS = ['ci.yml', 'deploy.yml', 'image.yml'] as const;
const text = (file: string) => readFileSync(join(REPO, '.github', 'workflows', file), 'utf8');
const read = (file: string) => parse(text(file)) as Workflow;
const ci = read('ci.yml');
const deploy = read('deploy.yml');
const image = read('image.yml');
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const runs = (w: Workflow) => steps(w).flatMap((s) => (s.run ? [s.run] : []));
const allRuns = WORKFLOWS.flatMap((f) => runs(read(f)).map((run) => ({ file: f, run })));
const allJobs = WORKFLOWS.flatMap((f) => Object.entries(read(f).jobs).map(([name, job]) => ({ file: f, name, job })));
const scripts = Object.keys((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
/** The variable names src/config/env.ts declares. */
const envNames = [
  ...(/const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(readFileSync(join(REPO, 'src', 'config', 'env.ts'), 'utf8'))?.[1] ?? '').matchAll(
    /^\s+([A-Z][A-Z0-9_]*):/gm,
  ),
].map((m) => m[1]!);

/** `npm run x`, and the shorthands `npm test` / `npm start`: the package.json scripts they name. */
const npmScripts = [
  ...new Set(allRuns.flatMap(({ run }) => [...run.matchAll(/\bnpm (?:run(?:-script)? ([\w:.-]+)|(test|start)\b)/g)].map((m) => m[1] ?? m[2]!))),
];
/** Every `npx sop <command> <args...>` (or `node bin/sop.js …`) up to the end of its line: the command and its `--options`. */
const sopCalls = allRuns.flatMap(({ file, run }) =>
  [...run.matchAll(/\b(?:npx sop|node bin\/sop\.js) ([\w-]+)([^\n;&|]*)/g)].map((m) => ({
    file,
    command: m[1]!,
    options: [...m[2]!.matchAll(/(?<=^|\s)(--[\w-]+)/g)].map((o) => o[1]!),
  })),
);
const sopCommands = [...new Set(sopCalls.map((c) => c.command))];

describe('workflow triggers and settings', () => {
  it('runs CI and the image build on pull requests, and deploys on pushes to main or by hand', () => {
    expect(Object.keys(ci.on)).toEqual(['pull_request']);
    expect(Object.keys(image.on)).toEqual(['pull_request']);
    expect(Object.keys(deploy.on)).toEqual(['push', 'workflow_dispatch']);
    expect(deploy.on.push?.branches).toEqual(['main']);
    // The one input is optional: a hand-run deploy needs no more than the button.
    expect(deploy.on.workflow_dispatch?.inputs).toEqual({ reason: expect.objectContaining({ required: false, type: 'string' }) });
  });

  it('cancels a superseded run of the same pull request, but never a deploy', () => {
    for (const w of [ci, image])
      expect(w.concurrency).toEqual({ group: expect.stringContaining('${{ github.event.pull_request.number }}'), 'cancel-in-progress': true });
    expect(deploy.concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
  });

  it('checks out full history for the eval gate', () => {
    const checkout = ci.jobs.gate!.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
  });

  it('runs the tests against the PostgreSQL service with the credentials the service is given', () => {
    const postgres = ci.jobs.gate!.services?.postgres;
    expect(postgres?.image).toBe('postgres:16');
    expect(postgres?.ports).toContain('5432:5432');
    const test = steps(ci).find((s) => s.run === 'npm test');
    const url = new URL(test?.env?.TEST_DATABASE_URL ?? '');
    expect([url.protocol, url.hostname, url.port, url.username]).toEqual(['postgres:', 'localhost', '5432', 'postgres']);
    expect(url.password).toBe(postgres?.env?.POSTGRES_PASSWORD);
  });

  it('runs the gate on Node 22 and 24 with the npm cache; the eval, its report and the audits once, on 22', () => {
    const gate = ci.jobs.gate!;
    expect(gate.strategy?.matrix).toEqual({ node: [22, 24] });
    expect(gate.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': '${{ matrix.node }}', cache: 'npm' });
    expect(gate.steps.map((s) => s.run)).toEqual(expect.arrayContaining(['npm ci', 'npm run typecheck', 'npm test', 'npx sop lint', 'npm run lint:md']));
    const once = gate.steps.filter(
      (s) => /npx sop eval|GITHUB_STEP_SUMMARY|npm audit|lint:md/.test(s.run ?? '') || s.uses?.startsWith('actions/upload-artifact@'),
    );
    expect(once.map((s) => s.if)).toEqual(once.map(() => expect.stringMatching(/^matrix\.node == 22\b/)));
    expect(once).toHaveLength(5);
    for (const job of [deploy.jobs.deploy!, ci.jobs.comment!])
      expect(job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': 22, cache: 'npm' });
  });

  it('never interpolates an expression into a shell script', () => {
    // `${{ }}` in `run:` is pasted into the script before it runs: values go through `env:` instead.
    expect(allRuns.filter(({ run }) => run.includes('${{'))).toEqual([]);
  });
});

describe('least privilege', () => {
  const writes = (job: Job) =>
    Object.entries(job.permissions ?? {})
      .filter(([, level]) => level === 'write')
      .map(([scope]) => scope);

  it('grants nothing at the top of a workflow: each job names its own permissions', () => {
    for (const w of WORKFLOWS) expect(read(w).permissions, w).toEqual({});
    for (const { file, name, job } of allJobs) expect(job.permissions, `${file} ${name}`).toEqual(expect.objectContaining({ contents: 'read' }));
  });

  it('gives write access to one job only: the pull-request comment', () => {
    expect(allJobs.filter(({ job }) => writes(job).length > 0).map(({ file, name, job }) => `${file} ${name}: ${writes(job).join(', ')}`)).toEqual([
      'ci.yml comment: pull-requests',
    ]);
    expect(ci.jobs.gate?.permissions).toEqual({ contents: 'read' });
  });

  it('never runs install scripts, tests or third-party code where a token can write', () => {
    for (const { file, name, job } of allJobs.filter(({ job }) => writes(job).length > 0)) {
      const commands = job.steps.flatMap((s) => (s.run ? [s.run] : []));
      expect(
        commands.filter((c) => /\bnpm (ci|install|i)\b/.test(c) && !/--ignore-scripts/.test(c)),
        `${file} ${name}`,
      ).toEqual([]);
      expect(
        commands.filter((c) => /\bnpm (test|run)\b|\bnpx\b/.test(c)),
        `${file} ${name}`,
      ).toEqual([]);
    }
  });

  it('keeps the checkout token out of .git/config in every job', () => {
    const checkouts = allJobs.flatMap(({ file, name, job }) =>
      job.steps.filter((s) => s.uses?.startsWith('actions/checkout@')).map((s) => ({ at: `${file} ${name}`, persist: s.with?.['persist-credentials'] })),
    );
    expect(checkouts.length).toBeGreaterThanOrEqual(4);
    expect(checkouts.filter((c) => c.persist !== false)).toEqual([]);
  });

  it('pins every action by full commit SHA, with its release tag in a comment, the same one everywhere', () => {
    const uses = WORKFLOWS.flatMap((f) =>
      text(f)
        .split('\n')
        .filter((l) => /^\s*(-\s+)?uses:/.test(l))
        .map((line) => ({ file: f, line: line.trim().replace(/^-\s+/, '') })),
    );
    expect(uses.length).toBe(
      steps(ci)
        .concat(steps(deploy), steps(image))
        .filter((s) => s.uses).length,
    );
    const pin = /^uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/;
    expect(uses.filter(({ line }) => !pin.test(line))).toEqual([]);
    const byAction = new Map<string, Set<string>>();
    for (const { line } of uses) {
      const [, action, sha, tag] = pin.exec(line)!;
      byAction.set(action!, (byAction.get(action!) ?? new Set()).add(`${sha} ${tag}`));
    }
    expect([...byAction].filter(([, pins]) => pins.size > 1)).toEqual([]);
    expect([...byAction.keys()].sort()).toEqual([
      'actions/checkout',
      'actions/download-artifact',
      'actions/setup-node',
      'actions/upload-artifact',
      'docker/build-push-action',
      'docker/setup-buildx-action',
    ]);
  });
});

describe('the pull-request comment job', () => {
  const gate = ci.jobs.gate!;
  const comment = ci.jobs.comment!;
  const upload = gate.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  const download = comment.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
  const post = comment.steps.find((s) => /pr-comment/.test(s.run ?? ''));

  it('runs after the gate, also when the gate failed, so the report says why', () => {
    expect(comment.needs).toBe('gate');
    expect(comment.if).toBe('${{ !cancelled() }}');
  });

  it('gets the report the gate uploaded, by name', () => {
    expect(upload?.with).toEqual(expect.objectContaining({ name: 'eval-report', path: 'eval-report.md' }));
    expect(download?.with).toEqual({ name: upload?.with?.name });
    // No report (the eval never ran) is not a failure of this job: the steps after it need the file.
    expect(download?.['continue-on-error']).toBe(true);
    const after = comment.steps.slice(comment.steps.indexOf(download!) + 1);
    expect(after.map((s) => s.if)).toEqual(after.map(() => "hashFiles('eval-report.md') != ''"));
  });

  it('installs production dependencies without their scripts, then posts with the repository’s own sop pr-comment', () => {
    expect(comment.steps.flatMap((s) => (s.run ? [s.run] : []))).toEqual([
      'npm ci --omit=dev --ignore-scripts --no-audit --no-fund',
      'node bin/sop.js pr-comment --file eval-report.md',
    ]);
    expect(post?.env).toEqual({ GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}', GITHUB_REPOSITORY: '${{ github.repository }}' });
    // A fork's read-only token cannot comment: that must not turn the run red.
    expect(post?.['continue-on-error']).toBe(true);
  });
});

describe('the deploy job', () => {
  const job = deploy.jobs.deploy!;
  const step = job.steps.find((s) => /\bnpx sop deploy\b/.test(s.run ?? ''))!;

  it('deploys from main only, in the production environment', () => {
    expect(job.environment).toBe('production');
    expect(job.if).toBe("github.ref == 'refs/heads/main'");
  });

  it('hands the production database and the OpenAI settings from the environment to the deploy step alone', () => {
    expect(job.env).toBeUndefined();
    expect(deploy.env).toBeUndefined();
    expect(step.env).toEqual(expect.objectContaining({ DATABASE_URL: '${{ secrets.DATABASE_URL }}', OPENAI_API_KEY: '${{ secrets.OPENAI_API_KEY }}' }));
    const settings = Object.keys(step.env!).filter((name) => name !== 'ACTOR' && name !== 'REASON');
    expect(settings.filter((name) => !envNames.includes(name))).toEqual([]);
    expect(settings.filter((name) => name.startsWith('OPENAI_')).sort()).toEqual([
      'OPENAI_ANSWER_MODEL',
      'OPENAI_API_KEY',
      'OPENAI_BASE_URL',
      'OPENAI_EMBEDDING_MODEL',
    ]);
    for (const other of job.steps.filter((s) => s !== step)) expect(JSON.stringify(other)).not.toMatch(/secrets\./);
  });

  it('installs what sop runs with in production, without install scripts', () => {
    expect(job.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci --omit=dev --ignore-scripts --no-audit --no-fund', 'npx sop lint', step.run]);
  });

  describe('its script, run with a stand-in npx', () => {
    const tempDir = useTempDirs('sop-deploy-step-');
    const runDeployStep = (env: Record<string, string>, code = 0) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'npx'), '#!/bin/sh\nprintf "%s\\n" "$@" > npx-args.txt\nenv > npx-env.txt\nexit "$DEPLOY_CODE"\n');
      chmodSync(join(dir, 'npx'), 0o755);
      const run = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run!], {
        cwd: dir,
        env: { PATH: `${dir}:${process.env.PATH ?? ''}`, DEPLOY_CODE: String(code), ACTOR: 'octocat', REASON: '', DATABASE_URL: 'postgres://prod', ...env },
        encoding: 'utf8',
      });
      const file = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '');
      const passed = Object.fromEntries(
        file('npx-env.txt')
          .split('\n')
          .filter((l) => /^(DATABASE|OPENAI|SOP)_/.test(l))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      return { status: run.status, stdout: run.stdout, args: file('npx-args.txt').trim().split('\n'), env: passed };
    };

    it('records who deployed, and why when run by hand', () => {
      expect(runDeployStep({}).args).toEqual(['sop', 'deploy', '--by', 'octocat (GitHub Actions)']);
      expect(runDeployStep({ REASON: 'roll forward $(touch pwned)' }).args).toEqual([
        'sop',
        'deploy',
        '--by',
        'octocat (GitHub Actions, by hand: roll forward $(touch pwned))',
      ]);
    });

    it('leaves a setting the environment does not define unset, so sop uses its default', () => {
      const run = runDeployStep({ OPENAI_EMBEDDING_MODEL: '', OPENAI_ANSWER_MODEL: 'gpt-x', DATABASE_SCHEMA: '', SOP_ANSWERER: '' });
      expect(run.env).toEqual({ DATABASE_URL: 'postgres://prod', OPENAI_ANSWER_MODEL: 'gpt-x' });
    });

    it.each([
      [DEPLOY_EXIT.ok, ''],
      [DEPLOY_EXIT.unhealthy, '::error title=Deploy unhealthy::'],
      [DEPLOY_EXIT.error, ''],
      [DEPLOY_EXIT.notActivated, '::error title=Deploy not activated::'],
    ])('sop deploy exiting %i ends the step with that code, annotated %j', (code, annotation) => {
      const run = runDeployStep({}, code);
      expect(run.status).toBe(code);
      const annotations = run.stdout
        .split('\n')
        .filter((l) => l.startsWith('::'))
        .map((l) => l.slice(0, l.indexOf('::', 2) + 2));
      expect(annotations).toEqual(annotation ? [annotation] : []);
    });
  });
});

describe('the image workflow', () => {
  const job = image.jobs.image!;
  const build = job.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'));
  const script = runs(image).join('\n');

  it('builds the image from the Dockerfile without pushing it', () => {
    expect(build?.with).toEqual(expect.objectContaining({ context: '.', push: false, load: true, tags: '${{ env.IMAGE }}' }));
    expect(job.steps.findIndex((s) => s.uses?.startsWith('docker/setup-buildx-action@'))).toBeLessThan(job.steps.indexOf(build!));
  });

  it('runs it against PostgreSQL 16: migrated, then /healthz and /readyz must answer', () => {
    expect(job.services?.postgres?.image).toBe('postgres:16');
    expect(script).toMatch(/"\$IMAGE" migrate/);
    expect(script).toMatch(/curl --fail [^\n]*http:\/\/127\.0\.0\.1:3000\/healthz/);
    expect(script).toMatch(/curl --fail [^\n]*http:\/\/127\.0\.0\.1:3000\/readyz/);
  });

  it('checks the non-root user, tini as PID 1, the HEALTHCHECK and a clean SIGTERM, then compose.yaml', () => {
    expect(script).toMatch(/--entrypoint id "\$IMAGE" -u\)\n[^\n]*\n\s*test "\$uid" != 0/);
    expect(script).toMatch(/\/proc\/1\/cmdline[^\n]*\/usr\/bin\/tini -- node bin\/sop\.js serve/);
    expect(script).toMatch(/\.State\.Health\.Status/);
    expect(script).toMatch(/docker stop [^\n]*\n[^\n]*\.State\.ExitCode[^\n]*\n[^\n]*\n\s*test "\$code" = 0/);
    expect(script).toMatch(/docker compose up -d --no-build/);
  });

  it('gives the service what NODE_ENV=production requires, as stand-ins the service accepts', () => {
    const env = job.env ?? {};
    expect(Object.keys(env).filter((name) => name !== 'IMAGE' && !envNames.includes(name))).toEqual([]);
    expect(env.ASK_API_TOKEN?.length).toBeGreaterThanOrEqual(16);
    expect(Buffer.from(env.OPENPHONE_WEBHOOK_SECRET!.replace(/^whsec_/, ''), 'base64').length).toBeGreaterThanOrEqual(8);
  });
});

describe('every command the workflows run exists', { timeout: 120_000 }, () => {
  it('finds the commands to check', () => {
    expect(npmScripts).toEqual(expect.arrayContaining(['typecheck', 'test', 'lint:md']));
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
  const gateSteps = ci.jobs.gate!.steps;
  const at = (pattern: RegExp) => gateSteps.findIndex((s) => pattern.test(s.run ?? ''));
  const evalStep = gateSteps[at(/npx sop eval/)]!;
  const upload = gateSteps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@'));
  const verdict = gateSteps.at(-1)!;

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

  it('comes before the summary, the report upload and the verdict, in that order', () => {
    const order = [at(/npx sop eval/), at(/GITHUB_STEP_SUMMARY/), upload, gateSteps.indexOf(verdict)];
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
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
    for (const s of gateSteps.slice(gateSteps.indexOf(evalStep) + 1, -1)) expect(s.if).toBe("matrix.node == 22 && hashFiles('eval-report.md') != ''");
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
