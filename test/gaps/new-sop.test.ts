import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GapTopic, requestNewSop } from '../../src/gaps/index.ts';
import { createGitHubPrHost, createLocalPrHost, createOctokit } from '../../src/git/index.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github-server.ts';
import { captureLogger } from '../fakes/logger.ts';

const TOPIC: GapTopic = {
  id: 'dog-dogs-pet',
  name: 'dog · dogs · pet',
  words: ['dog', 'dogs', 'pet'],
  texts: 3,
  customers: 3,
  previous: 0,
  trend: 'new',
  route: 'brand',
  share: 0.021,
  examples: ['can i bring my dog', 'are dogs allowed'],
  members: ['can i bring my dog', 'can i bring my dog', 'are dogs allowed @ops fixes #3'].map((text, i) => ({
    decisionId: `d${i}`,
    text,
    at: '2026-11-30T10:00:00.000Z',
  })),
  confidence: 0.2,
  worse: 0,
  closest: { sop: 'brand/no-staff-on-site.md', title: 'No staff on site', similarity: 0.12 },
  staff: { conversations: 1, replied: 1, knowledge: [{ problem: 'Dog in the bay', solution: 'Service dogs only', status: 'new' }] },
  mark: null,
};

describe('requestNewSop', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub({ owner: 'clubos', name: 'sops', files: { 'sops/brand/no-staff-on-site.md': '# No staff\n' } });
  });
  afterAll(() => gh.close());

  it('opens a labelled GitHub issue with the counts, the typical texts and what staff replied, acting on no mention or reference', async () => {
    const host = createGitHubPrHost({
      octokit: createOctokit({ token: 't', baseUrl: gh.url, log: captureLogger(), retryBaseMs: 10 }),
      repository: 'clubos/sops',
    });
    const url = await requestNewSop(host, TOPIC);
    expect(url).toBe('https://github.example/clubos/sops/issues/1');
    expect(gh.issues).toHaveLength(1);
    const issue = gh.issues[0]!;
    expect(issue).toMatchObject({ title: 'New SOP needed: dog · dogs · pet', labels: ['gaps', 'new-sop'] });
    expect(issue.body).toContain('3 texts from 3 customers on "dog · dogs · pet" (new, 2.1% of brand traffic)');
    expect(issue.body).toContain('The closest SOP is `brand/no-staff-on-site.md` (similarity 0.12).');
    // Each distinct text once, in a fenced block with mentions and references unlinked.
    expect(issue.body).toContain('```text\ncan i bring my dog\nare dogs allowed @\u200dops fixes #\u200d3\n```');
    expect(issue.body).toContain('Dog in the bay → Service dogs only (new)');
  });

  it('opens nothing on a local repository (it has no issues)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-new-sop-'));
    try {
      expect(await requestNewSop(createLocalPrHost({ repo: dir }), TOPIC)).toBeNull();
      expect(await requestNewSop(null, TOPIC)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
