import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubPrHost, createOctokit, type PrHost } from '../../src/git/index.ts';
import { captureLogger } from '../fakes/logger.ts';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.ts';

const ORIGINAL = '# Frozen screen\n\n## Reply\nRelaunch TrackMan.\n';
let gh: FakeGitHub;
let host: PrHost;
let log: ReturnType<typeof captureLogger>;

beforeEach(async () => {
  gh = await startFakeGitHub({ owner: 'clubos', name: 'sops', files: { 'sops/tech/frozen.md': ORIGINAL } });
  log = captureLogger();
  host = createGitHubPrHost({ octokit: createOctokit({ token: 'test-token', baseUrl: gh.url, log, retryBaseMs: 10 }), repository: 'clubos/sops' });
});
afterEach(() => gh.close());

const request = (content: string, body = 'Seen in 1 conversation.') => ({
  key: 'k1',
  title: 'knowledge(tech): black screen after relaunch',
  body,
  labels: ['knowledge', 'tech'],
  changes: [{ path: 'sops/tech/frozen.md', content }],
});
const CHANGED = `${ORIGINAL}\n### Black screen after relaunch\n\nPress the projector power button.\n`;

// The throttling plugin spaces write requests a second apart, as GitHub asks: these tests take seconds.
describe('GitHub PR host through the real Octokit client', { timeout: 90_000 }, () => {
  it('reads a base file exactly, and null when missing', async () => {
    expect(await host.readFile('sops/tech/frozen.md')).toBe(ORIGINAL);
    expect(await host.readFile('sops/tech/none.md')).toBeNull();
  });

  it('opens a labelled pull request from a branch whose file holds the change', async () => {
    const proposal = await host.propose(request(CHANGED));
    expect(proposal).toMatchObject({
      key: 'k1',
      branch: 'knowledge/k1',
      base: 'main',
      number: 1,
      url: 'https://github.example/clubos/sops/pull/1',
      updated: true,
    });
    expect(gh.git('cat-file', 'blob', 'knowledge/k1:sops/tech/frozen.md')).toBe(CHANGED.trimEnd());
    expect(gh.git('rev-parse', 'knowledge/k1~1')).toBe(gh.git('rev-parse', 'main'));
    expect(gh.pulls).toEqual([
      {
        number: 1,
        title: 'knowledge(tech): black screen after relaunch',
        body: 'Seen in 1 conversation.',
        head: 'knowledge/k1',
        base: 'main',
        state: 'open',
        labels: ['knowledge', 'tech'],
      },
    ]);
  });

  it('updates the same pull request instead of opening a second one', async () => {
    const first = await host.propose(request(CHANGED));
    const same = await host.propose(request(CHANGED, 'Seen in 2 conversations.'));
    expect(same).toMatchObject({ number: 1, head: first.head, updated: false });
    expect(gh.pulls).toHaveLength(1);
    expect(gh.pulls[0]!.body).toBe('Seen in 2 conversations.');
    const newer = await host.propose(request(`${CHANGED}More.\n`));
    expect(newer).toMatchObject({ number: 1, updated: true });
    expect(gh.git('rev-parse', 'knowledge/k1~1')).toBe(first.head);
  });

  it('retries a 500 and succeeds once', async () => {
    gh.fail({ status: 500, path: /\/git\/blobs$/ });
    await host.propose(request(CHANGED));
    expect(gh.requests.filter((r) => r.path.endsWith('/git/blobs')).map((r) => r.status)).toEqual([500, 201]);
    expect(gh.pulls).toHaveLength(1);
  });

  it('waits out a secondary rate limit with retry-after, then goes on', async () => {
    gh.fail({
      status: 403,
      path: /\/pulls$/,
      headers: { 'retry-after': '1' },
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    });
    const proposal = await host.propose(request(CHANGED));
    expect(proposal.number).toBe(1);
    const [limited, retried] = gh.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/pulls'));
    expect(limited?.status).toBe(403);
    expect(retried?.status).toBe(200);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1000);
    expect(log.warnings().some((w) => JSON.stringify(w.args).includes('secondary'))).toBe(true);
  });

  it('recovers from a 422 "reference already exists" by building on the branch', async () => {
    // Another writer creates the branch between our check and our createRef.
    gh.fail({ status: 422, path: /\/git\/refs$/, message: 'Reference already exists' });
    const other = await startFakeGitHubBranch(gh);
    const proposal = await host.propose(request(CHANGED));
    expect(proposal.updated).toBe(true);
    expect(gh.git('rev-parse', 'knowledge/k1~1')).toBe(other);
    expect(gh.git('cat-file', 'blob', 'knowledge/k1:sops/tech/frozen.md')).toBe(CHANGED.trimEnd());
    expect(gh.pulls).toHaveLength(1);
  });
});

/** Puts a branch `knowledge/k1` at main, as a concurrent writer would have. */
async function startFakeGitHubBranch(fake: FakeGitHub): Promise<string> {
  const main = fake.git('rev-parse', 'main');
  fake.git('update-ref', 'refs/heads/knowledge/k1', main);
  return main;
}
