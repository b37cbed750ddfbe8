import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalPrHost, type PrHost } from '../../src/git/index.ts';

let repo: string;
let host: PrHost;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
const ORIGINAL = '# Frozen screen\n\n## Reply\nRelaunch TrackMan.\n';

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'sop-local-host-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Dev');
  mkdirSync(join(repo, 'sops/tech'), { recursive: true });
  writeFileSync(join(repo, 'sops/tech/frozen.md'), ORIGINAL);
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  host = createLocalPrHost({ repo, now: () => new Date('2026-11-25T12:00:00Z') });
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('local PR host', () => {
  it('reads files of the base branch exactly, and null for a missing one', async () => {
    expect(await host.readFile('sops/tech/frozen.md')).toBe(ORIGINAL);
    expect(await host.readFile('sops/tech/none.md')).toBeNull();
  });

  it('commits a proposal to its own branch without touching the work tree or the index', async () => {
    // A reviewer's uncommitted edit and a staged file must survive.
    writeFileSync(join(repo, 'sops/tech/frozen.md'), `${ORIGINAL}local edit\n`);
    writeFileSync(join(repo, 'notes.txt'), 'staged\n');
    git('add', 'notes.txt');
    const statusBefore = git('status', '--porcelain');

    const changed = `${ORIGINAL}\n### Screen black after relaunch\n\nPress the projector power button.\n`;
    const proposal = await host.propose({
      key: 'k1',
      title: 'knowledge(tech): black screen',
      body: 'From 2 conversations.',
      labels: ['knowledge'],
      changes: [
        { path: 'sops/tech/frozen.md', content: changed },
        { path: 'sops/tech/new.md', content: 'new\n' },
      ],
    });

    expect(proposal).toMatchObject({ key: 'k1', branch: 'knowledge/k1', base: 'main', updated: true, number: null, url: null });
    expect(git('status', '--porcelain')).toBe(statusBefore);
    expect(readFileSync(join(repo, 'sops/tech/frozen.md'), 'utf8')).toBe(`${ORIGINAL}local edit\n`);
    expect(git('show', 'knowledge/k1:sops/tech/frozen.md')).toBe(changed.trimEnd());
    expect(git('diff', '--name-only', 'main...knowledge/k1').split('\n')).toEqual(['sops/tech/frozen.md', 'sops/tech/new.md']);
    expect(git('log', '-1', '--format=%s%n%b%n%an <%ae>', 'knowledge/k1')).toBe(
      'knowledge(tech): black screen\nFrom 2 conversations.\n\nsop knowledge <sop-knowledge@localhost>',
    );
    expect(git('rev-parse', 'main')).toBe(git('rev-parse', 'knowledge/k1~1'));
  });

  it('is idempotent for the same content, and adds a commit for new content', async () => {
    const request = { key: 'k2', title: 't', body: 'b', labels: [], changes: [{ path: 'sops/tech/frozen.md', content: `${ORIGINAL}v1\n` }] };
    const first = await host.propose(request);
    const again = await host.propose(request);
    expect(again).toEqual({ ...first, updated: false });
    const next = await host.propose({ ...request, changes: [{ path: 'sops/tech/frozen.md', content: `${ORIGINAL}v2\n` }] });
    expect(next.updated).toBe(true);
    expect(git('rev-parse', 'knowledge/k2~1')).toBe(first.head);
    expect(git('rev-list', '--count', 'main..knowledge/k2')).toBe('2');
  });

  it('refuses keys and paths that would escape their place', async () => {
    await expect(host.propose({ key: '../main', title: 't', body: 'b', labels: [], changes: [] })).rejects.toThrow('invalid proposal key "../main"');
    await expect(host.propose({ key: 'k3', title: 't', body: 'b', labels: [], changes: [{ path: '../etc/passwd', content: 'x' }] })).rejects.toThrow(
      'invalid path ../etc/passwd',
    );
  });
});
