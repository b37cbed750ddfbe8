/**
 * `sop pr-comment`: the real CLI in a child process, configured as GitHub Actions configures it
 * (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_EVENT_PATH), against the fake GitHub.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PR_COMMENT_MARKER } from '../../src/git/index.ts';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.ts';
import { REPO, SOP_BIN, SOP_TIMEOUT_MS, sopEnv, useTempDirs, type SopRun } from './run-sop.ts';

const tempDir = useTempDirs('sop-cli-pr-comment-');
const REPORT = '## Eval gate: failed\n\nhit@1 fell from 0.81 to 0.74 on booking.\n';
let gh: FakeGitHub;
let dir: string;
let reportFile: string;
let eventFile: string;

beforeEach(async () => {
  gh = await startFakeGitHub({ owner: 'clubos', name: 'sops', files: { 'README.md': 'sops\n' } });
  for (const number of [7, 8]) gh.pulls.push({ number, title: `pull ${number}`, body: '', head: `b${number}`, base: 'main', state: 'open', labels: [] });
  dir = tempDir();
  reportFile = join(dir, 'eval-report.md');
  eventFile = join(dir, 'event.json');
  writeFileSync(reportFile, REPORT);
  // The shape of a pull_request event payload, trimmed to what matters here.
  writeFileSync(eventFile, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, base: { ref: 'main' } } }));
});
afterEach(() => gh.close());

/** What a workflow step sets; CI's own GITHUB_* values never leak into a run. */
const actionsEnv = (): Record<string, string | undefined> => ({
  GITHUB_API_URL: gh.url,
  GITHUB_TOKEN: 'test-token',
  GITHUB_REPOSITORY: 'clubos/sops',
  GITHUB_EVENT_PATH: eventFile,
});

/**
 * Like `runSop`, but without blocking: the fake GitHub answers from this process while the
 * command runs (a synchronous spawn would leave its requests unanswered).
 */
function runSopAsync(args: readonly string[], env: Record<string, string | undefined>): Promise<SopRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SOP_BIN, ...args], { cwd: REPO, env: sopEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), SOP_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** The error line `sop` ends with (Octokit's own request log may come before it). */
const lastLine = (stderr: string) => stderr.trimEnd().split('\n').at(-1);

describe('sop pr-comment', { timeout: 60_000 }, () => {
  it('posts the file on the pull request of the event, then updates that comment on the next run', async () => {
    const first = await runSopAsync(['pr-comment', '--file', reportFile], actionsEnv());
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const [comment] = gh.comments;
    expect(first.stdout).toBe(`created https://github.example/clubos/sops/pull/7#issuecomment-${comment!.id}\n`);
    expect(comment).toMatchObject({ issue: 7, body: `${DEFAULT_PR_COMMENT_MARKER}\n${REPORT}` });
    expect(gh.requests.find((r) => r.method === 'POST')).toBeDefined();

    writeFileSync(reportFile, '## Eval gate: passed\n');
    const second = await runSopAsync(['pr-comment', '--file', reportFile], actionsEnv());
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(`updated https://github.example/clubos/sops/pull/7#issuecomment-${comment!.id}\n`);
    expect(gh.comments).toEqual([{ ...comment, body: `${DEFAULT_PR_COMMENT_MARKER}\n## Eval gate: passed\n` }]);
  });

  it('comments on the pull request given with --pr, without an event', async () => {
    const run = await runSopAsync(['pr-comment', '--file', reportFile, '--pr', '8'], { ...actionsEnv(), GITHUB_EVENT_PATH: undefined });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^created https:\/\/github\.example\/clubos\/sops\/pull\/8#issuecomment-\d+\n$/);
    expect(gh.comments.map((c) => c.issue)).toEqual([8]);
  });

  it('exits 1 saying what GitHub’s 404 means when the pull request does not exist', async () => {
    const run = await runSopAsync(['pr-comment', '--file', reportFile, '--pr', '99'], actionsEnv());
    expect(run.status).toBe(1);
    expect(lastLine(run.stderr)).toBe('sop: GitHub answered 404 (Not Found): no pull request #99 in clubos/sops, or GITHUB_TOKEN cannot see that repository');
    expect(gh.comments).toEqual([]);
  });

  it('exits 1 saying which permission is missing when GitHub refuses the comment', async () => {
    gh.fail({ status: 403, method: 'POST', path: /\/issues\/7\/comments$/, message: 'Resource not accessible by integration' });
    const run = await runSopAsync(['pr-comment', '--file', reportFile], actionsEnv());
    expect(run.status).toBe(1);
    expect(lastLine(run.stderr)).toBe(
      'sop: GitHub answered 403 (Resource not accessible by integration): GITHUB_TOKEN may not comment: the workflow needs `permissions: pull-requests: write` (a pull request from a fork only gets a read-only token)',
    );
    expect(gh.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'POST 403']);
  });

  it.each([
    ['GITHUB_TOKEN unset', { GITHUB_TOKEN: undefined }, [], /^sop: GITHUB_TOKEN is not set: set it to a token that may write pull-request comments/],
    ['GITHUB_TOKEN empty', { GITHUB_TOKEN: '' }, [], /^sop: GITHUB_TOKEN is not set/],
    ['GITHUB_REPOSITORY unset', { GITHUB_REPOSITORY: undefined }, [], /^sop: GITHUB_REPOSITORY is not set: set it to the repository as owner\/name/],
    ['GITHUB_REPOSITORY not owner/name', { GITHUB_REPOSITORY: 'sops' }, [], /^sop: GITHUB_REPOSITORY must be owner\/name, got "sops"/],
    [
      'no event and no --pr',
      { GITHUB_EVENT_PATH: undefined },
      [],
      /^sop: no pull request number: pass --pr N, or set GITHUB_EVENT_PATH to a pull_request event payload/,
    ],
    [
      'an event file that does not exist',
      { GITHUB_EVENT_PATH: '/nonexistent/event.json' },
      [],
      /^sop: cannot read the event payload GITHUB_EVENT_PATH=\/nonexistent\/event\.json .*: pass --pr N instead/,
    ],
    ['a push event', 'push', [], /^sop: the event at GITHUB_EVENT_PATH=.* has no pull_request\.number \(run on a pull_request event\): pass --pr N instead/],
    ['--pr that is not a number', {}, ['--pr', 'seven'], /--pr <n>.*expected a whole number of at least 1, got "seven"/],
    [
      'a report file that does not exist',
      {},
      ['--file', '/nonexistent/report.md'],
      /^sop: cannot read --file \/nonexistent\/report\.md: ENOENT; write the report first/,
    ],
    ['no --file', {}, ['--no-file'], /required option '--file <file>' not specified/],
  ] as const)('exits 2 without calling GitHub: %s', async (_, change, args, message) => {
    let env = actionsEnv();
    if (change === 'push') writeFileSync(eventFile, JSON.stringify({ ref: 'refs/heads/main', commits: [] }));
    else env = { ...env, ...change };
    const fileArgs = args[0] === '--file' ? args : args[0] === '--no-file' ? [] : ['--file', reportFile, ...args];
    const run = await runSopAsync(['pr-comment', ...fileArgs], env);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(gh.requests).toEqual([]);
  });

  it('exits 2 on an empty report', async () => {
    writeFileSync(reportFile, '\n');
    const run = await runSopAsync(['pr-comment', '--file', reportFile], actionsEnv());
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`sop: --file ${reportFile} is empty: nothing to post\n`);
    expect(gh.requests).toEqual([]);
  });
});
