import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPgliteDb, runMigrations } from '../../src/db/index.ts';
import type { GapReport } from '../../src/gaps/index.ts';
import { MIGRATIONS } from '../db/databases.ts';
import { HELP_DOCS } from './corpus.ts';
import { runSop, runSopJson, useTempDirs, writeFiles } from './run-sop.ts';

const tempDir = useTempDirs('sop-gaps-');

/** Texts a customer might send about one thing, near repeats as real traffic has them. */
const LOCKER = [
  'can i rent a locker for my clubs',
  'can i rent a locker for my clubs?',
  'Can I rent a locker for my clubs pls',
  'can i rent a locker for my clubs thx',
];

/** A PGlite data folder with this hour's decisions: the locker texts below threshold, and confident answers. */
async function seeded(): Promise<string> {
  const dataDir = tempDir();
  const db = await createPgliteDb({ dataDir: join(dataDir, 'pglite') });
  await runMigrations(db, MIGRATIONS);
  for (const [i, text] of [...LOCKER, null, null, null].entries()) {
    await db.query(
      `INSERT INTO sop_decisions (created_at, route, mode, answered_by, reason, percentage, threshold, latency_ms, sop_confidence, config_version, message)
       VALUES (now() - $1 * interval '1 minute', 'help', 'rollout', $2, $3, 100, 0.75, 5, $4, 'abc', $5)`,
      [i + 1, text ? 'assistant' : 'sop', text ? 'low_confidence' : 'confident', text ? 0.3 : 0.9, text],
    );
  }
  await db.close();
  return dataDir;
}

describe('sop gaps', () => {
  it('reports the topics of the week with their texts, as text and as JSON', { timeout: 120_000 }, async () => {
    const dataDir = await seeded();
    const sops = tempDir();
    writeFiles(sops, HELP_DOCS);
    const report = runSopJson<GapReport>(['gaps', '--json', '--sops', sops], { env: { DATA_DIR: dataDir } });
    expect(report.texts).toBe(LOCKER.length);
    expect(report.topics).toHaveLength(1);
    expect(report.topics[0]).toMatchObject({ texts: 4, trend: 'new', route: 'help', share: 0.5714 });
    expect(report.topics[0]!.words).toContain('locker');
    expect(report.topics[0]!.closest?.sop).toMatch(/^help\//);
    const text = runSop(['gaps', '--sops', sops], { env: { DATA_DIR: dataDir } });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(
      /^Gaps \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d, all routes: 4 texts answered below threshold or judged worse, 1 topics, 0 texts in none\n/,
    );
    expect(text.stdout).toContain('4 texts from 4 customers (new) · 57.1% of help traffic · mean confidence 0.30');
    expect(text.stdout).toContain('   > can i rent a locker for my clubs');
  });

  it("proposes a topic's texts as questions of an SOP on a local branch", { timeout: 120_000 }, async () => {
    const dataDir = await seeded();
    const repo = tempDir();
    writeFiles(join(repo, 'sops'), HELP_DOCS);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-q', '-m', 'sops');
    const env = { DATA_DIR: dataDir, PROPOSALS_REPO: repo, SOPS_DIR: join(repo, 'sops') };
    const [topic] = runSopJson<GapReport>(['gaps', '--json', '--days', '3'], { env }).topics;
    const run = runSop(['gaps', 'propose', topic!.id, '--sop', 'help/lost-property.md', '--days', '3'], { env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^\d+ questions added to sops\/help\/lost-property\.md proposed in branch \S+\n$/);
    const branch = run.stdout.trim().split(' ').at(-1)!;
    expect(git('show', `${branch}:sops/help/lost-property.md`)).toContain('- can i rent a locker for my clubs');
    // "Not ours": marked, and its texts proposed as out-of-scope questions.
    const notOurs = runSop(['gaps', 'not-ours', topic!.id, '--by', 'Ana'], { env });
    expect(notOurs.stdout).toMatch(
      new RegExp(`^${topic!.id} marked out of scope; \\d+ texts added to calibration/out-of-scope\\.txt proposed in branch \\S+\\n$`),
    );
    expect(git('show', `knowledge/gaps-${topic!.id}-out-of-scope:calibration/out-of-scope.txt`)).toContain('can i rent a locker for my clubs');
    const marked = runSopJson<GapReport>(['gaps', '--json'], { env }).topics[0]!;
    expect(marked.mark).toMatchObject({ mark: 'out_of_scope', by: 'Ana', link: expect.stringMatching(/^branch knowledge\//) });
    expect(runSop(['gaps'], { env }).stdout).toMatch(/ {3}marked not ours by Ana on \d{4}-\d\d-\d\d \(branch knowledge\/\S+\)\n/);
    // "A new SOP is needed" replaces the mark; a local repository has no issues, so the mark is the list.
    expect(runSop(['gaps', 'new-sop', topic!.id, '--by', 'Ben'], { env }).stdout).toBe(
      `${topic!.id} marked as needing a new SOP; listed in \`sop gaps marked\` (the local repository has no issues)\n`,
    );
    expect(runSopJson<{ marks: unknown[] }>(['gaps', 'marked', '--json'], { env }).marks).toEqual([
      expect.objectContaining({ topic: topic!.id, mark: 'new_sop', by: 'Ben', link: null, texts: 4, examples: topic!.examples }),
    ]);
    expect(runSop(['gaps', 'marked'], { env }).stdout).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\d  new SOP needed  \\S.* \\[${topic!.id}\\], 4 texts, by Ben\\n {4}> `),
    );
    const unknown = runSop(['gaps', 'propose', 'no-such-topic', '--sop', 'help/lost-property.md'], { env });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(`no topic no-such-topic in the last 7 days: topics are ${topic!.id}`);
  });

  it('rejects a threshold outside 0 to 1 and a period under a day', () => {
    expect(runSop(['gaps', '--threshold', '2']).stderr).toContain('expected a number from 0 to 1');
    expect(runSop(['gaps', '--days', '0']).status).toBe(2);
  });
});
