import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { type GapTopic, proposeOutOfScope, proposeTopicQuestions } from '../../src/gaps/index.ts';
import { createLocalPrHost } from '../../src/git/index.ts';
import { parseDocument } from '../../src/sops/index.ts';

const LOCKERS = `---
title: Lockers
owner: front-desk
last_reviewed: 2026-11-01
questions:
  - do you have lockers # the first one
---

# Lockers

## Reply
Lockers by the door take a card; they open again with the same card.
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A git repository on `main` holding one SOP, sops/booking/lockers.md. */
function repoWithLockers(): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'sop-gaps-propose-'));
  dirs.push(dir);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'sops', 'booking'), { recursive: true });
  writeFileSync(join(dir, 'sops', 'booking', 'lockers.md'), LOCKERS);
  git('add', '.');
  git('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-q', '-m', 'sops');
  return { dir, git };
}

function topic(texts: string[]): GapTopic {
  return {
    id: 'locker-rent-clubs',
    name: 'locker · rent · clubs',
    words: ['locker', 'rent', 'clubs'],
    texts: texts.length,
    customers: texts.length,
    previous: 0,
    trend: 'new',
    route: 'booking',
    share: 0.1,
    examples: texts.slice(0, 3),
    members: texts.map((text, i) => ({ decisionId: `d${i}`, text, at: '2026-11-30T10:00:00.000Z' })),
    confidence: 0.3,
    worse: 0,
    closest: null,
    staff: { conversations: 0, replied: 0, knowledge: [] },
    mark: null,
  };
}

describe('proposeTopicQuestions', () => {
  it("adds the topic's texts to the SOP's questions on a proposal branch, leaving out known, redacted and repeated ones", async () => {
    const { dir, git } = repoWithLockers();
    const host = createLocalPrHost({ repo: dir });
    const t = topic([
      'can i rent a locker for my clubs',
      'Do you have lockers?',
      'call me on [phone] about a locker',
      'can  I rent a locker for my clubs',
      'is there a locker i can keep my bag in #2 @team',
    ]);
    const { proposal, added, path } = await proposeTopicQuestions({ host, topic: t, sop: 'booking/lockers.md', sopsDir: 'sops' });
    expect(path).toBe('sops/booking/lockers.md');
    expect(added).toEqual(['can i rent a locker for my clubs', 'is there a locker i can keep my bag in #2 @team']);
    expect(proposal).toMatchObject({ key: 'gaps-locker-rent-clubs-booking-lockers', updated: true });
    const proposed = git('show', `${proposal!.branch}:sops/booking/lockers.md`);
    expect(parseDocument(path, proposed).doc.questions).toEqual(['do you have lockers', ...added]);
    // The YAML comment and the body are as they were.
    expect(proposed).toContain('- do you have lockers # the first one');
    expect(proposed.endsWith('they open again with the same card.')).toBe(true);
    // The base branch is untouched, and the commit names the topic without acting on mentions or references.
    expect(git('show', 'main:sops/booking/lockers.md')).toBe(LOCKERS.trimEnd());
    const message = git('log', '-1', '--format=%B', proposal!.branch);
    expect(message).toContain('booking/lockers.md: 2 customer questions from the gap "locker · rent · clubs"');
    expect(message).toContain('#\u200d2 @\u200dteam');
    // Proposing again changes nothing.
    expect((await proposeTopicQuestions({ host, topic: t, sop: 'booking/lockers.md', sopsDir: 'sops' })).proposal).toMatchObject({ updated: false });
  });

  it('proposes nothing when every text is known, and names a missing SOP', async () => {
    const { dir } = repoWithLockers();
    const host = createLocalPrHost({ repo: dir });
    expect(await proposeTopicQuestions({ host, topic: topic(['do you have lockers']), sop: 'booking/lockers.md', sopsDir: 'sops' })).toMatchObject({
      proposal: null,
      added: [],
    });
    await expect(proposeTopicQuestions({ host, topic: topic(['x']), sop: 'booking/storage.md', sopsDir: 'sops' })).rejects.toThrow(InputError);
    await expect(proposeTopicQuestions({ host, topic: topic(['x']), sop: 'booking/storage.md', sopsDir: 'sops' })).rejects.toThrow(
      'no SOP booking/storage.md: sops/booking/storage.md is not on the base branch',
    );
  });
});

describe('proposeOutOfScope', () => {
  it("appends the topic's texts to the out-of-scope questions, leaving out those already there", async () => {
    const { dir, git } = repoWithLockers();
    mkdirSync(join(dir, 'calibration'));
    writeFileSync(join(dir, 'calibration', 'out-of-scope.txt'), '# negatives\nwho won the masters');
    git('add', '.');
    git('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-q', '-m', 'negatives');
    const host = createLocalPrHost({ repo: dir });
    const t = topic(['Who won the Masters?', 'are you hiring this summer', 'do you have jobs for students']);
    const { proposal, added } = await proposeOutOfScope({ host, topic: t, path: 'calibration/out-of-scope.txt' });
    expect(added).toEqual(['are you hiring this summer', 'do you have jobs for students']);
    expect(proposal).toMatchObject({ key: 'gaps-locker-rent-clubs-out-of-scope', updated: true });
    expect(git('show', `${proposal!.branch}:calibration/out-of-scope.txt`)).toBe(
      '# negatives\nwho won the masters\nare you hiring this summer\ndo you have jobs for students',
    );
  });
});
