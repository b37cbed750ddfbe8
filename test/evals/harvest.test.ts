import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normaliseQuestion } from '../../src/assistant/recorded.ts';
import { parseSinceDate, registerHarvest, runHarvest } from '../../src/cli/eval-harvest.ts';
import { InputError } from '../../src/errors.ts';
import { formatCasesJsonl, harvestCases } from '../../src/evals/harvest.ts';
import { createLocalPrHost } from '../../src/git/index.ts';
import { DATABASES, truncateAll, type TestDb } from '../db/databases.ts';
import { makeSopsRepo } from '../git/sops-repo.ts';

type Seed = {
  id: string;
  at: string;
  query: string;
  assistant?: string | null;
  verdict?: 'better' | 'same' | 'worse' | null;
  sources?: { id: string; title: string; score: number }[];
  confidence?: number | null;
  route?: string | null;
};

const FROZEN = [
  { id: 'tech/frozen-screen.md#reply', title: 'Frozen screen', score: 0.82 },
  { id: 'tech/ball-tracking.md#reply', title: 'Ball tracking', score: 0.41 },
];
const SINCE = new Date('2026-05-01T00:00:00Z');
const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-${n.toString(16).padStart(12, '0')}`;
const noExisting = { existing: new Set<string>() };

describe.each(DATABASES)('harvesting shadow comparisons on $name', ({ open }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.drop());
  beforeEach(() => truncateAll(t.db));

  const seed = async (...rows: Seed[]) => {
    for (const r of rows) {
      await t.db.query(
        `INSERT INTO sop_shadow_comparisons (id, created_at, route, query, assistant_response, sop_response, sop_confidence, sop_sources, verdict)
         VALUES ($1, $2, $3, $4, $5, 'the SOP reply', $6, $7::jsonb, $8)`,
        [r.id, r.at, r.route === undefined ? 'tech' : r.route, r.query, r.assistant === undefined ? 'Restart the PC.' : r.assistant, r.confidence === undefined ? 0.8 : r.confidence, JSON.stringify(r.sources ?? FROZEN), r.verdict ?? null],
      );
    }
  };

  it("labels a case with the first source's document only when a reviewer said better or same", async () => {
    await seed(
      { id: uuid(1), at: '2026-05-02T10:00:00Z', query: 'screen stuck on loading', verdict: 'better' },
      { id: uuid(2), at: '2026-05-02T11:00:00Z', query: 'ball not showing up on the screen', verdict: 'same', route: null, sources: [{ id: 'tech/ball-tracking.md', title: 'Ball tracking', score: 0.7 }] },
      { id: uuid(3), at: '2026-05-02T12:00:00Z', query: 'can I bring my dog', verdict: 'worse' },
      { id: uuid(4), at: '2026-05-02T13:00:00Z', query: 'projector is off', verdict: null },
    );
    const result = await harvestCases(t.db, { since: SINCE, ...noExisting });
    expect(result).toEqual({
      cases: [
        { id: 'harvest-00000001', route: 'tech', query: 'screen stuck on loading', assistant_response: 'Restart the PC.', provenance: 'recorded', expected_source: 'tech/frozen-screen.md', tags: ['harvested', 'verdict_better'] },
        { id: 'harvest-00000002', route: null, query: 'ball not showing up on the screen', assistant_response: 'Restart the PC.', provenance: 'recorded', expected_source: 'tech/ball-tracking.md', tags: ['harvested', 'verdict_same'] },
      ],
      needsLabel: 2,
      skipped: { duplicate: 0, noAssistant: 0 },
    });
  });

  it.each([
    ['declined (confidence below the threshold)', { confidence: 0.31 }],
    ['without a confidence (the module failed)', { confidence: null }],
    ['without sources', { sources: [] }],
  ])('does not take a verdict on an answer %s as a label', async (_, row) => {
    await seed({ id: uuid(5), at: '2026-05-03T09:00:00Z', query: 'my clubs are in the bay, can someone open it', verdict: 'better', ...row });
    expect(await harvestCases(t.db, { since: SINCE, ...noExisting })).toEqual({ cases: [], needsLabel: 1, skipped: { duplicate: 0, noAssistant: 0 } });
  });

  it('skips comparisons without an Assistant reply', async () => {
    await seed(
      { id: uuid(6), at: '2026-05-03T09:00:00Z', query: 'screen frozen', verdict: 'better', assistant: null },
      { id: uuid(7), at: '2026-05-03T09:05:00Z', query: 'screen frozen again', verdict: 'better', assistant: '   ' },
    );
    expect(await harvestCases(t.db, { since: SINCE, ...noExisting })).toEqual({ cases: [], needsLabel: 0, skipped: { duplicate: 0, noAssistant: 2 } });
  });

  it('skips questions the suite has, and repeats within the batch, keeping the oldest labelled one', async () => {
    await seed(
      { id: uuid(8), at: '2026-05-04T08:00:00Z', query: 'Is the bay FROZEN?!', verdict: 'better' }, // in the suite already
      { id: uuid(9), at: '2026-05-04T08:30:00Z', query: 'where do I park', verdict: null }, // labelled later in the batch
      { id: uuid(10), at: '2026-05-04T09:00:00Z', query: 'Where do I park?', verdict: 'same', sources: [{ id: 'booking/parking.md#reply', title: 'Parking', score: 0.9 }] },
      { id: uuid(11), at: '2026-05-04T09:30:00Z', query: 'where do i PARK', verdict: 'better', sources: FROZEN },
      { id: uuid(12), at: '2026-05-04T10:00:00Z', query: 'wifi password?', verdict: null },
      { id: uuid(13), at: '2026-05-04T10:30:00Z', query: 'WiFi password', verdict: 'worse' },
      { id: uuid(14), at: '2026-05-04T11:00:00Z', query: 'the sim restarted by itself', verdict: 'better' }, // its id is in the suite
    );
    const result = await harvestCases(t.db, { since: SINCE, existing: new Set([normaliseQuestion('is the bay frozen')]), existingIds: new Set(['harvest-0000000e']) });
    expect(result.cases.map((c) => [c.id, c.query, c.expected_source])).toEqual([['harvest-0000000a', 'Where do I park?', 'booking/parking.md']]);
    // The suite's question and id, the unlabelled and the later labelled "park", and the second "wifi".
    expect(result.skipped).toEqual({ duplicate: 5, noAssistant: 0 });
    expect(result.needsLabel).toBe(1);
  });

  it('redacts the query and the reply again, with the names found in the query', async () => {
    await seed({ id: uuid(15), at: '2026-05-05T20:00:00Z', query: 'hi this is Sam, the screen froze in bay 3, call me on 555-123-4567', assistant: 'Press Alt+F4, Sam.', verdict: 'better' });
    const [found] = (await harvestCases(t.db, { since: SINCE, ...noExisting })).cases;
    expect(found).toMatchObject({ query: 'hi this is [name], the screen froze in bay 3, call me on [phone]', assistant_response: 'Press Alt+F4, [name].' });
  });

  it('takes comparisons logged from the start of --since on, with the same ids every time', async () => {
    await seed(
      { id: uuid(16), at: '2026-04-30T23:59:59Z', query: 'too early', verdict: 'better' },
      { id: uuid(17), at: '2026-05-01T00:00:00Z', query: 'just in time', verdict: 'better' },
    );
    const first = await harvestCases(t.db, { since: SINCE, ...noExisting });
    const again = await harvestCases(t.db, { since: SINCE, ...noExisting });
    expect(first.cases.map((c) => c.id)).toEqual(['harvest-00000011']);
    expect(again).toEqual(first);
  });

  describe('runHarvest into a file', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'sop-harvest-'));
      return () => rmSync(dir, { recursive: true, force: true });
    });

    it('appends new cases after the last line, deduplicated against every file in the folder, and adds nothing the second time', async () => {
      const evals = join(dir, 'evals');
      mkdirSync(evals);
      writeFileSync(join(evals, 'tech.jsonl'), `${JSON.stringify({ id: 'tech-001', route: 'tech', query: 'Screen frozen!', expected_source: 'tech/frozen-screen.md' })}\n`);
      const earlier = JSON.stringify({ id: 'harvest-99999999', route: 'tech', query: 'old one', expected_source: 'tech/frozen-screen.md' });
      writeFileSync(join(evals, 'harvested.jsonl'), earlier); // no final newline
      await seed(
        { id: uuid(18), at: '2026-05-02T10:00:00Z', query: 'screen frozen', verdict: 'better' },
        { id: uuid(19), at: '2026-05-02T11:00:00Z', query: 'trackman wont start', verdict: 'same' },
        { id: uuid(20), at: '2026-05-02T12:00:00Z', query: 'how much is an hour', verdict: null },
      );
      const out = join(evals, 'harvested.jsonl');

      const run = await runHarvest({ db: t.db, since: '2026-05-01', out });
      expect(run.message).toBe(`1 case written to ${out} (1 comparison needs a reviewer's verdict, 1 duplicate skipped)`);
      const lines = readFileSync(out, 'utf8').split('\n');
      expect(lines).toEqual([earlier, expect.stringContaining('"id":"harvest-00000013"'), '']);
      expect(JSON.parse(lines[1]!)).toEqual({ id: 'harvest-00000013', route: 'tech', query: 'trackman wont start', assistant_response: 'Restart the PC.', provenance: 'recorded', expected_source: 'tech/frozen-screen.md', tags: ['harvested', 'verdict_same'] });

      const again = await runHarvest({ db: t.db, since: '2026-05-01', out });
      expect(again.message).toBe(`0 cases written to ${out} (1 comparison needs a reviewer's verdict, 2 duplicates skipped)`);
      expect(readFileSync(out, 'utf8')).toBe(`${lines.join('\n')}`);
    });

    it('creates the file and its folder, and leaves no file when there is nothing to write', async () => {
      const out = join(dir, 'new', 'cases.jsonl');
      await runHarvest({ db: t.db, since: '2026-05-01', out });
      expect(existsSync(out)).toBe(false);
      await seed({ id: uuid(21), at: '2026-05-02T10:00:00Z', query: 'screen frozen', verdict: 'better' });
      const run = await runHarvest({ db: t.db, since: '2026-05-01', out });
      expect(readFileSync(out, 'utf8')).toBe(formatCasesJsonl(run.cases));
      expect(run.cases).toHaveLength(1);
    });

    it('stops at a line of the suite that is not JSON, naming the file and line', async () => {
      writeFileSync(join(dir, 'booking.jsonl'), '{"id":"booking-001","query":"hours?"}\n{oops\n');
      await expect(runHarvest({ db: t.db, since: '2026-05-01', out: join(dir, 'harvested.jsonl') })).rejects.toThrow(`${join(dir, 'booking.jsonl')}:2: not valid JSON`);
    });
  });

  describe('runHarvest --pr with the local host', () => {
    let repo: string;
    let git: (...args: string[]) => string;
    const BASE_CASE = JSON.stringify({ id: 'harvest-99999999', route: 'tech', query: 'only on the base branch', expected_source: 'tech/frozen-screen.md' });
    beforeEach(() => {
      repo = mkdtempSync(join(tmpdir(), 'sop-harvest-repo-'));
      git = makeSopsRepo(repo);
      mkdirSync(join(repo, 'evals'));
      writeFileSync(join(repo, 'evals', 'tech.jsonl'), `${JSON.stringify({ id: 'tech-001', query: 'screen frozen', expected_source: 'tech/frozen-screen.md' })}\n`);
      writeFileSync(join(repo, 'evals', 'harvested.jsonl'), `${BASE_CASE}\n`);
      git('add', '.');
      git('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-q', '-m', 'evals');
      return () => rmSync(repo, { recursive: true, force: true });
    });

    it('proposes the new lines on a branch, leaves the work tree alone, and is idempotent', async () => {
      // The work tree lacks the base branch's harvested file: its case must still count as known.
      rmSync(join(repo, 'evals', 'harvested.jsonl'));
      const status = git('status', '--porcelain');
      await seed(
        { id: uuid(22), at: '2026-05-02T10:00:00Z', query: 'Screen frozen.', verdict: 'better' },
        { id: uuid(23), at: '2026-05-02T10:30:00Z', query: 'Only on the base branch', verdict: 'better' },
        { id: uuid(24), at: '2026-05-02T11:00:00Z', query: 'trackman wont start', verdict: 'same' },
        { id: uuid(25), at: '2026-05-02T12:00:00Z', query: 'ball not registering', verdict: 'better' },
      );
      const host = createLocalPrHost({ repo });
      const out = join(repo, 'evals', 'harvested.jsonl');

      const run = await runHarvest({ db: t.db, since: '2026-05-01', out, pr: { host } });
      expect(run.message).toBe("2 cases proposed in branch knowledge/evals-harvest-2026-05-01 (evals/harvested.jsonl) (0 comparisons need a reviewer's verdict, 2 duplicates skipped)");
      expect(git('show', 'knowledge/evals-harvest-2026-05-01:evals/harvested.jsonl').split('\n')).toEqual([BASE_CASE, ...formatCasesJsonl(run.cases).trimEnd().split('\n')]);
      expect(run.cases.map((c) => c.id)).toEqual(['harvest-00000018', 'harvest-00000019']);
      expect(git('log', '-1', '--format=%s', 'knowledge/evals-harvest-2026-05-01')).toBe('evals: 2 cases harvested from shadow comparisons since 2026-05-01');
      expect(git('log', '-1', '--format=%b', 'knowledge/evals-harvest-2026-05-01')).toContain('| harvest-00000019 | tech | tech/frozen-screen.md | better | ball not registering |');
      expect(git('diff', '--name-only', 'main...knowledge/evals-harvest-2026-05-01')).toBe('evals/harvested.jsonl');
      expect(git('status', '--porcelain')).toBe(status);
      expect(existsSync(out)).toBe(false);

      const again = await runHarvest({ db: t.db, since: '2026-05-01', out, pr: { host } });
      expect(again.proposal).toEqual({ ...run.proposal, updated: false });
      expect(again.message).toContain('2 cases already proposed, unchanged, in branch knowledge/evals-harvest-2026-05-01');
    });

    it('opens nothing when there is nothing new, and needs a host', async () => {
      const host = createLocalPrHost({ repo });
      const out = join(repo, 'evals', 'harvested.jsonl');
      const run = await runHarvest({ db: t.db, since: '2026-05-01', out, pr: { host } });
      expect(run).toMatchObject({ proposal: null, message: "0 cases harvested, nothing to propose (0 comparisons need a reviewer's verdict, 0 duplicates skipped)" });
      expect(git('branch', '--list', 'knowledge/*')).toBe('');
      await expect(runHarvest({ db: t.db, since: '2026-05-01', out, pr: { host: null } })).rejects.toThrow('--pr needs somewhere to propose: set PROPOSALS_REPO');
    });
  });
});

describe('--since', () => {
  it('is the start of the day in UTC', () => {
    expect(parseSinceDate('2026-05-01')).toEqual(new Date('2026-05-01T00:00:00Z'));
  });

  it.each(['2026-02-30', '2026/05/01', '05-01-2026', '2026-5-1', 'yesterday', ''])('refuses "%s" with the expected format', (value) => {
    expect(() => parseSinceDate(value)).toThrow(new InputError(`--since expects a date as YYYY-MM-DD (e.g. 2026-05-01), got "${value}"`));
  });

  it('is required and checked by the command before anything is opened', async () => {
    const errors: string[] = [];
    const program = new Command('sop').exitOverride().configureOutput({ writeErr: (s) => void errors.push(s), writeOut: () => {} });
    registerHarvest(program.command('eval').exitOverride());
    await expect(program.parseAsync(['eval', 'harvest', '--since', '2026/05/01'], { from: 'user' })).rejects.toBeInstanceOf(CommanderError);
    await expect(program.parseAsync(['eval', 'harvest'], { from: 'user' })).rejects.toBeInstanceOf(CommanderError);
    expect(errors).toEqual([
      `error: option '--since <date>' argument '2026/05/01' is invalid. --since expects a date as YYYY-MM-DD (e.g. 2026-05-01), got "2026/05/01"\n`,
      `error: required option '--since <date>' not specified\n`,
    ]);
  });
});
