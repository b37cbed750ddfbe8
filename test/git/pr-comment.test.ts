import type { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { createOctokit, DEFAULT_PR_COMMENT_MARKER, fitCommentBody, GITHUB_COMMENT_LIMIT, upsertPrComment } from '../../src/git/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { FAKE_COMMENT_LIMIT, startFakeGitHub, type FakeGitHub } from '../fakes/github-server.ts';

const REPORT = '## Eval gate: passed\n\n| metric | base | head |\n|---|---|---|\n| hit@1 | 0.81 | 0.83 |\n';
let gh: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  gh = await startFakeGitHub({ owner: 'clubos', name: 'sops', files: { 'README.md': 'sops\n' } });
  gh.pulls.push({ number: 7, title: 'tech: frozen screen', body: '', head: 'tech-frozen', base: 'main', state: 'open', labels: [] });
  octokit = createOctokit({ token: 'test-token', baseUrl: gh.url, log: captureLogger(), retryBaseMs: 10 });
});
afterEach(() => gh.close());

const upsert = (body: string, pr = 7) => upsertPrComment({ octokit, repository: 'clubos/sops', pr, body });
const commentsOf = (pr: number) => gh.comments.filter((c) => c.issue === pr);

// The throttling plugin spaces comment creations three seconds apart, as GitHub asks: these tests take seconds.
describe('upsertPrComment through the real Octokit client', { timeout: 90_000 }, () => {
  it('creates one comment whose first line is the hidden marker', async () => {
    const result = await upsert(REPORT);
    const [comment] = commentsOf(7);
    expect(result).toEqual({ action: 'created', id: comment!.id, url: `https://github.example/clubos/sops/pull/7#issuecomment-${comment!.id}` });
    expect(comment!.body).toBe(`${DEFAULT_PR_COMMENT_MARKER}\n${REPORT}`);
    expect(gh.comments).toHaveLength(1);
  });

  it('updates the same comment on a second run instead of adding another', async () => {
    gh.seedComments(7, ['LGTM', 'the eval report says hit@1 went up']);
    const first = await upsert(REPORT);
    const second = await upsert(REPORT.replace('passed', 'failed'));
    expect(second).toEqual({ ...first, action: 'updated' });
    expect(commentsOf(7).map((c) => c.body)).toEqual([
      'LGTM',
      'the eval report says hit@1 went up',
      `${DEFAULT_PR_COMMENT_MARKER}\n${REPORT.replace('passed', 'failed')}`,
    ]);
    expect(gh.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/clubos/sops/issues/7/comments',
      `PATCH /repos/clubos/sops/issues/comments/${first.id}`,
    ]);
  });

  it('leaves comments of other pull requests and comments that only quote the marker alone', async () => {
    gh.pulls.push({ number: 8, title: 'booking: late arrival', body: '', head: 'late', base: 'main', state: 'open', labels: [] });
    const [other] = gh.seedComments(8, [`${DEFAULT_PR_COMMENT_MARKER}\nreport of #8`], 'github-actions[bot]');
    gh.seedComments(7, [`> ${DEFAULT_PR_COMMENT_MARKER}\n> quoted from the bot`]);
    const result = await upsert(REPORT);
    expect(result.action).toBe('created');
    expect(result.id).not.toBe(other!.id);
    expect(other!.body).toBe(`${DEFAULT_PR_COMMENT_MARKER}\nreport of #8`);
  });

  it('finds the marker on the second page of comments, and reads no further', async () => {
    // 100 a page: the report is comment 131 of 250, so pages 1 and 2 are read and page 3 is not.
    const bodies = Array.from({ length: 250 }, (_, i) => `comment ${i + 1}`);
    bodies[130] = `${DEFAULT_PR_COMMENT_MARKER}\nan older report`;
    const seeded = gh.seedComments(7, bodies);
    const result = await upsert(REPORT);
    expect(result).toMatchObject({ action: 'updated', id: seeded[130]!.id });
    expect(commentsOf(7)).toHaveLength(250);
    expect(seeded[130]!.body).toBe(`${DEFAULT_PR_COMMENT_MARKER}\n${REPORT}`);
    const listed = gh.requests.filter((r) => r.method === 'GET');
    expect(listed.map((r) => new URLSearchParams(r.query).get('page') ?? '1')).toEqual(['1', '2']);
    expect(listed.every((r) => new URLSearchParams(r.query).get('per_page') === '100')).toBe(true);
  });

  it('truncates a body over GitHub’s limit with a note, and GitHub accepts it', async () => {
    expect(GITHUB_COMMENT_LIMIT).toBe(FAKE_COMMENT_LIMIT);
    const rows = Array.from({ length: 4000 }, (_, i) => `| case ${i} | what are your hours on holidays? | 0.${String(i).padStart(3, '0')} |`);
    const huge = `## Eval gate: failed\n\n${rows.join('\n')}\n`;
    expect(huge.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 2);
    const result = await upsert(huge);
    expect(result.action).toBe('created');
    const { body } = commentsOf(7)[0]!;
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 500);
    expect(body.startsWith(`${DEFAULT_PR_COMMENT_MARKER}\n## Eval gate: failed\n\n| case 0 |`)).toBe(true);
    expect(body).toContain(
      `Truncated: the full text is ${(huge.length + DEFAULT_PR_COMMENT_MARKER.length + 1).toLocaleString('en-US')} characters, over GitHub's 65,536-character limit`,
    );
    // Cut at a line end: the last table row before the note is whole.
    const lastRow = body.slice(0, body.indexOf('\n\n> [!NOTE]')).split('\n').pop()!;
    const kept = Number(/^\| case (\d+) \|/.exec(lastRow)?.[1]);
    expect(lastRow).toBe(rows[kept]);
    expect(kept).toBeGreaterThan(900);
  });

  it('retries a 500 from GitHub and posts exactly one comment', async () => {
    gh.fail({ status: 500, path: /\/issues\/7\/comments$/ }, { status: 500, path: /\/issues\/7\/comments$/ });
    gh.seedComments(7, ['LGTM']);
    const result = await upsert(REPORT);
    expect(result.action).toBe('created');
    // Both faults land on the listing (the first requests); each is retried, then the comment is posted once.
    expect(gh.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 500', 'GET 500', 'GET 200', 'POST 201']);
    expect(commentsOf(7).map((c) => c.body)).toEqual(['LGTM', `${DEFAULT_PR_COMMENT_MARKER}\n${REPORT}`]);
  });

  it('retries a 500 on the update itself', async () => {
    const first = await upsert(REPORT);
    gh.fail({ status: 500, path: /\/issues\/comments\/\d+$/ });
    const second = await upsert('## Eval gate: failed\n');
    expect(second).toEqual({ ...first, action: 'updated' });
    expect(gh.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([500, 200]);
    expect(commentsOf(7).map((c) => c.body)).toEqual([`${DEFAULT_PR_COMMENT_MARKER}\n## Eval gate: failed\n`]);
  });

  it('fails with GitHub’s 404 for a pull request that does not exist, posting nothing', async () => {
    await expect(upsert(REPORT, 99)).rejects.toMatchObject({ status: 404 });
    expect(gh.comments).toHaveLength(0);
  });

  it.each([
    ['clubos', 'GITHUB_REPOSITORY must be owner/name, got "clubos"'],
    ['clubos/sops/extra', 'GITHUB_REPOSITORY must be owner/name, got "clubos/sops/extra"'],
  ])('refuses the repository %s before any request', async (repository, message) => {
    await expect(upsertPrComment({ octokit, repository, pr: 7, body: REPORT })).rejects.toThrow(new InputError(message));
    expect(gh.requests).toHaveLength(0);
  });
});

describe('fitCommentBody', () => {
  it('returns a body within the limit unchanged', () => {
    expect(fitCommentBody('x'.repeat(100), 100)).toBe('x'.repeat(100));
  });

  it('closes a code fence the cut leaves open, and never splits a surrogate pair', () => {
    const fenced = fitCommentBody(`intro\n\`\`\`\n${'⛳'.repeat(400)}\n${'😀'.repeat(400)}`, 600);
    expect(fenced.length).toBeLessThanOrEqual(600);
    expect(fenced.match(/^```/gm)).toHaveLength(2);
    expect(fenced).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);

    // Either limit parity lands the cut inside a pair once.
    for (const limit of [400, 401]) {
      const emoji = fitCommentBody('😀'.repeat(500), limit);
      expect(emoji.length).toBeLessThanOrEqual(limit);
      expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      expect(emoji).toMatch(/^(😀)+\n\n> \[!NOTE\]\n> Truncated: the full text is 1,000 characters, over GitHub's 40[01]-character limit/);
    }
  });
});
