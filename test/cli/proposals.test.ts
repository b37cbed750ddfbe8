import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJobQueue, createPgliteDb, runMigrations } from '../../src/db/index.ts';
import { createConversationStore, parseEvent } from '../../src/openphone/index.ts';
import { MIGRATIONS } from '../db/databases.ts';
import { makeSopsRepo } from '../git/sops-repo.ts';
import { runSop, sopEnv, useTempDirs } from './run-sop.ts';

const tempDir = useTempDirs();
const CUSTOMER = '+15551230000';
const LINE = '+15550009999';
const message = (n: number, direction: 'incoming' | 'outgoing', text: string) => ({
  id: `EV-${n}`,
  type: direction === 'incoming' ? 'message.received' : 'message.delivered',
  data: {
    object: {
      id: `AC-${n}`,
      conversationId: 'CN-cli',
      from: direction === 'incoming' ? CUSTOMER : LINE,
      to: direction === 'incoming' ? LINE : CUSTOMER,
      direction,
      text,
      createdAt: new Date(Date.UTC(2026, 10, 20, 18, n)).toISOString(),
    },
  },
});

describe('sop extract and sop proposals', { timeout: 300_000 }, () => {
  it('extracts a stored conversation into a branch, shows it, and merges it into the checked-out base', async () => {
    const repo = tempDir();
    const data = tempDir();
    const git = makeSopsRepo(repo);

    const db = await createPgliteDb({ dataDir: join(data, 'pglite') });
    await runMigrations(db, MIGRATIONS);
    const store = createConversationStore({ db, queue: createJobQueue({ db }), windowMs: 86_400_000, quietMs: 60_000 });
    for (const e of [
      message(1, 'incoming', 'the ball is not registering from the left side of the mat'),
      message(2, 'outgoing', 'Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.'),
      message(3, 'incoming', 'that worked, thanks'),
    ])
      await store.ingest(parseEvent(e, null));
    await db.close();

    const env = { ...sopEnv(), DATA_DIR: data, SOPS_DIR: join(repo, 'sops'), PROPOSALS_REPO: repo };
    const extracted = runSop(['extract', '--pending'], { env });
    expect(extracted.stderr).toBe('');
    expect(extracted.stdout).toBe('1 conversation(s) extracted: 1 proposed\n');

    const list = runSop(['proposals', 'list'], { env });
    const [key] = list.stdout.split(/\s+/);
    expect(key).toMatch(/^tech-[0-9a-f]{12}$/);
    expect(list.stdout).toContain('open     tech      1 conv.  knowledge/');

    const show = runSop(['proposals', 'show', key!], { env });
    expect(show.stdout).toContain('+Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.');

    // --json: the same proposal, on stdout alone, with stable camelCase fields.
    const listed = runSop(['proposals', 'list', '--json'], { env });
    expect(listed.status).toBe(0);
    const { proposals } = JSON.parse(listed.stdout) as { proposals: Record<string, unknown>[] };
    expect(proposals).toHaveLength(1);
    expect(Object.keys(proposals[0]!)).toEqual([
      'key',
      'state',
      'route',
      'title',
      'path',
      'sopSection',
      'host',
      'branch',
      'url',
      'mergeCommit',
      'supporters',
      'createdAt',
      'updatedAt',
    ]);
    expect(proposals[0]).toMatchObject({
      key,
      state: 'open',
      route: 'tech',
      host: 'local',
      url: null,
      supporters: 1,
      branch: expect.stringMatching(/^knowledge\//),
    });
    expect(Number.isNaN(Date.parse(proposals[0]!.createdAt as string))).toBe(false);
    expect(list.stdout).toContain(`${proposals[0]!.branch as string}  ${proposals[0]!.title as string}`);
    const shown = JSON.parse(runSop(['proposals', 'show', key!, '--json'], { env }).stdout) as {
      key: string;
      items: { status: string; confidence: number; problem: string; solution: string }[];
      diff: string | null;
    };
    expect(shown.key).toBe(key);
    expect(shown.items).toHaveLength(1);
    expect(shown.items[0]).toMatchObject({ status: 'proposed', solution: expect.stringContaining('microfibre cloth') });
    expect(shown.diff).toContain('+Wipe the sensor lens with the microfibre cloth kept in the drawer under the screen.');

    const merged = runSop(['proposals', 'merge', key!], { env });
    expect(merged).toMatchObject({ status: 0, stdout: `${key} merged\n` });
    expect(readFileSync(join(repo, 'sops/tech/ball-not-registering.md'), 'utf8')).toContain('Wipe the sensor lens');
    expect(git('status', '--porcelain')).toBe('');
    expect(git('branch', '--list', 'knowledge/*')).toBe('');
    expect(runSop(['proposals', 'list', '--state', 'merged'], { env }).stdout).toContain(`${key}  merged`);
    // The merge commit is recorded: it is the base branch's head now.
    const [mergedRow] = (JSON.parse(runSop(['proposals', 'list', '--json'], { env }).stdout) as { proposals: { mergeCommit: string | null }[] }).proposals;
    expect(mergedRow!.mergeCommit).toBe(git('rev-parse', 'main'));

    const again = runSop(['proposals', 'reject', key!], { env });
    expect(again).toMatchObject({ status: 2, stderr: `sop: proposal ${key} is merged already\n` });
    expect(runSop(['proposals', 'show', 'nope'], { env })).toMatchObject({ status: 2, stderr: 'sop: no proposal nope: see `sop proposals list`\n' });
    expect(runSop(['extract'], { env })).toMatchObject({ status: 2, stderr: 'sop: pass either --conversation ID or --pending\n' });
  });
});
